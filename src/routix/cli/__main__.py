"""``python -m routix.cli``: the same as the ``routix`` command."""

from routix.cli import main

main()
