"""The versions of Python and of the libraries a model or a measurement depends on, for meta.json and reports."""

from __future__ import annotations

import platform
from importlib import metadata


def versions() -> dict[str, str]:
    """The versions of Python and of the libraries a model depends on."""
    return {"python": platform.python_version(), **{
        package: version_of(package)
        for package in ("reftagger", "spacy", "sklearn-crfsuite", "python-crfsuite", "datasets", "numpy")}}


def version_of(package: str) -> str:
    """An installed distribution's version, or ``not installed``."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"
