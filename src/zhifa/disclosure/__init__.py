"""行政执法公示: redaction of personal information before publication (准则第十条)."""
