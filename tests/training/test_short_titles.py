"""training/short_titles.py: dev references with a title of one or two words."""

from training.short_titles import SHORT_TITLES, short_title_records, title_reading


def test_the_title_is_replaced_and_the_spans_after_it_move():
    text = 'Smith, J. (2001). "A long title about things." J. Biol., 3, 1-10.'
    spans = [{"start": 0, "end": 9, "label": "author"}, {"start": 11, "end": 15, "label": "year"},
             {"start": 18, "end": 46, "label": "title"}, {"start": 47, "end": 55, "label": "venue"},
             {"start": 57, "end": 58, "label": "volume"}]
    untitled = {"text": "Doe, K. 1999.", "spans": [{"start": 0, "end": 7, "label": "author"}]}
    [record] = short_title_records([{"id": "a", "text": text, "spans": spans}, untitled])
    title = next(span for span in record["spans"] if span["label"] == "title")
    assert record["text"][title["start"] + 1 : title["end"] - 2] in SHORT_TITLES
    assert record["text"][title["start"]] == '"' and record["text"][title["end"] - 2 : title["end"]] == '."'
    moved = {span["label"]: record["text"][span["start"] : span["end"]] for span in record["spans"]}
    assert moved["author"] == "Smith, J." and moved["venue"] == "J. Biol." and moved["volume"] == "3"
    assert record["text"].endswith(" J. Biol., 3, 1-10.")


def test_a_model_is_scored_on_how_it_reads_the_short_titles(tiny_model, tiny_records):
    from tagger import Tagger

    records = short_title_records([record for record in tiny_records
                                   if sum(span["label"] == "title" for span in record["spans"]) == 1])
    exact, missing, first_word = title_reading(Tagger.load(tiny_model), records)
    assert 0 <= exact <= 1 and 0 <= missing <= 1 - exact and sum(first_word.values()) == len(records) > 0
