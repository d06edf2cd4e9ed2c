"""``python -m bot`` is the same program as the ``careerbot`` command."""

from .cli import main

main()
