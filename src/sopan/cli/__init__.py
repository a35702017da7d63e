"""The `sopan` command line: ``main`` runs it (the console script ``sopan = "sopan.cli:main"``).

``main.py`` holds the application and the library commands (check, schema, new, show, simulate, serve),
``render.py`` the documents (render, book), ``calendar.py`` the office's working calendar (kalender), and
``options.py`` what they share: the ``--lang`` option and the consoles.
"""

from .main import app, main

__all__ = ["app", "main"]
