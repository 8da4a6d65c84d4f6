"""标准执法文书: the content model of each standard document, the element checker and PDF rendering."""
