"""The researcher's side of reftagger: configurations (:mod:`~tagger.research.config`), training data
(:mod:`~tagger.research.data`), fitting CRFs (:mod:`~tagger.research.fit`), training a model directory
(:mod:`~tagger.research.training`), experiments (:mod:`~tagger.research.experiments`: cross-validation,
leave-one-corpus-out, learning curves; :mod:`~tagger.research.search`), and measuring
(:mod:`~tagger.research.metrics`, :mod:`~tagger.research.evaluation`, :mod:`~tagger.research.significance`,
:mod:`~tagger.research.analysis`, :mod:`~tagger.research.report`, :mod:`~tagger.research.plots`).

Nothing here is needed to parse; training needs the ``train`` extra (``pip install 'reftagger[train]'``).
"""

import sys


def tell(message: str) -> None:
    """One line of progress on stderr, flushed at once, so that a log file shows each stage as it happens."""
    print(message, file=sys.stderr, flush=True)
