"""References quoted as hard cases: a 2022 economics article's reference list, PDF-extracted physics and
hydrology references, and numbers glued to punctuation. The shipped model must get their fields right.

Fields are compared as the field metric compares them (DESIGN.md): words, casefolded, a leading page marker
dropped.
"""

import pytest

import tagger
from tagger.labels import CORE_LABELS
from tagger.research.metrics import fields

# The mission's own example: the reference list of a 2022 economics article, with every core field each
# reference has.
MISSION = [
    ("1. Russian Statistical Yearbook. 2020: Stat. Sat. Moscow: Rosstat, 2020 700 P.",
     {"title": ["Russian Statistical Yearbook. 2020"], "year": ["2020"], "pages": ["700 P."]}),
    ('2. Report on Research Work On The Topic "Creation Of A Regional Innovation And Technology Park- Sarov: '
     'Jsc "Vnii Conversion". 2004',
     {"title": ['Report on Research Work On The Topic "Creation Of A Regional Innovation And Technology Park'],
      "year": ["2004"]}),
    ("3. Bondarskaya, T.A., Directions Of The Impact Of Institutional Changes On The Organizational And Economic "
     "Tools For The Development Of Small Towns / Shiryaevm.Yu/ //Socio-Economic Phenomena And Processes. - 2014. "
     "- Vol.9. No. 12.- Pp. 23-26.",
     {"author": ["Bondarskaya, T.A.", "Shiryaevm.Yu"],
      "title": ["Directions Of The Impact Of Institutional Changes On The Organizational And Economic Tools For "
                "The Development Of Small Towns"],
      "venue": ["Socio-Economic Phenomena And Processes"], "year": ["2014"], "pages": ["Pp. 23-26"]}),
    ("4. Bondarskaya, T.A., Economic Security Management: Theory, Methodology, Practice. / Bondarskaya O.V., "
     "Minko L.V./. Monograph. Germany: Lap Lambert Academic Publishing, 2021.- 496 P.",
     {"author": ["Bondarskaya, T.A.", "Bondarskaya O.V., Minko L.V."],
      "title": ["Economic Security Management: Theory, Methodology, Practice"], "year": ["2021"],
      "pages": ["496 P."]}),
    ("5. Bondarskaya, T.A., Monitoring Of Socio-Economic Threats at the Regional Level. Issues of Modern Science "
     "And Practice. V.I. Vernadsky University. Tambov.2019. 4 (74).",
     {"author": ["Bondarskaya, T.A."], "title": ["Monitoring Of Socio-Economic Threats at the Regional Level"],
      "venue": ["Issues of Modern Science And Practice. V.I. Vernadsky University"], "year": ["2019"]}),
    ("6. Mkrtchyan, S. A., the Needs for the Development of Human Capital of the Population in the Region. "
     "/Mkrtchyan, S. A., Bondarskaya T.A./ Research Of Socio-Economic Development Of Territories In The "
     "Conditions Of Sanctions And Threats Of Global Challenges: Materials Of The I All-Russian Scientific And "
     "Practical Conference (With International Participation). Issue 1. In 2 T. Fgbou in \"Tstu\". - Tambov: "
     "Publishing Center Of Fsbei Vo \"Tstu\", 2020. Pp. 16-20.",
     {"author": ["Mkrtchyan, S. A.", "Mkrtchyan, S. A., Bondarskaya T.A."],
      "title": ["the Needs for the Development of Human Capital of the Population in the Region"],
      "venue": ["Research Of Socio-Economic Development Of Territories In The Conditions Of Sanctions And "
                "Threats Of Global Challenges: Materials Of The I All-Russian Scientific And Practical "
                "Conference (With International Participation)"],
      "year": ["2020"], "pages": ["Pp. 16-20"]}),
    ("7. Pardayev, M. K., Pardaeva, O. M., &Ermatovich, Y. S. (2021). Benefits of Implementing the Digital "
     "Economy in Tourism. Academic Journal of Digital Economics and Stability, 587-590.",
     {"author": ["Pardayev, M. K., Pardaeva, O. M., &Ermatovich, Y. S."], "year": ["2021"],
      "title": ["Benefits of Implementing the Digital Economy in Tourism"],
      "venue": ["Academic Journal of Digital Economics and Stability"], "pages": ["587-590"]}),
    ("8. Yuldashev, S., &Sultonov, B. (2020). Factors of Sustainable Development of Agriculture. Interconf.",
     {"author": ["Yuldashev, S., &Sultonov, B."], "year": ["2020"],
      "title": ["Factors of Sustainable Development of Agriculture"], "venue": ["Interconf"]}),
]

# PDF-extracted text and numbers glued to punctuation: year, volume, issue and pages each a field of its own.
NUMBERS = [
    ("A. Lee, B. Kim, Stable spin liquids, Phys. Rev. Lett. 66 (1991), 1955",
     {"year": ["1991"], "volume": ["66"], "pages": ["1955"]}),
    ("Park, S., Choi, H.: Hidden order in spin chains.Commun .Math .Phys .152 ,201 -230( 1993)",
     {"venue": ["Commun .Math .Phys"], "volume": ["152"], "pages": ["201 -230"], "year": ["1993"]}),
    ("Journal of Hydrology 41 (2014) 112e129", {"pages": ["112e129"], "year": ["2014"], "volume": ["41"]}),
    ("3. Abdullaev Ravshan&Ermatovich. Sovershenstvovanie mexanizmov ... // Ekonomika i finansy. -2020. - № 4. "
     "- S. 45-51.", {"year": ["2020"], "issue": ["№ 4"], "pages": ["S. 45-51"]}),
    ("Smith J, Jones K. Parsing references. J Biol. 2019;3(2):387-9.",
     {"year": ["2019"], "volume": ["3"], "issue": ["2"], "pages": ["387-9"]}),
    ("Huang C, Wang Y, Li X, et al. Clinical features of patients. Lancet. 2020;395(10223):497-506.",
     {"year": ["2020"], "volume": ["395"], "issue": ["10223"], "pages": ["497-506"]}),
]


def normalised(expected: dict[str, list[str]]) -> dict:
    """The expected fields as the field metric sees them (words, casefolded, page markers dropped); values of
    one label are separate fields, as they are in a reference with other words between them."""
    joined, spans = "", []
    for label, values in expected.items():
        for value in values:
            spans.append({"start": len(joined), "end": len(joined) + len(value), "label": label})
            joined += value + " | "
            spans.append({"start": len(joined), "end": len(joined) + 3, "label": "note"})
            joined += "gap | "
    return {label: values for label, values in fields(joined, spans).items() if label in expected}


def found(text: str, labels) -> dict:
    reference = tagger.parse(text)
    return {label: values for label, values in fields(text, [span.to_dict() for span in reference.spans]).items()
            if label in labels}


# Issue 15 asks for seven of the eight; the shipped model gets three. What it does instead, for each one it misses:
MISSED = {
    1: "the title and the subtitle 'Stat. Sat.' are taken for a venue",
    2: "the title starts at 'Work', leaving 'Report on Research' out, and runs on into '- Sarov: Jsc "
       "\"Vnii Conversion'",
    5: "the venue's first half goes to the title, 'V.I. Vernadsky University. Tambov.' to the publisher",
    6: "the venue is cut after 'Challenges:' into a title and a venue, and its '(With International Participation)' "
       "joins 'Issue 1. In 2 T. Fgbou in \"Tstu\"' in a note",
    8: "'Interconf.' is taken for a publisher",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=f"mission-{number}",
                  marks=[pytest.mark.xfail(strict=True, reason=MISSED[number])] if number in MISSED else [])
     for number, (text, expected) in enumerate(MISSION, start=1)])
def test_the_references_of_the_mission_example(text, expected):
    assert found(text, CORE_LABELS) == normalised(expected)


@pytest.mark.parametrize(("text", "expected"), NUMBERS, ids=[text[:30] for text, _ in NUMBERS])
def test_year_volume_issue_and_pages_are_each_a_field_of_their_own(text, expected):
    assert found(text, expected) == normalised(expected)


# Titles that hold the word "references": synthetic noise once put the heading "References" between two fields
# of training references, and the model learnt that the word belongs to no field ("Parsing references." lost it).
REFERENCE_WORD = [
    ("Smith J, Jones K. Parsing references. J Biol. 2019;3(2):387-9.", {"title": ["Parsing references"]}),
    ("Smith J, Jones K. Parsing long references well. J Biol. 2019;3(2):387-9.",
     {"title": ["Parsing long references well"]}),
    ("Smith, J. (2010). References and citations in the humanities. Scientometrics, 82(3), 1-10.",
     {"title": ["References and citations in the humanities"]}),
]


@pytest.mark.parametrize(("text", "expected"), REFERENCE_WORD, ids=[text[:30] for text, _ in REFERENCE_WORD])
def test_a_title_keeps_the_word_references(text, expected):
    assert found(text, expected) == normalised(expected)
