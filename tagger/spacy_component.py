"""reftagger as a spaCy pipeline component: ``nlp.add_pipe("reference_fields")``.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("reference_fields")
>>> doc = nlp("Smith, J. (2001). A title. J. Biol., 3(2), 1-10.")
>>> [(span.label_, span.text) for span in doc.spans["reference_fields"]][:2]
[('author', 'Smith, J.'), ('year', '2001).')]
>>> doc._.reference.fields["title"]
['A title']

Each ``Doc`` is one reference string. The component parses ``doc.text`` with
reftagger's own tokenizer and model, exactly as :func:`tagger.parse` does, and
puts the fields in ``doc.spans["reference_fields"]`` as spaCy spans with the
exact character offsets :func:`tagger.parse` gives. ``doc._.reference`` is the
:class:`tagger.Reference` those spans make (its ``fields``, ``to_dict()``,
``to_bibtex()``...), equal to ``tagger.parse(doc.text)``.

How tokens and fields relate: a spaCy span covers whole tokens, and the
pipeline's tokenizer may not split where a field begins or ends (spaCy's
English tokenizer keeps ``3(2),`` as one token where reftagger reads volume
``3`` and issue ``2``). The component then splits that token at the field's
edges (as spaCy's ``Doc.retokenize().split`` does, the pieces attached to the
token's head), so the spans stay exact; tokens are never merged, and a token
no field edge falls inside is left as it was. Components after this one see
the split tokens.

spaCy finds the component through the ``spacy_factories`` entry point, so
``add_pipe`` works once reftagger is installed, without importing :mod:`tagger`
first. Config: ``model`` (a model directory, or ``None`` for the shipped model)
and ``confidence`` (each span's probability of being exactly right, as
``Tagger.parse(confidence=True)``, on the spaCy spans as ``span._.confidence``
and in ``doc._.reference``). ``nlp.to_disk`` copies a model given by path into
the pipeline's directory, so the saved pipeline loads anywhere ``spacy.load``
runs with reftagger installed. ``nlp.pipe(texts, n_process=2)`` works: each
worker process loads the model once.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from tagger.model import Tagger
    from tagger.reference import Reference

NAME = "reference_fields"
CONFIG_FILE = "cfg.json"
MODEL_DIRECTORY = "model"


def _reference(doc: Doc) -> Reference | None:
    """``doc._.reference``: the Reference the component's spans make (``None`` before it ran). Built from
    the spans, not stored, so that docs keep crossing process boundaries as spaCy serialises them."""
    if NAME not in doc.spans:
        return None
    from tagger.reference import Reference
    from tagger.reference import Span as Field

    return Reference(doc.text, tuple(Field(span.start_char, span.end_char, span.label_, span.text,
                                           span._.confidence) for span in doc.spans[NAME]))


if not Doc.has_extension("reference"):
    Doc.set_extension("reference", getter=_reference)
if not Span.has_extension("confidence"):
    Span.set_extension("confidence", default=None)


@Language.factory(NAME, default_config={"model": None, "confidence": False})
def make_reference_fields(nlp: Language, name: str, model: str | None, confidence: bool) -> ReferenceFields:
    """The factory spaCy calls for ``nlp.add_pipe("reference_fields", config={...})``."""
    return ReferenceFields(name, model=model, confidence=confidence)


class ReferenceFields:
    """Parses each ``Doc`` as one reference string (see the module's description). The model is loaded
    when first needed, so the component is cheap to add, to pickle into ``nlp.pipe(n_process=...)``'s
    worker processes and to load from disk. (A saved pipeline's config still names the model path given
    to ``add_pipe``; ``from_disk`` then points the component at its own copy, so the path is not checked
    before the first document.)"""

    def __init__(self, name: str = NAME, *, model: str | Path | None = None, confidence: bool = False) -> None:
        if model is not None and not isinstance(model, (str, Path)):
            raise TypeError(f"{name}: 'model' must be a model directory's path or None, got {model!r}")
        self.name = name
        self.model = None if model is None else str(model)
        self.confidence = bool(confidence)
        self._tagger: Tagger | None = None

    @property
    def tagger(self) -> Tagger:
        """The reftagger model, loaded on first use (a missing or corrupt model raises the project's
        ``ModelNotFoundError`` / ``ModelCorruptError`` naming the path)."""
        if self._tagger is None:
            from tagger.model import shared_tagger

            self._tagger = shared_tagger(self.model)
        return self._tagger

    def __call__(self, doc: Doc) -> Doc:
        return _annotate(doc, self.tagger.parse(doc.text, confidence=self.confidence))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Parse a stream of docs a batch at a time (the tagger's batched path, as ``parse_many``)."""
        docs = iter(docs)
        while batch := list(itertools.islice(docs, batch_size)):
            yield from self._parse_batch(batch)

    def _parse_batch(self, docs: list[Doc]) -> Iterator[Doc]:
        references = self.tagger.parse_many([doc.text for doc in docs], batch_size=max(1, len(docs)),
                                            confidence=self.confidence)
        for doc, reference in zip(docs, references):
            yield _annotate(doc, reference)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the settings and, for a model given by path, a copy of the model, so that the saved
        pipeline does not depend on where the model was."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        model = None
        if self.model is not None:
            from tagger.model import META_FILE, MODEL_FILE

            target = path / MODEL_DIRECTORY
            target.mkdir(exist_ok=True)
            for name in (MODEL_FILE, META_FILE):
                shutil.copyfile(Path(self.model) / name, target / name)
            model = MODEL_DIRECTORY
        settings = {"model": model, "confidence": self.confidence}
        (path / CONFIG_FILE).write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ReferenceFields:
        """Read what :meth:`to_disk` wrote: the model copied beside the settings, if there is one."""
        path = Path(path)
        try:
            settings = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            from tagger.errors import ModelNotFoundError

            raise ModelNotFoundError(f"{path / CONFIG_FILE}: cannot read the {self.name} component's "
                                     f"settings ({error})") from None
        self.model = None if settings.get("model") is None else str(path / settings["model"])
        self.confidence = bool(settings.get("confidence", self.confidence))
        self._tagger = None
        return self

    def __getstate__(self) -> dict:
        """Pickled without the loaded model: a worker process loads its own."""
        return {**self.__dict__, "_tagger": None}


def _annotate(doc: Doc, reference: Reference) -> Doc:
    """Put ``reference``'s spans on ``doc``, splitting the tokens a field's edge falls inside."""
    _split_tokens(doc, {edge for field in reference.spans for edge in (field.start, field.end)})
    spans = []
    for field in reference.spans:
        span = doc.char_span(field.start, field.end, label=field.label)
        span._.confidence = field.confidence
        spans.append(span)
    doc.spans[NAME] = spans
    return doc


def _split_tokens(doc: Doc, edges: set[int]) -> None:
    """Split every token of ``doc`` that one of the character offsets ``edges`` falls strictly inside."""
    cuts = []
    for token in doc:
        inside = sorted(edge - token.idx for edge in edges if token.idx < edge < token.idx + len(token.text))
        if inside:
            bounds = [0, *inside, len(token.text)]
            cuts.append((token, [token.text[begin:end] for begin, end in zip(bounds, bounds[1:])]))
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for token, pieces in cuts:
            # Each piece hangs on the first; the first keeps the token's own head (itself when unparsed).
            head = (token, 0) if token.head.i == token.i else token.head
            retokenizer.split(token, pieces, heads=[head] + [(token, 0)] * (len(pieces) - 1))


__all__ = ["NAME", "ReferenceFields", "make_reference_fields"]
