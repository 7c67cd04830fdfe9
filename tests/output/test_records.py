"""Issue 19's records: each point it found, on the string it quotes."""

from __future__ import annotations

import json

import bibtexparser
import pytest

import tagger
from tagger.normalize import record
from tagger.output import citation_key, dumps, to_bibtex, to_csl, to_ris
from tagger.reference import Reference, Span

SPRUCE = ("Smith, J. (2001). Defoliation of older Norway spruce <italic>{Picea abies</italic> stands. "
          "Forest Ecol. Manag., 3(2), 1-10.")


def test_an_unbalanced_brace_and_markup_in_the_input_give_an_entry_that_reads_back():
    reference = tagger.parse(SPRUCE)
    assert "<italic>" in reference.fields["title"][0]  # the text and spans keep the input as it was
    item = reference.record()
    assert item["title"] == "Defoliation of older Norway spruce {Picea abies stands"
    entry = to_bibtex(item, "k")
    [read] = bibtexparser.loads(entry).entries
    assert read["title"] == r"Defoliation of older Norway spruce \textbraceleft{}Picea abies stands"
    assert entry.count("{") == entry.count("}")


@pytest.mark.parametrize(("value", "expected"), [
    ("H<sub>2</sub>O in <i>vitro</i>", "H2O in vitro"),
    ("Cats &amp; dogs &lt;3", "Cats & dogs <3"),
    (r"The \emph{Drosophila} and {\it Mus} genes", "The Drosophila and Mus genes"),
    ("<jats:italic>E. coli</jats:italic> growth", "E. coli growth"),
    ("Effect on &lt;i&gt;H. pylori&lt;/i&gt; infection", "Effect on H. pylori infection"),
    ("Vector<int> templates in C++", "Vector<int> templates in C++"),  # not markup: kept
    ("The a<b and c>d inequalities", "The a<b and c>d inequalities"),
])
def test_markup_is_removed_from_record_values(value, expected):
    assert record({"title": [value], "author": ["Smith, J."]})["title"] == expected


def test_the_record_names_what_csl_names():
    item = record({"author": ["Smith, J."], "year": ["2001"], "title": ["T"], "venue": ["J. Biol."],
                   "location": ["Berlin"], "series": ["S"], "doi": ["doi:10.1/x"], "url": ["<http://x.org>"]})
    assert item["container-title"] == "J. Biol." and item["issued"] == {"date-parts": [[2001]]}
    assert (item["publisher-place"], item["collection-title"], item["DOI"], item["URL"]) == (
        "Berlin", "S", "10.1/x", "http://x.org")
    assert to_csl(item, "k") == {"id": "k", **item}


def test_the_year_letter_reaches_every_format():
    item = record({"author": ["Smith, J."], "year": ["(2019a)."], "title": ["Parsing things"]})
    assert item["issued"] == {"date-parts": [[2019]]} and item["year-suffix"] == "a"
    assert to_csl(item, "k")["year-suffix"] == "a"
    assert citation_key(item) == "smith2019aparsing"
    assert "year = {2019}" in to_bibtex(item, citation_key(item))  # biblatex's year is a number
    assert "DA  - 2019///a\n" in to_ris(item)


def test_a_venue_keeps_its_abbreviations_final_period():
    assert tagger.parse("Smith, J. (2001). A title. J. Biol. 3(2), 1-10.").fields["venue"] == ["J. Biol."]
    assert tagger.parse("Smith, J. (2001). A title. Nature. 3(2), 1-10.").fields["venue"] == ["Nature"]


@pytest.mark.parametrize(("fields", "key"), [
    ({"author": ["Иванов И. И."], "year": ["2014"], "title": ["Экономика региона"]}, "ivanov2014ekonomika"),
    ({"author": ["王伟, 李小明"], "year": ["2019"], "title": ["参考文献解析方法"]}, "wang2019cankao"),
    ({"author": ["Ivanov, I."], "year": ["2014"], "title": ["Economic security of regions"]}, "ivanov2014economic"),
    ({"author": ["World Health Organization"], "year": ["2020"], "title": ["Global report"]}, "world2020global"),
])
def test_citation_keys_are_transliterated(fields, key):
    assert citation_key(record(fields)) == key


def test_chinese_authors_are_two_people_in_every_format():
    text = "王伟, 李小明. 参考文献解析方法[J]. 计算机学报, 2019, 42(3): 1-10."
    spans = [(piece, label) for piece, label in (("王伟, 李小明", "author"), ("参考文献解析方法", "title"),
                                                 ("计算机学报", "venue"), ("2019", "year"))]
    reference = Reference(text, tuple(Span(text.index(piece), text.index(piece) + len(piece), label, piece)
                                      for piece, label in spans))
    item = reference.record()
    assert item["author"] == [{"family": "王", "given": "伟"}, {"family": "李", "given": "小明"}]
    assert "author = {王, 伟 and 李, 小明}" in dumps([reference], "bibtex")
    assert "@article{wang2019cankao," in dumps([reference], "bibtex")


def test_an_organisation_is_one_braced_name_in_bibtex():
    item = record({"author": ["World Health Organization"], "title": ["Report"], "year": ["2020"]})
    assert item["author"] == [{"literal": "World Health Organization"}]
    assert "author = {{World Health Organization}}" in to_bibtex(item, "k")
    assert "AU  - World Health Organization\n" in to_ris(item)


def test_parse_takes_confidence_as_tagger_parse_does():
    reference = tagger.parse("Smith, J. (2001). A title. J. Biol. 3(2), 1-10.", confidence=True)
    assert all(0 < span.confidence <= 1 for span in reference.spans)
    assert tagger.parse("Smith, J. (2001). A title.").spans[0].confidence is None


def test_an_organisation_known_by_its_acronym_stays_as_written():
    assert record({"author": ["OECD"], "title": ["Outlook"], "year": ["2019"]})["author"] == [{"literal": "OECD"}]
    assert record({"author": ["Smith, J.; NASA"], "title": ["T"]})["author"][1] == {"literal": "NASA"}


def test_bibtex_keeps_the_month_and_day_of_a_date():
    item = record({"author": ["Smith J"], "title": ["Title of study"], "year": ["2012 Mar 5"]})
    assert item["issued"] == {"date-parts": [[2012, 3, 5]]}
    entry = to_bibtex(item, "k")
    assert "year = {2012}" in entry and "month = {3}" in entry and "day = {5}" in entry


def test_a_reference_of_markup_alone_makes_no_entry():
    empty = Reference("<i></i>", (Span(0, 7, "title", "<i></i>"),))
    assert dumps([empty], "bibtex") == "" and json.loads(dumps([empty], "csl-json")) == []
    assert dumps([empty, tagger.parse("Smith, J. (2001). A title.")], "bibtex").startswith("@")
