"""The HTTP face of ikkan: a Flask app built by :func:`ikkan.web.app.create_app`, served by
gunicorn through :func:`ikkan.web.server.run_server`."""
