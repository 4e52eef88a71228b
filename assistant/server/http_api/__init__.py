"""The HTTP API: the ASGI app, its middleware, routes and request and response shapes."""
