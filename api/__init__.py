"""The HTTP API (FastAPI): thin routers over the domain services.

`api.app.create_app(settings)` builds the app; `graph-mtl serve` runs it with uvicorn.
"""
