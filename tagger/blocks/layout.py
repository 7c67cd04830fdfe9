"""A reference section's lines as the splitter reads them: the text, and where the page put it when known.

Pasted text gives only the text (leading spaces kept); a PDF gives geometry
too. Both kinds reach the line splitter as :class:`SectionLine`; what the
geometry adds is measured in units that do not depend on the page size:
``fill`` as a share of the column's width and ``indent`` and ``gap`` in
multiples of the line's font size.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class SectionLine:
    """One line of a reference section.

    ``text``: the line as read, leading spaces kept, no line break.
    ``fill``: the line's width over its column's width (0 to about 1), ``None`` when unknown (pasted text).
    ``indent``: how far the line starts right of its column's left edge, in font sizes (ems); ``None`` when
    unknown.
    ``gap``: the vertical space between this line's top and the previous line's bottom on the same page and
    column, in font sizes; ``None`` when unknown or for a column's first line.
    ``page``: the 1-based page the line stands on, ``None`` when unknown.
    """

    text: str
    fill: float | None = None
    indent: float | None = None
    gap: float | None = None
    page: int | None = None

    @property
    def has_geometry(self) -> bool:
        return self.fill is not None
