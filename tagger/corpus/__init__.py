"""Labelled corpora: records read from any supported format (:mod:`tagger.corpus.formats`), checked, compared
(:mod:`tagger.corpus.records`), counted (:mod:`tagger.corpus.stats`) and loaded as a Hugging Face dataset
(:mod:`tagger.corpus.dataset`).

>>> from tagger.corpus import text_key
>>> text_key("Smith, J. (2001).")
'smithj2001'
"""

from tagger.corpus.dataset import load, to_dataset
from tagger.corpus.formats import read_jsonl, read_records
from tagger.corpus.records import CORPUS_LABELS, deduplicate, record_problem, remove_overlap, text_key

__all__ = ["CORPUS_LABELS", "deduplicate", "load", "read_jsonl", "read_records", "record_problem",
           "remove_overlap", "text_key", "to_dataset"]
