"""One module per article of the 准则; importing one declares its rules."""
