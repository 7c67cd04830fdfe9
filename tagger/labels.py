"""The label scheme (see DESIGN.md): five core labels and the extended ones."""

CORE_LABELS = ("author", "title", "venue", "year", "pages")
EXTENDED_LABELS = (
    "editor",
    "volume",
    "issue",
    "publisher",
    "location",
    "edition",
    "doi",
    "url",
    "identifier",
    "series",
    "note",
    "marker",
)
LABELS = CORE_LABELS + EXTENDED_LABELS
# Corpora may also label a span "other" (a source tag with no place in the scheme): it counts as unlabelled.
OTHER = "other"
# The CRF's label for a token outside every span.
OUTSIDE = "O"
