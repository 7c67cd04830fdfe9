"""Splitting a pasted reference section into references."""

import json

import pytest

from tagger import split_references
from tagger.cli import main


@pytest.mark.parametrize(("block", "references"), [
    ("[1] Smith, J. A title.\n    J. Biol. 3, 1-10.\n[2] Doe, K. Another. 2001.",
     ["[1] Smith, J. A title. J. Biol. 3, 1-10.", "[2] Doe, K. Another. 2001."]),
    ("1. Smith, J. A title. J. Biol.\n3, 1-10.\n2. Doe, K. Another one\n2001. Berlin.\n3. Roe, P. Third.",
     ["1. Smith, J. A title. J. Biol. 3, 1-10.", "2. Doe, K. Another one 2001. Berlin.", "3. Roe, P. Third."]),
    ("(1) First reference, 2001.\n(2) Second reference, wrapped\nover two lines, 2002.",
     ["(1) First reference, 2001.", "(2) Second reference, wrapped over two lines, 2002."]),
    ("Smith, J. (2001). A long title that goes on and\n    on. J. Biol., 3, 1-10.\nDoe, K. (1999). Short.",
     ["Smith, J. (2001). A long title that goes on and on. J. Biol., 3, 1-10.", "Doe, K. (1999). Short."]),
    ("Smith, J. A title.\nJ. Biol. 3.\n\nDoe, K. Another.\n\nRoe, P. Third.\n",
     ["Smith, J. A title. J. Biol. 3.", "Doe, K. Another.", "Roe, P. Third."]),
    ("REFERENCES\n\n1. Ivanov I. I. Title // Socio-\nEconomic Journal. - 2014. - C. 23-\n26.\n\nPage 12\n\n"
     "2. Petrov P. P. Other title. - M.: Nauka, 2001.",
     ["1. Ivanov I. I. Title // Socio-Economic Journal. - 2014. - C. 23-26.",
      "2. Petrov P. P. Other title. - M.: Nauka, 2001."]),
    ("Smith, J. (2001). A title that fills this line up to the\nmargin, and so on. J. Biol., 3, 1-10, 2001.\n"
     "Doe, K. (1999). Another title here.",
     ["Smith, J. (2001). A title that fills this line up to the margin, and so on. J. Biol., 3, 1-10, 2001.",
      "Doe, K. (1999). Another title here."]),
    ("", []),
    ("\n\n  \n", []),
])
def test_split_references(block, references):
    assert split_references(block) == references


@pytest.mark.parametrize(("block", "count"), [
    ("[1] A, B. One. 2001.\n[2] C, D. Two. 2002.\n[3] E. Three.\n[5] F. Five.\n[6] G. Six.", 5),  # a gap
    ("1. Smith, J. A study of parsing. J. Biol. 3, 1-10, 2001.\n"  # a repeat
     "2. Doe, K. Another book on the same subject. Berlin: Springer, 1999.\n"
     "3. Roe, P. The third reference. Oxford: OUP, 2010.\n"
     "4. Poe, E. The raven. New York: Wiley, 1845.\n"
     "4. Poe, E. The raven, second edition. New York: Wiley, 1846.\n"
     "5. Lee, A. Stable spin liquids. Phys. Rev. Lett. 66, 1955 (1991).\n"
     "6. Kim, B. Hidden order in spin chains. Commun. Math. Phys. 152, 201-230 (1993).", 7),
])
def test_a_gap_or_repeat_in_the_numbering_still_starts_references(block, count):
    # (A toy list whose every line is as long as the others, "4. D. Four." / "4. D2. Again.", is read as one
    # reference at the repeat: no line leaves room, and the splitter trusts that.)
    assert split_references(block) == block.split("\n") and len(block.split("\n")) == count


def test_years_on_lines_of_their_own_do_not_make_a_numbered_list():
    block = ("Abiteboul, S. and V. Vianu. Datalog extensions for database\n"
             "queries and updates. Journal of Computer Sciences, 43, 62-124,\n"
             "1990.\n"
             "Borgida, A. and T. Imielinski. Decision making in committees: a\n"
             "framework for dealing with inconsistency. Data Engineering, 7,\n"
             "1991.\n"
             "Roe, P. Third.")
    assert split_references(block) == [
        "Abiteboul, S. and V. Vianu. Datalog extensions for database queries and updates. "
        "Journal of Computer Sciences, 43, 62-124, 1990.",
        "Borgida, A. and T. Imielinski. Decision making in committees: a framework for dealing with "
        "inconsistency. Data Engineering, 7, 1991.",
        "Roe, P. Third."]


def test_a_reference_cited_twice_is_kept_twice():
    line = "Smith, J. (2001). A title. J. Biol., 3(2), 1-10."
    assert split_references(f"{line}\n{line}\n") == [line, line]
    assert split_references(f"{line}\n\n{line}\n\nDoe, K. (1999). Other.\n") == [line, line, "Doe, K. (1999). Other."]


def test_a_bare_number_ending_a_wrapped_reference_is_kept():
    block = "[1] Ellis, J., Phys. Rev. D 40, 1819 (1989), pp.\n    32\n[2] Doe, K. Another. 2001."
    assert split_references(block)[0] == "[1] Ellis, J., Phys. Rev. D 40, 1819 (1989), pp. 32"


def test_parse_block_tags_each_reference_of_a_pasted_section(tmp_path, capsys):
    source = tmp_path / "block.txt"
    source.write_text("References\n\n[1] Smith, J. (2001). A title about\n    things. J. Biol., 3(2), 1-10.\n"
                      "[2] Doe, K. (1999). Another book. Berlin: Springer.\n", encoding="utf-8")
    assert main(["parse", "--block", str(source)]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [result["text"] for result in results] == [
        "[1] Smith, J. (2001). A title about things. J. Biol., 3(2), 1-10.",
        "[2] Doe, K. (1999). Another book. Berlin: Springer."]
    assert results[0]["fields"]["year"] == ["2001"]


# A flush list (no numbers, no indentation) wrapped at 64 columns. "Abiteboul" and "Borgida" end on lines
# too full for the next reference's first word (their ends cannot be told from the width); "Wilkinson" breaks
# after "In M." before a line that looks like an author list, after "Springer-" and after "and".




def test_a_page_number_between_blank_lines_inside_a_reference_does_not_cut_it():
    block = ("[1] Smith, J. A title. J. Biol. 3, 1-10, 2001.\n"
             "[2] Councill, I. G., Giles, C. L., & Kan, M.-Y. ParsCit: an open-source CRF reference string parsing\n"
             "\n- 12 -\n\n"
             "package. In Proceedings of LREC. Marrakech, Morocco, 2008, pp. 661-667.\n"
             "[3] Doe, K. Another book. Berlin: Springer, 1999.")
    assert split_references(block) == [
        "[1] Smith, J. A title. J. Biol. 3, 1-10, 2001.",
        "[2] Councill, I. G., Giles, C. L., & Kan, M.-Y. ParsCit: an open-source CRF reference string parsing "
        "package. In Proceedings of LREC. Marrakech, Morocco, 2008, pp. 661-667.",
        "[3] Doe, K. Another book. Berlin: Springer, 1999."]


def test_blank_lines_at_page_breaks_of_a_numbered_list_do_not_merge_its_references():
    # Twelve one-line references pasted with a blank line after the fourth and the eighth (three groups, as at
    # page breaks): the numbers, not the blank lines, say where references start. Found by a new user.
    references = [f"[{number}] Author{chr(64 + number)}, A. Title number {number}. J. Biol. {number}, "
                  f"{number * 10}-{number * 10 + 5} (200{number % 10})." for number in range(1, 13)]
    block = "\n".join(references[:4]) + "\n\n" + "\n".join(references[4:8]) + "\n\n" + "\n".join(references[8:])
    assert split_references(block) == references
    # One numbered reference per blank-separated group still splits at the blank lines, wrapped lines and all.
    wrapped = [reference.replace(" Title", "\nTitle") for reference in references[:5]]
    assert split_references("\n\n".join(wrapped)) == references[:5]


def test_blank_lines_at_page_breaks_of_an_unnumbered_list_of_one_line_references_do_not_merge_them():
    # Ten author-year references, one per line, a blank line after the fourth and the seventh: three groups
    # came back as three references (a new user's trial). Lines that start like an author list inside a group
    # say the blank lines are not what separates the references; wrapped references between blank lines
    # still split there.
    names = ["Smith, J.", "Jones, K.", "Brown, T.", "Garcia, M.", "Ivanov, I.", "Lee, A.", "Müller, H.", "Dubois, C.",
             "Rossi, P.", "Tanaka, Y."]
    references = [f"{name} ({2000 + number}). Title number {number}. Journal of Things, {number}, {number * 10}-"
                  f"{number * 10 + 5}." for number, name in enumerate(names, start=1)]
    block = "\n".join(references[:4]) + "\n\n" + "\n".join(references[4:7]) + "\n\n" + "\n".join(references[7:])
    assert split_references(block) == references
    wrapped = [reference.replace(" Title", "\nTitle").replace(" Journal", "\nJournal") for reference in references]
    assert split_references("\n\n".join(wrapped[:6])) == references[:6]


def test_a_running_head_between_blank_lines_in_a_numbered_list_does_not_cut_a_reference():
    # pdftotext's page break in pasted text: the page number, a blank line, the running head and another blank
    # line inside reference 3. The head may join it; the reference must not come back in two (a new user's
    # paper did). An unnumbered name after a blank line still starts a reference of its own.
    block = ("1. Smith, J., & Jones, K. (2019). Deep parsing of bibliographic references\n"
             "   in scanned theses. Journal of Documentation, 75(3), 401-420.\n"
             "2. Brown, T. (2005). Chapter title on something. New York: Wiley.\n"
             "3. Garcia, M., Oliveira, P., & Santos, R. (2017). Machine learning for\n\n"
             "                                  14\n   Journal of Testing 12 (2024) 1-20\n\n"
             "   metadata extraction. Information Processing & Management, 53(2),\n   112-130.\n"
             "4. Ivanov, I. (2014). Economics of transition. Moscow: Nauka.\n\n"
             "Müller, K. (Hrsg.): Handbuch der Dinge. Berlin 2003.\n"
             "5. Lee, A. (2010). Fourth title. Paris: Seuil.")
    found = split_references(block)
    assert [text[:12] for text in found] == ["1. Smith, J.", "2. Brown, T.", "3. Garcia, M", "4. Ivanov, I",
                                             "Müller, K. (", "5. Lee, A. ("]
    assert found[2].endswith("metadata extraction. Information Processing & Management, 53(2), 112-130.")


@pytest.mark.parametrize("block", [b"[1] Smith, J. A title. 2001.", None, 12])
def test_a_section_that_is_not_a_str_is_refused_clearly(block):
    with pytest.raises(TypeError, match="a reference section must be a str"):
        split_references(block)
