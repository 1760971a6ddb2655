"""`python -m stance` is the `stance` command."""

from stance.cli import main

main()
