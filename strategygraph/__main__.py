"""``python -m strategygraph`` runs the CLI."""

from .cli import main

main()
