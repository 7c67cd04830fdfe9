"""Checking the strings given to the tagger and handing them over in batches.

Every string is checked as it is taken (``TypeError`` for anything but a ``str``; a warning for one longer
than :data:`MAX_LENGTH`), and a batch is tagged with Python's cyclic garbage collector paused.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import sys
import warnings
from collections.abc import Iterable, Iterator

from tagger.errors import ReferenceTooLongWarning

# Characters of one reference that are tagged. Real references are a few hundred characters; longer
# input is usually a whole reference list or a page on one line. Beyond this, only the first
# MAX_LENGTH characters are tagged, the text is kept whole, and a ReferenceTooLongWarning is issued.
MAX_LENGTH = 10_000


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch is tagged.

    A batch keeps tens of thousands of small containers alive until it is
    done (tokens, attribute lists, spans); on Python 3.11 each promotion of
    that many objects sets off a full collection over every object in the
    process, which cost a fifth of parsing time. Tagging creates no reference
    cycles, so nothing waits longer to be freed; whatever other threads create
    meanwhile is collected once the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_text(text: object) -> None:
    """Raise ``TypeError`` for anything but a ``str``; warn about a reference longer than ``MAX_LENGTH``."""
    if not isinstance(text, str):
        raise TypeError(f"a reference must be a str, not {type(text).__name__}: {text!r:.80}")
    if len(text) > MAX_LENGTH:
        warnings.warn(
            f"a reference of {len(text):,} characters: only the first {MAX_LENGTH:,} were tagged "
            f"(it begins {text[:40]!r})",
            ReferenceTooLongWarning,
            stacklevel=caller_level(),
        )


_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


def caller_level() -> int:
    """The ``stacklevel`` of the nearest caller outside this package, for ``warnings.warn``."""
    level, frame = 1, sys._getframe(1)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    return level


def batched(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    """``texts`` in lists of ``size``, each text checked (and long ones warned about) in this process."""
    try:
        iterator = iter(texts)
    except TypeError:
        raise TypeError(f"parse_many takes an iterable of reference strings, not {type(texts).__name__}") from None
    while batch := list(itertools.islice(iterator, size)):
        for text in batch:
            check_text(text)
        yield batch
