"""The command line: serve, demo, db, verify, ledger, bench."""
