"""Calibrated confidence: the isotonic map, its record in meta.json, and a model that uses it."""

import json
import shutil

import numpy as np
import pytest

from tagger import Tagger
from tagger.calibration import Calibration, reference_lowest
from tagger.errors import ModelCorruptError
from tagger.reference import Span
from tagger.research.evaluation import calibration_fields, fit_calibration

UNSURE = "Smith, J. 2001. Parsing things in Berlin: Springer 12(3) 45-67"  # the tiny model is unsure of its end


def with_calibration(tiny_model, folder, calibration: Calibration) -> Tagger:
    """The tiny model with ``calibration`` in its meta.json."""
    shutil.copytree(tiny_model, folder)
    meta = json.loads((folder / "meta.json").read_text())
    meta["calibration"] = calibration.to_meta()
    (folder / "meta.json").write_text(json.dumps(meta))
    return Tagger.load(folder)


def test_the_map_is_the_share_right_and_never_decreases():
    # Fields at raw 0.9 are right half the time, at 0.99 three times in four, at 0.5 never: the step at 0.7
    # (right) sits below 0.9's half, so pool adjacent violators merges them.
    confidences = [0.5, 0.5, 0.7, 0.9, 0.9, 0.9, 0.9, 0.99, 0.99, 0.99, 0.99]
    right = [False, False, True, False, True, False, True, True, True, True, False]
    calibration = Calibration.fit(confidences, right)
    assert calibration.raw == (0.5, pytest.approx(0.86), 0.99)
    assert calibration.calibrated == (0.0, 0.6, 0.75) and calibration.fields == 11
    assert calibration(0.5) == 0.0 and calibration(0.99) == 0.75 and calibration(1.0) == 0.75
    values = [calibration(x) for x in np.linspace(0, 1, 101)]
    assert values == sorted(values)


def test_a_calibration_round_trips_through_meta_and_a_bad_one_is_named():
    calibration = Calibration.fit([0.2, 0.6, 0.95], [False, True, True])
    assert Calibration.from_meta(json.loads(json.dumps(calibration.to_meta()))) == calibration
    assert Calibration.from_meta(None) is None
    for bad in ({"method": "platt"}, {"method": "isotonic", "raw": [0.9, 0.1], "calibrated": [0.5, 0.6]},
                {"method": "isotonic", "raw": [0.1], "calibrated": []}, "isotonic"):
        with pytest.raises(ModelCorruptError, match="m/meta.json: 'calibration'"):
            Calibration.from_meta(bad, "m/meta.json")
    with pytest.raises(ValueError):
        Calibration.fit([], [])


def test_fields_of_references_the_model_is_unsure_of_are_trusted_less():
    # At raw 0.9 a field is right 90% of the time in a reference whose weakest part is at 0.9 too, but only 60%
    # of the time where some other part of its reference is at 0.3: fitted with the reference lowest, the map
    # tells the two apart; fitted on the field's confidence alone, it cannot.
    rng = np.random.default_rng(0)
    confidences, lowest, right = [], [], []
    for weakest, share in ((0.9, 0.9), (0.3, 0.6)):
        for _ in range(2000):
            confidences.append(0.9)
            lowest.append(weakest)
            right.append(bool(rng.random() < share))
    for _ in range(500):  # the weak fields themselves
        confidences.append(0.3)
        lowest.append(0.3)
        right.append(bool(rng.random() < 0.3))
    calibration = Calibration.fit(confidences, right, lowest)
    field, reference, _ = calibration.weights
    assert reference > 0 and field > 0
    assert calibration(0.9, 0.9) == pytest.approx(0.9, abs=0.03)
    assert calibration(0.9, 0.3) == pytest.approx(0.6, abs=0.03)
    assert calibration(0.3, 0.3) < calibration(0.9, 0.3)  # order kept within a reference
    assert calibration(0.9) == calibration(0.9, 0.9)  # without a reference lowest, the field's own
    alone = Calibration.fit(confidences, right)
    assert alone.weights is None and alone(0.9) == pytest.approx((0.9 * 2000 + 0.6 * 2000) / 4000, abs=0.03)
    assert Calibration.from_meta(json.loads(json.dumps(calibration.to_meta()))) == calibration
    entry = calibration.to_meta()
    for bad in ({**entry, "weights": {"field": 1.0, "reference": 1.0}},
                {**entry, "weights": {"field": 1.0, "reference": float("nan"), "intercept": 0.0}},
                {**entry, "weights": {"field": 1e308, "reference": 1.0, "intercept": 0.0}},
                {**entry, "weights": [1.0, 1.0, 0.0]}, {**entry, "method": "isotonic"}, {**entry, "fields": "x"},
                {key: value for key, value in entry.items() if key != "weights"}):
        with pytest.raises(ModelCorruptError, match="m/meta.json: 'calibration'"):
            Calibration.from_meta(bad, "m/meta.json")
    with pytest.raises(ValueError):
        Calibration.fit([0.5, 0.6], [True, False], [0.5])


def test_a_model_with_a_calibration_reports_calibrated_confidence(tmp_path, tiny_model, tiny_records):
    raw = Tagger.load(tiny_model)
    calibration = fit_calibration(raw, tiny_records)
    assert calibration.fields == sum(len(raw.parse(record["text"]).fields.get(label, []))
                                     for record in tiny_records for label in raw.parse(record["text"]).fields)
    folder = tmp_path / "calibrated"
    shutil.copytree(tiny_model, folder)
    meta = json.loads((folder / "meta.json").read_text())
    meta["calibration"] = calibration.to_meta()
    (folder / "meta.json").write_text(json.dumps(meta))
    calibrated = Tagger.load(folder)
    text = tiny_records[0]["text"]
    before, after = raw.parse(text, confidence=True), calibrated.parse(text, confidence=True)
    assert [span.label for span in before.spans] == [span.label for span in after.spans]
    lowest = reference_lowest(before.spans)
    assert [span.confidence for span in after.spans] == [
        pytest.approx(calibration(span.confidence, lowest)) for span in before.spans]
    meta["calibration"] = {"method": "isotonic"}
    (folder / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelCorruptError, match="calibration"):
        Tagger.load(folder)


def test_the_reference_lowest_is_its_least_certain_span_with_a_word():
    spans = [Span(0, 6, "author", "Smith,", 0.9), Span(7, 8, "year", "(", 0.1), Span(8, 12, "year", "2001", 0.7)]
    assert reference_lowest(spans) == 0.7  # the bracket alone is no field
    assert reference_lowest(spans[1:2]) == 0.1  # but when there is nothing else, it is what there is
    assert reference_lowest([]) == 1.0


def test_a_field_is_trusted_less_where_the_rest_of_its_reference_is_unsure(tmp_path, tiny_model):
    # knots from 0 to 1: the calibrated confidence is sigmoid(logit(field) + logit(lowest) - 2)
    calibration = Calibration((0.0, 1.0), (0.0, 1.0), weights=(1.0, 1.0, -2.0))
    raw = Tagger.load(tiny_model).parse(UNSURE, confidence=True)
    calibrated = with_calibration(tiny_model, tmp_path / "m", calibration).parse(UNSURE, confidence=True)
    lowest = reference_lowest(raw.spans)
    assert lowest < 0.6 < max(span.confidence for span in raw.spans)
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    assert [span.confidence for span in calibrated.spans] == [
        pytest.approx(1 / (1 + np.exp(-(logit(span.confidence) + logit(lowest) - 2)))) for span in raw.spans]
    # the author, sure of itself, is pulled down by the unsure end of the reference
    author = calibrated.spans[0]
    assert author.label == "author" and author.confidence < calibration(raw.spans[0].confidence) - 0.05
    # the same model and map in parallel workers
    assert [reference.to_dict() for reference in Tagger.load(tmp_path / "m").parse_many(
        [UNSURE] * 3, n_process=2, batch_size=1, confidence=True)] == [calibrated.to_dict()] * 3


def test_a_model_with_a_map_of_the_field_alone_still_uses_the_field_alone(tmp_path, tiny_model):
    calibration = Calibration.fit([0.3, 0.5, 0.7, 0.9, 0.95], [False, True, False, True, True])
    assert calibration.to_meta()["method"] == "isotonic"
    raw = Tagger.load(tiny_model).parse(UNSURE, confidence=True)
    calibrated = with_calibration(tiny_model, tmp_path / "m", calibration).parse(UNSURE, confidence=True)
    assert [span.confidence for span in calibrated.spans] == [
        pytest.approx(calibration(span.confidence)) for span in raw.spans]


def test_calibration_is_fitted_on_each_field_with_its_reference_lowest(tmp_path, tiny_model, tiny_records):
    # Gold labels made wrong in some references, so that not every field is right.
    records = [record if index % 3 else {**record, "spans": [{**span, "label": "note"} for span in record["spans"]]}
               for index, record in enumerate(tiny_records)]
    records.append({"id": "unsure", "text": UNSURE, "spans": []})
    raw = Tagger.load(tiny_model)
    found = calibration_fields(raw, records)
    references = [raw.parse(record["text"], confidence=True) for record in records]
    assert [index for index, *_ in found] == [index for index, reference in enumerate(references)
                                              for values in reference.confidence.values() for _ in values]
    assert [lowest for _, _, lowest, _ in found] == [reference_lowest(references[index].spans)
                                                     for index, *_ in found]
    assert {right for *_, right in found} == {True, False}
    calibration = fit_calibration(raw, records)
    assert calibration.weights is not None and calibration.fields == len(found)
    assert calibration == Calibration.fit(*zip(*[(confidence, right, lowest)
                                                  for _, confidence, lowest, right in found]))
    with pytest.raises(ValueError, match="without one"):
        calibration_fields(with_calibration(tiny_model, tmp_path / "m", calibration), records)
