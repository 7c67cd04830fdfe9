"""Handing strings to the tagger: each checked as it is taken, in batches, with the collector paused."""

import gc
import warnings

import pytest

from tagger.batching import MAX_LENGTH, batched, check_text, collector_paused
from tagger.errors import ReferenceTooLongWarning


def test_batches_keep_the_order_and_the_last_is_shorter():
    assert list(batched(iter(["a", "b", "c", "d", "e"]), 2)) == [["a", "b"], ["c", "d"], ["e"]]
    assert list(batched([], 3)) == []


@pytest.mark.parametrize("bad", [b"bytes", None, 3])
def test_anything_but_a_string_is_a_type_error_naming_its_type(bad):
    with pytest.raises(TypeError, match=f"a reference must be a str, not {type(bad).__name__}"):
        list(batched(["fine", bad], 5))


def test_a_long_reference_warns_at_the_callers_line():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_text("x" * (MAX_LENGTH + 1))
    assert [warning.category for warning in caught] == [ReferenceTooLongWarning]
    assert caught[0].filename == __file__  # the caller, not a line inside tagger


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_and_restored_even_on_an_error(enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(ValueError), collector_paused():
            assert not gc.isenabled()
            raise ValueError("inside a batch")
        assert gc.isenabled() == enabled
    finally:
        gc.enable()
