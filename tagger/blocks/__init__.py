"""Splitting a pasted reference section into references (the step before parsing when references are not one
per line): numbered, blank-separated and indented lists in :mod:`tagger.blocks.sections`, flush lists in
:mod:`tagger.blocks.flush`."""

from tagger.blocks.sections import split_references, split_references_with

__all__ = ["split_references", "split_references_with"]
