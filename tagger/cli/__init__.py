"""The ``reftagger`` command line.

``main`` and the parser in :mod:`tagger.cli.main`; what the commands share in :mod:`tagger.cli.common`;
``parse`` and its input in :mod:`tagger.cli.parse` and :mod:`tagger.cli.inputs`; ``parse-parquet`` (on Dask) in
:mod:`tagger.cli.parquet`; ``convert``, ``stats`` and ``synth`` in :mod:`tagger.cli.corpus`; the researcher's
commands in :mod:`tagger.cli.research`.
"""

from tagger.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
