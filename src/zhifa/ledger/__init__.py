"""执法全过程记录: the append-only Merkle ledger, its checkpoints, proofs and verification."""
