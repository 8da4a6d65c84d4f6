"""The kernel: clock, money, canonical JSON, errors and events shared by every area."""
