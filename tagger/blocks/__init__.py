"""Reference sections cut into references: how lines start and end (:mod:`tagger.blocks.shapes`), the learned
line splitter (:mod:`tagger.blocks.lines`), pasted sections (:mod:`tagger.blocks.sections`), and papers as PDF
or text (:mod:`tagger.blocks.pdf`, :mod:`tagger.blocks.headings`, :mod:`tagger.blocks.find`)."""

from tagger.blocks.sections import split_references, split_references_with, split_section

__all__ = ["split_references", "split_references_with", "split_section"]
