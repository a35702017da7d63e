"""Django's SQLite backend with a leaner BEGIN (``base.DatabaseWrapper``); the ``ENGINE`` sopan runs on SQLite."""
