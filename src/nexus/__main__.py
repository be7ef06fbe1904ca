"""`python -m nexus` runs the command line."""

from .cli import main

main()
