"""Entries that cite several works are cut into one reference per work, and nothing else is."""

import json
from pathlib import Path

import pytest

from tagger import split_references
from tagger.blocks.compound import work_starts, works
from tagger.blocks.layout import SectionLine
from tagger.blocks.sections import split_section


@pytest.mark.parametrize(("entry", "expected"), [
    # sub-labels, as typeset and as PDF extraction spaces them
    ("[25] a) R. Krishnan, J. S. Binkley, J. Chem. Phys. 1980, 72, 650; b) A. D. McLean, G. S. Chandler, "
     "J. Chem. Phys. 1980, 72, 5639.",
     ["[25] a) R. Krishnan, J. S. Binkley, J. Chem. Phys. 1980, 72, 650;",
      "b) A. D. McLean, G. S. Chandler, J. Chem. Phys. 1980, 72, 5639."]),
    ("[3] a) Y. Wang, Angew. Chem. 2016, 128, 15176 -15181; b )Y .P eng, Y. Li, Science 2014, 346, 1356; "
     "(c) T. Rodenas, Nat. Mater. 2015, 14, 48.",
     ["[3] a) Y. Wang, Angew. Chem. 2016, 128, 15176 -15181;", "b )Y .P eng, Y. Li, Science 2014, 346, 1356;",
      "(c) T. Rodenas, Nat. Mater. 2015, 14, 48."]),
    # works of a physics entry, after a year in brackets, a page or an arXiv identifier in brackets
    ("12. P. Noyes, Phys. Rev. Lett. 15, 538 (1965); K.L. Kowalski, Phys. Rev. 137, B1 (1965).",
     ["12. P. Noyes, Phys. Rev. Lett. 15, 538 (1965);", "K.L. Kowalski, Phys. Rev. 137, B1 (1965)."]),
    ("[9] Cleymans J., J. Phys. G 35 (2008) 044017; Becattini F. et al., PoS CPOD07 (2007) 012.",
     ["[9] Cleymans J., J. Phys. G 35 (2008) 044017;", "Becattini F. et al., PoS CPOD07 (2007) 012."]),
    ("U. Wenger, Phys. Rev. D 80 (2009) 071503 [arXiv:0812.3565]; S. Chandrasekharan, Phys. Lett. B 536 (2002) 72.",
     ["U. Wenger, Phys. Rev. D 80 (2009) 071503 [arXiv:0812.3565];",
      "S. Chandrasekharan, Phys. Lett. B 536 (2002) 72."]),
    # a period before a sub-label ends a work too
    ("[4] (a) R. Grigg, Tetrahedron 1990, 46, 4003. (b) R. Grigg, J. Chem. Soc. 1991, 1, 12.",
     ["[4] (a) R. Grigg, Tetrahedron 1990, 46, 4003.", "(b) R. Grigg, J. Chem. Soc. 1991, 1, 12."]),
    # one work each
    ("20. (a) R. Grigg, H. Q. N. Gunaratne, Tetrahedron Lett. 1983, 24, 4457.",
     ["20. (a) R. Grigg, H. Q. N. Gunaratne, Tetrahedron Lett. 1983, 24, 4457."]),
    ("Smith, J.; Jones, K. J. Am. Chem. Soc. 2001, 123, 45-50.",
     ["Smith, J.; Jones, K. J. Am. Chem. Soc. 2001, 123, 45-50."]),
    ("Smith J, Jones K. Parsing references. J Biol. 2019;3(2):387-9.",
     ["Smith J, Jones K. Parsing references. J Biol. 2019;3(2):387-9."]),
    ("Doe, K. (1999); reprinted 2005. Berlin: Springer.", ["Doe, K. (1999); reprinted 2005. Berlin: Springer."]),
    ("Smith, J. (2001). J. Biol. 3, 1-10.", ["Smith, J. (2001). J. Biol. 3, 1-10."]),
    # names in other alphabets, with particles, collaborations
    ("A. B. Smith, Phys. Rev. 15, 538 (1965); É. Brézin, Nucl. Phys. 1 (1970).",
     ["A. B. Smith, Phys. Rev. 15, 538 (1965);", "É. Brézin, Nucl. Phys. 1 (1970)."]),
    ("P. X, Phys. 1 (1974); G. 't Hooft, Nucl. Phys. B 79, 276 (1974).",
     ["P. X, Phys. 1 (1974);", "G. 't Hooft, Nucl. Phys. B 79, 276 (1974)."]),
    ("Q. Y, Ann. 2, 3 (1873); J. van der Waals, Thesis (1873).",
     ["Q. Y, Ann. 2, 3 (1873);", "J. van der Waals, Thesis (1873)."]),
    ("A. B, Phys. Lett. 1 (2012); CMS Collaboration, S. Chatrchyan et al., Phys. Lett. B 716, 30 (2012).",
     ["A. B, Phys. Lett. 1 (2012);", "CMS Collaboration, S. Chatrchyan et al., Phys. Lett. B 716, 30 (2012)."]),
    # not new works: a translated journal, editors, a section of a journal, a study's parts, a copyright line
    ("A. A. Abrikosov, Zh. Eksp. Teor. Fiz. 32, 1442 (1957); J. Exp. Theor. Phys. 5, 1174 (1957).",
     ["A. A. Abrikosov, Zh. Eksp. Teor. Fiz. 32, 1442 (1957); J. Exp. Theor. Phys. 5, 1174 (1957)."]),
    ("Smith, J. (Ed.); Jones, K. L. (Ed.). (2001). Title.", ["Smith, J. (Ed.); Jones, K. L. (Ed.). (2001). Title."]),
    ("Proc. R. Soc. Edinb. 115, 1 (1990); Section A. Mathematics",
     ["Proc. R. Soc. Edinb. 115, 1 (1990); Section A. Mathematics"]),
    ("Study 2. a) Methods of the study.", ["Study 2. a) Methods of the study."]),
    ("Doe, K. Trial 1; (b) follow-up. 2001.", ["Doe, K. Trial 1; (b) follow-up. 2001."]),
    ("X. Title. J. Biol. 2001, 12. (c) Elsevier 2001.", ["X. Title. J. Biol. 2001, 12. (c) Elsevier 2001."]),
])
def test_works(entry, expected):
    assert works(entry) == expected


def test_no_single_reference_of_the_corpora_is_cut(shared_data):
    files = [shared_data / name for name in (
        "anystyle/train.jsonl", "anystyle/test.jsonl", "anystyle/extra-good.jsonl", "anystyle/extra-ugly.jsonl",
        "parscit/train.jsonl", "umass/train.jsonl", "umass/dev.jsonl", "umass/test.jsonl", "grobid/train.jsonl")]
    files.append(Path(__file__).resolve().parents[2] / "data" / "styles-check.jsonl")
    texts = [json.loads(line)["text"] for path in files for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(texts) == 20_691
    assert [text for text in texts if work_starts(text)] == []


def test_grobid_sections_grouped_by_their_gold_lines_give_back_nearly_every_reference(shared_data):
    """GROBID's segmenter sections cite several works in one entry in physics and chemistry: their lines grouped
    as the gold labels them and cut into works give back 4,958 of their 5,056 references (4,792 uncut)."""
    from tagger.blocks.lines import references_from_labels
    from training.train_splitter import recovered, section_lines

    found = uncut = total = 0
    for line in (shared_data / "blocks" / "grobid-segmenter.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        lines, labels = section_lines(record)
        entries = [" ".join(lines[index].text.strip() for index in group)
                   for group in references_from_labels(lines, labels)]
        found += recovered(record["references"], [work for entry in entries for work in works(entry)])
        uncut += recovered(record["references"], entries)
        total += len(record["references"])
    assert (total, uncut) == (5056, 4792) and found >= 4950


def test_a_section_gives_each_work_with_its_lines_and_page(tagger_model):
    lines = [SectionLine("[1] R. Krishnan, J. S. Binkley, J. Chem. Phys. 1980, 72, 650;", page=3),
             SectionLine("b) A. D. McLean, G. S. Chandler, J. Chem. Phys. 1980, 72, 5639.", page=4),
             SectionLine("[2] P. Noyes, Phys. Rev. Lett. 15, 538 (1965); K. L. Kowalski,", page=4),
             SectionLine("Phys. Rev. 137, B1 (1965).", page=4)]
    found = split_section(lines, tagger_model)
    assert [(reference.text, reference.page, reference.lines) for reference in found] == [
        ("[1] R. Krishnan, J. S. Binkley, J. Chem. Phys. 1980, 72, 650;", 3, (0,)),
        ("b) A. D. McLean, G. S. Chandler, J. Chem. Phys. 1980, 72, 5639.", 4, (1,)),
        ("[2] P. Noyes, Phys. Rev. Lett. 15, 538 (1965);", 4, (2,)),
        ("K. L. Kowalski, Phys. Rev. 137, B1 (1965).", 4, (2, 3)),
    ]


def test_pasted_sections_are_cut_too():
    block = ("[1] P. Noyes, Phys. Rev. Lett. 15, 538 (1965); K. L. Kowalski, Phys. Rev. 137, B1 (1965).\n"
             "[2] Smith, J.; Jones, K. J. Am. Chem. Soc. 2001, 123, 45-50.")
    assert split_references(block) == ["[1] P. Noyes, Phys. Rev. Lett. 15, 538 (1965);",
                                       "K. L. Kowalski, Phys. Rev. 137, B1 (1965).",
                                       "[2] Smith, J.; Jones, K. J. Am. Chem. Soc. 2001, 123, 45-50."]
