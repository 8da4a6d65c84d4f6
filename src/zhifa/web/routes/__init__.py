"""HTTP routes: JSON under /api, pages elsewhere."""
