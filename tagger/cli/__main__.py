"""``python -m tagger.cli``: the same as ``reftagger``."""

import sys

from tagger.cli.main import main

sys.exit(main())
