"""How lines start and end, joining the lines of a reference, and flush lists (no numbers, no indentation)."""

import pytest

from tagger import split_references
from tagger.blocks import split_references_with
from tagger.blocks.shapes import join_lines, line_end, line_start
from tagger.model import Tagger

FLUSH_LIST = [
    "Abiteboul, S. and V. Vianu. Datalog extensions for database",
    "queries and updates. Journal of Computer Sciences, 43, 62-124.",
    "Borgida, A. and T. Imielinski. Decision making in committees: a",
    "framework for dealing with inconsistency. Data Engineering, 7,",
    "1991.",
    "Wilkinson, R. (1999). Sociology as a marketing feast. Then In M.",
    "Collis, L. Munro, & S. Russell (Eds.), Sociology for the New",
    "Millennium. Melbourne, 7-10 December (pp. 281-289). Springer-",
    "Verlag. Also reprinted with changes in a second volume, and",
    "later in a third one, with a new preface by the editors, 2001.",
    "Eckes, T. (2000). The developmental social psychology of gender.",
]



@pytest.mark.parametrize(("lines", "joined"), [
    (["Berlin: Springer-", "Verlag, 1990."], "Berlin: Springer-Verlag, 1990."),
    (["a two-", "dimensional model"], "a two-dimensional model"),
    (["the develop-", "ment of cities"], "the develop- ment of cities"),  # "development" is a known word
    (["pages 12-", "34."], "pages 12-34."),
    (["pages 5092--", "5096"], "pages 5092--5096"),
    (["A title.", "J. Biol."], "A title. J. Biol."),
])
def test_joining_the_lines_of_a_reference(lines, joined):
    assert join_lines(lines, {"development", "dimensional"}) == joined


def test_a_word_hyphenated_at_a_line_end_keeps_its_space_when_the_tagger_knows_it():
    block = "[1] Smith, J. The develop-\n    ment of cities. 2001.\n[2] Doe, K. A Socio-\n    Economic Study. 1999."
    assert split_references(block) == ["[1] Smith, J. The develop- ment of cities. 2001.",
                                       "[2] Doe, K. A Socio-Economic Study. 1999."]


def test_a_flush_list_is_split_where_references_end_and_nowhere_else():
    assert split_references("\n".join(FLUSH_LIST)) == [
        join_lines(FLUSH_LIST[0:2]), join_lines(FLUSH_LIST[2:5]), join_lines(FLUSH_LIST[5:10]), FLUSH_LIST[10]]


# More of the same alphabetical list, after FLUSH_LIST's last reference.
FLUSH_LIST_GOES_ON = [
    "Fischer, K. and L. Moreau. Stable matching in labour markets with",
    "couples. Econometrica, 81, 2013, 1-44.",
    "Garcia, M. (2005). A history of the printed book in Spain. Madrid:",
    "Editorial Castalia.",
    "Hoffmann, P. Reading habits of nineteenth-century workers. Past",
    "and Present, 112, 1986, 90-121.",
    "Ivanova, N. and S. Petrov. Soil moisture under irrigated cotton.",
    "Agricultural Water Management, 96, 2009, 1203-1210.",
    "Jensen, H. (1998). Parish records and the demography of Denmark.",
    "Copenhagen: Museum Tusculanum Press.",
    "Kowalski, J. Timber trade on the Baltic, 1600-1800. Economic History",
    "Review, 45, 1992, 301-322.",
    "Lindqvist, E. (2011). Growth rings of Scots pine. Dendrochronologia,",
    "29, 47-55.",
    "Martin, C. and R. Duval. Wine exports from Bordeaux in the long",
    "eighteenth century. Annales, 52, 1997, 713-740.",
    "Nakamura, T. (2016). Rice terraces and village law. Kyoto: Showado.",
    "Olsen, B. Fisheries of the North Atlantic. Oslo: Universitetsforlaget,",
    "1983.",
    "Peters, D. and A. Quinn. Cooperative dairies in Ireland. Irish",
    "Economic and Social History, 30, 2003, 22-41.",
]


def test_a_blank_line_in_a_flush_list_ends_a_reference():
    # One blank line among 33 lines does not make a blank-separated list, but it still ends a reference.
    lines = FLUSH_LIST + FLUSH_LIST_GOES_ON
    block = "\n".join(lines[:1]) + "\n\n" + "\n".join(lines[1:])
    assert split_references(block)[:3] == [FLUSH_LIST[0], FLUSH_LIST[1], join_lines(FLUSH_LIST[2:5])]
    assert len(split_references(block)) == 5 + 11


@pytest.mark.parametrize(("line", "start"), [
    ("Smith, J. A. (2001). Title", "surname_initials"),
    ("Łukasz, M. 2005. Wilki.", "surname_initials"),
    ("Šmíd, T. 2014. Sucho.", "surname_initials"),
    ("Іваненко І. П. Економіка.", "surname_initials"),
    ("Garcia M, Lopez P. Cell growth", "surname_capitals"),
    ("J. A. Smith and K. Doe. Title", "initials_surname"),
    ("Lynch, Kevin. The Image of the City.", "surname_given"),
    ("Kevin Lynch and Anne Doe. Title", "given_surname"),
    ("[12] Smith, J.", "bracket_label"),
    ("[12]房平.研究模型应用[M].", "bracket_label"),
    ("[Smi98] J. Smith", "bracket_label"),
    ("12. Garcia M, Lopez P.", "number_then_name"),
    ("———. 1836. Tales of a Grandfather.", "repeated_author"),
    ("American Bar Association (1990). Report", "organisation"),
    ("in inductive concept learning.", "in"),
    ("In Proceedings of the ACM", "in"),
    ("inductive concept learning.", "lower"),
    ("http://www.example.org/a?b=c", "link_piece"),
    ("1990.", "year"),
    ("(1990) ;", "open"),
    ("Proceedings of the Tenth Conference", "capital"),
])
def test_how_a_line_starts(line, start):
    assert line_start(line) == start


@pytest.mark.parametrize(("line", "end"), [
    ("Journal of Things, 3, 12-34.", "pages"),
    ("Cambridge: MIT Press, 1990.", "year"),
    ("retrieved from http://x.org/a.pdf", "link"),
    ("Berlin: Springer-", "broken_word"),
    ("Knowledge Representation. In M.", "initial"),
    ("Smith, J. and", "connective"),
    ("Theories of Memory. Eds.", "abbreviation"),
    ("a title,", ","),
    ("a title", "letter"),
])
def test_how_a_line_ends(line, end):
    assert line_end(line) == end


def test_a_flush_list_can_be_judged_by_another_model(tiny_model):
    block = "\n".join(FLUSH_LIST)
    assert join_lines(FLUSH_LIST[0:2]) in split_references_with(block, Tagger.load(tiny_model))
