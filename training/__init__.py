"""Researcher scripts over :mod:`tagger.research` (see training/README.md)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from tagger.errors import TaggerError


def run(main: Callable[[], int], prog: str) -> int:
    """Run a script's ``main``: a user mistake (a :class:`TaggerError`) ends in one line on stderr and exit
    status 1, as with ``reftagger``, never a traceback."""
    try:
        return main()
    except TaggerError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return 1
