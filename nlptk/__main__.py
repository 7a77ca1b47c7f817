"""``python -m nlptk`` runs the command line."""

from nlptk.cli.app import main

main()
