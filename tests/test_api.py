"""The public names of ``import tagger``: the version, and what the library exports."""

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import tagger

REPOSITORY = Path(__file__).resolve().parent.parent


def test_the_version_is_the_installed_distributions():
    assert tagger.__version__ == metadata.version("reftagger")


def test_reftagger_version_prints_it(capsys):
    result = subprocess.run([sys.executable, "-m", "tagger.cli", "--version"], capture_output=True, text=True,
                            cwd=REPOSITORY)
    assert result.returncode == 0 and result.stdout == f"reftagger {tagger.__version__}\n"


def test_every_exported_name_is_there():
    for name in tagger.__all__:
        assert getattr(tagger, name) is not None, name
    assert callable(tagger.dumps) and callable(tagger.split_references) and callable(tagger.default_tagger)
