"""The learned line splitter: its features, its model file, and what it makes of sections."""

import json
import shutil
from pathlib import Path

import pytest

from tagger import ModelIncompatibleError, ModelNotFoundError, split_references
from tagger.blocks.layout import SectionLine
from tagger.blocks.lines import (
    FEATURE_VERSION,
    LABELS,
    META_FILE,
    MODEL_FILE,
    Section,
    continuing_numbers,
    label_lines,
    leading_number,
    read_splitter,
    references_from_labels,
    section_features,
    shipped_splitter,
    split_lines,
)


@pytest.mark.parametrize(("lines", "expected"), [
    (["1. A.", "2. B.", "3. C."], ["next", "next", "next"]),
    (["[1] A.", "[2] B.", "[3] C.", "[5] E.", "[6] F."], ["next"] * 3 + ["near", "next"]),  # a gap
    (["1. A.", "2. B.", "2. B again.", "3. C."], ["next", "next", "near", "next"]),  # a repeat
    (["1. A.", "2. B.", "3. C.", "[12] Wang L.", "Müller, K."], ["next", "next", "next", "other_form", "none"]),
    (["1. A.", "2. B.", "40. Jahrgang", "3. C."], ["next", "next", "other", "next"]),
    (["Smith (1990).", "(1991). Title."], ["none", "none"]),  # years are not list numbers
])
def test_how_a_leading_number_relates_to_the_list(lines, expected):
    assert continuing_numbers(lines, [leading_number(line) for line in lines]) == expected


def test_every_line_gets_the_same_features_in_the_same_form():
    lines = [SectionLine("References"), SectionLine("[1] Smith, J. A title. J. Biol. 3, 1-10, 2001."),
             SectionLine("[2] Doe, K. Another title that runs on and", fill=0.98, indent=0.0, gap=0.2, page=3),
             SectionLine("on. Berlin: Springer, 1999.", fill=0.4, indent=1.5, gap=0.2, page=3)]
    features = section_features(lines)
    assert len(features) == len(lines)
    names = [[feature.split("=")[0] for feature in group if "=" in feature] for group in features]
    assert all(group == names[1] for group in names)
    assert "furniture=heading" in features[0] and "marker=next|many" in features[2]
    assert "fill=unknown" in features[1] and "fill=short" in features[3] and "indent=hanging" in features[3]
    assert section_features(lines) == features  # no hidden state


def test_geometry_says_how_full_the_line_above_was():
    section = Section([SectionLine("Smith, J. A title. Journal 3, 1-10.", fill=0.55),
                       SectionLine("Doe, K. Another title, 2001.", fill=0.5)])
    assert "room=ample" in section_features(section.lines)[1]
    full = Section([SectionLine("Smith, J. A title that filled the whole column up to", fill=1.0),
                    SectionLine("Doe, K. Another title, 2001.", fill=0.5)])
    assert "room=none_left" in section_features(full.lines)[1]


def test_a_lines_first_letters_are_placed_in_the_lists_alphabetical_order():
    lines = [SectionLine(text) for text in (
        "Adams, J. 2001. A title here.", "Baker, K. 2002. Something on", "Zeta functions. J. Biol. 3, 1-10.",
        "Bauer, L. 2003. Another.", "[4] Çelik, M. 2004. A fourth.", "Dunn, P. 2005. A fifth.", "Evans, R. 2006.")]
    features = section_features(lines)
    assert "order=none|later|none|sorted" in features[0]  # no start above
    assert "order=later|same|none|sorted" in features[1] and "order_close=later|later|none|sorted" in features[1]
    assert "order=later|earlier|none|sorted" in features[2]  # a wrapped line breaking the order
    assert "order=same|later|none|sorted" in features[3]
    assert "order=later|later|none|sorted" in features[4]  # the marker and the cedilla left out: c after b
    assert "order=few" in section_features(lines[:4])[0]  # too few starts to say whether the list is sorted


def test_a_dash_for_the_author_above_and_letters_without_decomposition_keep_a_list_sorted():
    lines = [SectionLine(text) for text in (
        "Adams, J. 2001. Zebras.", "———. 2003. Another book.", "Baker, K. 2002. Yaks.", "———. 2004. Xylophones.",
        "Łukasz, M. 2005. Wolves.", "Moore, P. 2006. Voles.", "Ørsted, H. 2007. Unicorns.", "Smith, R. 2008.")]
    features = section_features(lines)
    assert all("order=none|none|sorted" in features[index] for index in (1, 3))  # a dash: no letters to sort by
    assert "order=later|later|none|sorted" in features[4] and "order=later|later|none|sorted" in features[6]


def test_a_blank_line_below_furniture_has_features_too():
    lines = [SectionLine(text) for text in ("Smith, J. 2001. Title. J. Biol. 3, 1-10.", "12", "",
                                            "Jones, K. 2002. Other. J. 4, 2-9.")]
    assert "after_furniture=no" in section_features(lines)[2]


def test_a_list_is_called_sorted_only_when_its_starts_mostly_keep_alphabetical_order():
    names = ["Adams", "Baker", "Clark", "Davis", "Evans", "Fox", "Grant", "Hill"]
    def sortedness(order):
        lines = [SectionLine(f"{name}, A. A title. J. Biol. 3, 1-10.") for name in order]
        return {feature.rsplit("|", 1)[-1].split("=")[-1] for feature in section_features(lines)[0]
                if feature.startswith("order=")}
    assert sortedness(names) == {"sorted"}
    assert sortedness(["Hill", "Clark", "Grant", "Adams", "Fox", "Baker", "Evans", "Davis"]) == {"unsorted"}
    assert sortedness(names[:4]) == {"few"}


def test_a_number_alone_is_a_label_where_many_lines_hold_one_and_a_page_number_where_few_do():
    labelled = [SectionLine(text) for text in ("[1]", "Smith, J. A title. 2001.", "[2]", "Doe, K. Another. 2002.")]
    assert "label_only=True|common" in section_features(labelled)[0]
    page = [SectionLine(f"{name}, A. A title. J. Biol. 3, 1-10.") for name in (
        "Adams", "Baker", "Clark", "Davis", "Evans", "Fox", "Grant", "Hill", "Irwin", "Jones", "King", "Lee")]
    page.insert(6, SectionLine("7"))
    features = section_features(page)
    assert "label_only=True|rare" in features[6]
    assert "after_furniture=pages|True" in features[7] and "after_furniture=no" in features[6]


@pytest.mark.parametrize(("labels", "groups"), [
    (["start", "continue", "start"], [[0, 1], [2]]),
    (["continue", "start", "other", "continue"], [[0], [1, 3]]),  # furniture inside a reference left out
    (["other", "start", "other"], [[1]]),
    ([], []),
])
def test_references_from_labels(labels, groups):
    lines = [SectionLine(f"line {index}") for index in range(len(labels))]
    assert references_from_labels(lines, labels) == groups


def test_the_shipped_model_labels_lines_with_the_labels_it_knows(tagger_model):
    lines = [SectionLine(text) for text in ("REFERENCES", "Smith, J. 2001. A title. J. Biol. 3: 1-10.",
                                            "Doe, K. 1999. Another title. Springer, Berlin.")]
    assert set(shipped_splitter().labels) == set(LABELS)
    assert label_lines(lines, tagger_model) == ["other", "start", "start"]
    assert label_lines([], tagger_model) == []


def test_mixed_numbering_and_an_unnumbered_line_are_not_merged():
    # Issue 16: "1.", "2.", "3.", then "[12] ...", then an unnumbered line came back as one reference.
    block = ("1. Ivanov I. I. Economic growth. Moscow: Nauka, 2001. 200 p.\n"
             "2. Petrov P. P. Regional policy // Voprosy Ekonomiki. 2005. No. 3. P. 10-20.\n"
             "3. Sidorov S. S. Institutions and markets. St. Petersburg: Piter, 2010.\n"
             "[12] Wang L, Li X. Reference parsing with CRFs. J Inf Sci. 2019;45(2):100-12.\n"
             "Müller, K. (Hrsg.): Handbuch der Bibliographie. Berlin: de Gruyter, 2015.")
    assert split_references(block) == block.split("\n")


def test_one_reference_per_line_is_kept_so():
    block = "\n".join([
        "Smith, J. (2001). A title. J. Biol., 3, 1-10.",
        "Doe, K. (1999). Another book. Berlin: Springer.",
        "Roe, P. (2010). Third one: a study. Oxford: OUP.",
        "Poe, E. (1845). The raven. New York: Wiley."])
    assert split_references(block) == block.split("\n")


def test_a_hyphenated_line_end_before_lower_case_goes_on_and_a_short_line_ends():
    block = ("Douglas, M. 1966. Purity and Danger: An Analysis of Concepts of Pollution and\n"
             "Taboo. London: Routledge & Kegan.\n"
             "Novalis. 1798. Blüthenstaub. In: Schriften, Band 2: Das philosophische Werk. Philosophi-\n"
             "sche Fragmente. Stuttgart: Kohlhammer.\n"
             "Zeller, A. 2001. A short one. Berlin.")
    assert [reference[:10] for reference in split_references(block)] == ["Douglas, M", "Novalis. 1", "Zeller, A."]


def test_references_keep_the_page_they_start_on(tagger_model):
    lines = [SectionLine("[1] Smith, J. A title that runs over the page", fill=1.0, indent=0.0, page=4),
             SectionLine("break. J. Biol. 3, 1-10, 2001.", fill=0.5, indent=2.0, page=5),
             SectionLine("[2] Doe, K. Another. Berlin: Springer, 1999.", fill=0.7, indent=0.0, page=5)]
    found = split_lines(lines, tagger_model)
    assert [(reference.page, reference.lines) for reference in found] == [(4, (0, 1)), (5, (2,))]


def test_a_model_of_another_feature_version_is_refused(tmp_path):
    from importlib import resources

    with resources.as_file(resources.files("tagger.blocks")) as directory:  # the shipped files, copied
        shutil.copy(directory / MODEL_FILE, tmp_path / MODEL_FILE)
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    assert meta["feature_version"] == FEATURE_VERSION
    with pytest.raises(ModelNotFoundError, match="splitter.json"):
        read_splitter(tmp_path)
    (tmp_path / META_FILE).write_text(json.dumps({**meta, "feature_version": FEATURE_VERSION - 1}), encoding="utf-8")
    with pytest.raises(ModelIncompatibleError, match="retrain"):
        read_splitter(tmp_path)
    (tmp_path / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    assert read_splitter(tmp_path).labels == shipped_splitter().labels


def test_the_shipped_splitter_scores_what_its_meta_records_on_grobids_evaluation_sections(shared_data, tagger_model):
    from importlib import resources

    from tagger.files import file_sha256
    from training.train_splitter import Decoded, examples, read_sections, score

    with resources.as_file(resources.files("tagger.blocks")) as directory:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        shipped = Decoded(directory)
    segmenter = shared_data / "blocks" / "grobid-segmenter.jsonl"
    assert meta["data"]["grobid_segmenter"]["sha256"] == file_sha256(segmenter)
    assert meta["tagger_model_sha256"] == file_sha256(Path(tagger_model.path) / "model.crfsuite")

    checked = examples(read_sections(shared_data / "blocks" / "grobid-segmenter-eval.jsonl"), tagger_model, "eval")
    assert score(shipped, checked)["share"] >= meta["scores"]["grobid-segmenter-eval"]["share"]


def test_the_synthetic_style_references_the_splitter_was_trained_on_are_made_again_from_their_seed():
    """splitter.json records the tagger.synth references its sections were typeset from by count, seed and hash:
    the documented training command makes the same ones."""
    import hashlib
    from importlib import resources

    from training.train_splitter import synthetic_style_texts

    with resources.as_file(resources.files("tagger.blocks")) as directory:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    [recorded] = [entry["tagger.synth"] for entry in meta["data"]["synthetic"]["from"] if "tagger.synth" in entry]
    texts = synthetic_style_texts(recorded["references"], seed=recorded["seed"])
    assert len(texts) == recorded["references"] == 2400
    assert hashlib.sha256("\n".join(texts).encode()).hexdigest() == recorded["texts_sha256"]
