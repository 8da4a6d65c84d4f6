"""The web door: FastAPI app, dependencies, error handlers, routes and templates."""
