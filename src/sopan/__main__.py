"""`python -m sopan` runs the sopan command."""

from .cli import main

main()
