"""``python -m corefine`` runs the command line."""

from corefine.cli.main import main

main()
