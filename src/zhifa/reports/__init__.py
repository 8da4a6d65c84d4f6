"""年度报告: the annual enforcement data report of a body or a region, its publication and deadline."""
