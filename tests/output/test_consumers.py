"""Every record of the shipped model's test data (its test files and the GROBID part it holds out), as BibTeX,
CSL-JSON and RIS, read by the programs that consume them (``training/check_records.py``): none may be refused,
lost or read back differently. biber's "missing mandatory field" is no fault: the reference lacks the field."""

from __future__ import annotations

import shutil

import pytest

from training.check_records import check, parse_texts, shipped_test_texts


@pytest.fixture(scope="module")
def results(shared_data):
    texts = [text for texts in shipped_test_texts().values() for text in texts]
    references = parse_texts(texts)
    assert len(references) > 2500
    return check(references)


@pytest.mark.parametrize("consumer", ["bibtexparser", "pybtex", "CSL-JSON schema and citeproc-py", "rispy"])
def test_every_entry_is_accepted(results, consumer):
    faults = results[consumer]["faults"]
    assert not faults, f"{len(faults)} of {results[consumer]['produced']} entries: {list(faults.items())[:5]}"


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed (Debian: apt-get install biber; "
                                                          ".ci/run installs it where it can)")
def test_biber_finds_no_invalid_field_value_or_name(results):
    faults = results["biber"]["faults"]
    assert not faults, f"{len(faults)} of {results['biber']['produced']} entries: {list(faults.items())[:5]}"
