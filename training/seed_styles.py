"""Labelled references in citation styles the corpora lack, generated from templates.

    python -m training.seed_styles            # writes data/seed-styles.jsonl

The three labelled corpora are mostly English author-year and numbered
styles. This writes a small, seeded set of references with exact spans by
construction: each reference is assembled from (text, label) pieces. Names come
from the name lexicons; titles, journals, publishers and places from the word
lists below. Two groups of families, each drawn from its own random stream so
that adding to one never changes the other:

- ``STYLES`` (``--count``, 500): GOST (Russian and transliterated), GB/T 7714,
  DIN 1505, ABNT, French humanities, compact Vancouver and footnote styles.
- ``TRANSLATED_STYLES`` (``--translated-count``, 245): reference lists written
  in English by authors from Russia, Ukraine and Central Asia -- a GOST
  skeleton translated or transliterated into English (titles in Capitalised
  Every Word, ``/ authors //``, `` - `` separators, ``Vol.9. No. 12.- Pp.
  23-26.``, ``496 P.``, ``Monograph.``, quoted publishers with organisation
  abbreviations, ``Kazan.2019.``, ``No 4 (74).``), conference materials,
  statistical yearbooks whose title holds a year, Uzbek author-year with
  ``&Name`` and ``(2019).``, and Vancouver ``2019;3(2):387-9`` with
  medical-journal abbreviations. Names are transliterated from the Cyrillic
  name lexicons or built from the Uzbek name stems below.

The output is part of the default training data (see training/train.py);
the same seed gives byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

from tagger import lexicon
from training import run

OUT = Path(__file__).resolve().parent.parent / "data" / "seed-styles.jsonl"
Piece = tuple[str, str | None]  # text and label (None: unlabelled separator)

TOPICS = {
    "en": ["analysis", "growth", "networks", "models", "risk", "policy", "learning", "markets", "cells", "soil",
           "education", "health", "energy", "language", "memory", "migration", "climate", "law", "design", "data"],
    "ru": ["анализ", "развитие", "модели", "управление", "экономика", "образование", "система", "методы",
           "оценка", "рынок", "институты", "регион", "предприятие", "инновации", "право", "культура"],
    "de": ["Analyse", "Entwicklung", "Modelle", "Recht", "Sprache", "Geschichte", "Bildung", "Wirtschaft",
           "Gesellschaft", "Methoden", "Politik", "Kultur"],
    "pt": ["análise", "desenvolvimento", "modelos", "educação", "saúde", "política", "direito", "gestão",
           "cultura", "sociedade", "métodos", "ensino"],
    "fr": ["analyse", "histoire", "société", "politique", "langue", "mémoire", "culture", "droit", "économie",
           "éducation", "ville", "travail"],
    "zh": ["研究", "分析", "模型", "系统", "方法", "发展", "设计", "网络", "数据", "管理", "技术", "应用"],
}
TITLE_FRAMES = {
    "en": ["{A} of {B} in {C}", "On the {A} of {B}", "{A} and {B}: a study of {C}", "New {A} for {B}",
           "The role of {A} in {B}"],
    "ru": ["{A} и {B} в современных условиях", "Проблемы {A}", "{A} как фактор {B}", "К вопросу о {A}",
           "Направления {A} и {B}"],
    "de": ["{A} und {B} im Wandel", "Zur {A} der {B}", "{A} als {B}", "Neue {A} in der {C}"],
    "pt": ["{A} e {B} no Brasil", "A {A} da {B}", "{A}: um estudo de {B}", "Novas {A} para a {B}"],
    "fr": ["{A} et {B} en France", "Pour une {A} de la {B}", "La {A} face à la {B}", "{A}, {B} et {C}"],
    "zh": ["{A}{B}{C}", "基于{A}的{B}{C}", "{A}{B}的{C}"],
}
JOURNALS = {
    "en": ["Journal of {X} Studies", "International Review of {X}", "{X} Quarterly", "Annals of {X}",
           "Proceedings of the Society for {X}"],
    "ru": ["Вестник {X} университета", "Вопросы {X}", "Известия вузов. {X}", "Журнал {X}", "Проблемы {X}"],
    "de": ["Zeitschrift für {X}", "Jahrbuch für {X}", "Archiv für {X}", "{X} und Gesellschaft"],
    "pt": ["Revista Brasileira de {X}", "Cadernos de {X}", "Estudos de {X}"],
    "fr": ["Revue française de {X}", "Cahiers de {X}", "Annales de {X}"],
    "zh": ["{X}学报", "{X}研究", "中国{X}"],
}
PLACES = {
    "en": ["London", "New York", "Oxford", "Chicago", "Boston"],
    "ru": ["М.", "СПб.", "Москва", "Новосибирск", "Казань", "Екатеринбург"],
    "de": ["Berlin", "München", "Frankfurt am Main", "Stuttgart", "Leipzig", "Wien"],
    "pt": ["São Paulo", "Rio de Janeiro", "Lisboa", "Porto Alegre"],
    "fr": ["Paris", "Lyon", "Rennes", "Genève"],
    "zh": ["北京", "上海", "武汉", "南京"],
}
PUBLISHERS = {
    "en": ["Routledge", "Oxford University Press", "Springer", "Norton", "Wiley"],
    "ru": ["Наука", "Питер", "Юрайт", "Инфра-М", "Дашков и К°"],
    "de": ["Springer", "C. H. Beck", "Suhrkamp", "Mohr Siebeck", "de Gruyter"],
    "pt": ["Atlas", "Saraiva", "Editora UFMG", "Vozes"],
    "fr": ["Gallimard", "PUF", "Seuil", "La Découverte"],
    "zh": ["科学出版社", "人民出版社", "清华大学出版社", "高等教育出版社"],
}


class Generator:
    """Draws names, titles and numbers for one language from a seeded random source."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        given, family = sorted(lexicon.load("given_names")), sorted(lexicon.load("family_names"))
        self.latin_given = [n for n in given if n.isascii() and n.isalpha() and len(n) > 2]
        self.latin_family = [n for n in family if n.isascii() and n.isalpha() and len(n) > 3]
        self.cyrillic_given = [n for n in given if "а" <= n[0] <= "я" and len(n) > 2]
        self.cyrillic_family = [n for n in family if "а" <= n[0] <= "я" and len(n) > 3]
        self.cjk_given = [n for n in given if "\u4e00" <= n[0] <= "\u9fff"]
        self.cjk_family = [n for n in family if "\u4e00" <= n[0] <= "\u9fff"]

    def pick(self, options):
        return self.rng.choice(options)

    def person(self, script: str) -> tuple[str, str]:
        """A (family, given) pair, capitalised."""
        if script == "cyrillic":
            return self.pick(self.cyrillic_family).capitalize(), self.pick(self.cyrillic_given).capitalize()
        if script == "cjk":
            return self.pick(self.cjk_family), self.pick(self.cjk_given)
        return self.pick(self.latin_family).capitalize(), self.pick(self.latin_given).capitalize()

    def initials(self, given: str, spaced: bool = True) -> str:
        second = self.pick(self.cyrillic_given if "а" <= given[0].lower() <= "я" else self.latin_given)
        parts = [given[0] + ".", second[0].upper() + "."]
        return (" " if spaced else "").join(parts[: self.rng.choice((1, 2))])

    def title(self, language: str) -> str:
        words = self.rng.sample(TOPICS[language], 3)
        text = self.pick(TITLE_FRAMES[language]).format(A=words[0], B=words[1], C=words[2])
        return text[0].upper() + text[1:]

    def journal(self, language: str) -> str:
        return self.pick(JOURNALS[language]).format(X=self.pick(TOPICS[language]).capitalize())

    def pages(self) -> tuple[int, int]:
        first = self.rng.randint(1, 600)
        return first, first + self.rng.randint(2, 40)

    def year(self) -> int:
        return self.rng.randint(1985, 2024)

    def dash(self) -> str:
        return self.pick(["–", "-", "—"])


def gost_article(g: Generator) -> list[Piece]:
    cyrillic = g.rng.random() < 0.6
    language, script = ("ru", "cyrillic") if cyrillic else ("en", "latin")
    authors = []
    for _ in range(g.rng.randint(1, 3)):
        family, given = g.person(script)
        authors.append(f"{family} {g.initials(given, spaced=g.rng.random() < 0.5)}")
    dash, first_page_last = g.dash(), g.pages()
    volume_word, issue_word, page_word = ("Т.", "№", "С.") if cyrillic else g.pick(
        [("Vol.", "No.", "Pp."), ("Vol.", "No.", "P."), ("V.", "N", "P.")])
    pieces: list[Piece] = []
    if g.rng.random() < 0.3:
        pieces += [(f"{g.rng.randint(1, 60)}.", "marker")]
    pieces += [(", ".join(authors), "author"), (g.title(language), "title")]
    if g.rng.random() < 0.3:
        family, given = g.person(script)
        pieces += [("/", None), (f"{family} {g.initials(given, spaced=False)}", "author")]
    glue = g.rng.random() < 0.3
    pieces += [("//", None), (g.journal(language) + ".", "venue"), (dash, None), (f"{g.year()}.", "year")]
    if g.rng.random() < 0.7:
        volume = f"{volume_word}{'' if glue else ' '}{g.rng.randint(1, 80)}"
        pieces += [(dash, None), (volume + g.pick([",", "."]), "volume")]
    else:
        pieces += [(dash, None)]
    pieces += [(f"{issue_word} {g.rng.randint(1, 12)}.", "issue"), (dash, None),
               (f"{page_word} {first_page_last[0]}{g.dash()}{first_page_last[1]}.", "pages")]
    return pieces


def gost_book(g: Generator) -> list[Piece]:
    family, given = g.person("cyrillic")
    editor_family, editor_given = g.person("cyrillic")
    pieces: list[Piece] = [(f"{family} {g.initials(given)}", "author"), (g.title("ru"), "title")]
    if g.rng.random() < 0.4:
        pieces += [("/", None), (f"под ред. {g.initials(editor_given)} {editor_family}", "editor")]
    dash = g.dash()
    if g.rng.random() < 0.4:
        pieces += [(dash, None), (f"{g.rng.randint(2, 5)}-е изд.", "edition")]
    pieces += [(dash, None), (g.pick(PLACES["ru"]) + " :", "location"), (g.pick(PUBLISHERS["ru"]) + ",", "publisher"),
               (f"{g.year()}.", "year"), (dash, None), (f"{g.rng.randint(80, 600)} с.", "pages")]
    return pieces


def gbt_article(g: Generator) -> list[Piece]:
    chinese = g.rng.random() < 0.7
    pieces: list[Piece] = [(f"[{g.rng.randint(1, 40)}]", "marker")]
    if chinese:
        names = ", ".join("".join(g.person("cjk")) for _ in range(g.rng.randint(1, 3)))
        title, journal = g.title("zh"), g.journal("zh")
    else:
        names = ", ".join(f"{f.upper()} {gv[0]}" for f, gv in (g.person("latin") for _ in range(g.rng.randint(1, 3))))
        title, journal = g.title("en"), g.journal("en")
    first, last = g.pages()
    pieces += [(names + ".", "author"), (title, "title"), ("[J].", None), (journal + ",", "venue"),
               (f"{g.year()},", "year"), (f"{g.rng.randint(1, 60)}", "volume"), (f"({g.rng.randint(1, 12)}):", "issue"),
               (f"{first}-{last}.", "pages")]
    return pieces


def gbt_book(g: Generator) -> list[Piece]:
    name = "".join(g.person("cjk"))
    first, last = g.pages()
    return [(f"[{g.rng.randint(1, 40)}]", "marker"), (name + ".", "author"), (g.title("zh"), "title"),
            ("[M].", None), (g.pick(PLACES["zh"]) + ":", "location"), (g.pick(PUBLISHERS["zh"]) + ",", "publisher"),
            (f"{g.year()}:", "year"), (f"{first}-{last}.", "pages")]


def din_article(g: Generator) -> list[Piece]:
    family, given = g.person("latin")
    first, last = g.pages()
    year = g.year()
    return [(f"{family}, {given}:", "author"), (g.title("de") + ".", "title"), ("In:", None),
            (g.journal("de"), "venue"), (f"Bd. {g.rng.randint(1, 90)}", "volume"), (f"({year}),", "year"),
            (f"Nr. {g.rng.randint(1, 12)},", "issue"), (f"S. {first}{g.dash()}{last}", "pages")]


def din_book(g: Generator) -> list[Piece]:
    authors = " ; ".join(f"{f}, {gv}" for f, gv in (g.person("latin") for _ in range(g.rng.randint(1, 2))))
    pieces: list[Piece] = []
    if g.rng.random() < 0.3:
        pieces += [(authors, "editor"), ("(Hrsg.):", "editor")]
    else:
        pieces += [(authors + ":", "author")]
    pieces += [(g.title("de") + ".", "title")]
    if g.rng.random() < 0.5:
        pieces += [(f"{g.rng.randint(2, 9)}. Aufl.", "edition")]
    pieces += [(g.pick(PLACES["de"]), "location"), (":", None), (g.pick(PUBLISHERS["de"]) + ",", "publisher"),
               (str(g.year()), "year")]
    return pieces


def abnt(g: Generator) -> list[Piece]:
    authors = "; ".join(f"{f.upper()}, {gv}" for f, gv in (g.person("latin") for _ in range(g.rng.randint(1, 3))))
    first, last = g.pages()
    if g.rng.random() < 0.5:
        return [(authors + ".", "author"), (g.title("pt") + ".", "title"), (g.journal("pt") + ",", "venue"),
                (f"v. {g.rng.randint(1, 60)},", "volume"), (f"n. {g.rng.randint(1, 12)},", "issue"),
                (f"p. {first}-{last},", "pages"), (f"{g.year()}.", "year")]
    return [(authors + ".", "author"), (g.title("pt") + ".", "title"), (f"{g.rng.randint(2, 6)}. ed.", "edition"),
            (g.pick(PLACES["pt"]) + ":", "location"), (g.pick(PUBLISHERS["pt"]) + ",", "publisher"),
            (f"{g.year()}.", "year"), (f"{g.rng.randint(80, 500)} p.", "pages")]


def french(g: Generator) -> list[Piece]:
    family, given = g.person("latin")
    first, last = g.pages()
    return [(f"{family.upper()} {given},", "author"), (f"« {g.title('fr')} »,", "title"),
            (g.journal("fr") + ",", "venue"), (f"vol. {g.rng.randint(1, 60)},", "volume"),
            (f"n° {g.rng.randint(1, 12)},", "issue"), (f"{g.year()},", "year"), (f"p. {first}-{last}.", "pages")]


def vancouver_compact(g: Generator) -> list[Piece]:
    names = ",".join(f"{f} {gv[0]}{g.pick(['', 'A', 'M'])}" for f, gv in
                     (g.person("latin") for _ in range(g.rng.randint(1, 4))))
    first, last = g.pages()
    journal = " ".join(word[:4] for word in g.journal("en").split() if word[0].isupper())
    pieces: list[Piece] = []
    if g.rng.random() < 0.5:
        pieces += [(f"{g.rng.randint(1, 50)}.", "marker")]
    pieces += [(names + ".", "author"), (g.title("en") + ".", "title"), (journal + ".", "venue"),
               (f"{g.year()};", "year"), (f"{g.rng.randint(1, 90)}", "volume"), (f"({g.rng.randint(1, 12)}):", "issue"),
               (f"{first}-{str(last)[-2:]}.", "pages")]
    return pieces


def footnote(g: Generator) -> list[Piece]:
    family, given = g.person("latin")
    pieces: list[Piece] = [(f"{g.rng.randint(1, 99)}.", "marker"), (f"{given} {family},", "author")]
    if g.rng.random() < 0.5:
        pieces += [(g.title("en"), "title"), ("(", None), (g.pick(PLACES["en"]) + ":", "location"),
                   (g.pick(PUBLISHERS["en"]) + ",", "publisher"), (f"{g.year()}),", "year"),
                   (f"{g.rng.randint(1, 400)}.", "pages")]
    else:
        first, last = g.pages()
        pieces += [(f"“{g.title('en')},”", "title"), (g.journal("en"), "venue"), (f"{g.rng.randint(1, 60)},", "volume"),
                   (f"no. {g.rng.randint(1, 12)}", "issue"), (f"({g.year()}):", "year"), (f"{first}–{last}.", "pages")]
    return pieces


# --- English-language reference lists by authors from Russia, Ukraine and Central Asia --------------------------

# Cyrillic to Latin as these reference lists print Russian and Ukrainian names.
TRANSLITERATION = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ye", "ж": "zh", "з": "z",
    "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ʼ": "",
})
UZBEK_GIVEN = {
    "male": ["Bakhodir", "Dilshod", "Sherzod", "Jasur", "Otabek", "Umid", "Akmal", "Sardor", "Aziz", "Botir",
             "Shokhrukh", "Ulugbek", "Jamshid", "Sanjar", "Zafar", "Ravshan", "Farkhod", "Nurlan", "Bakhtiyor",
             "Davron", "Ilkhom", "Khurshid", "Azamat", "Daniyar", "Erkin", "Temur", "Ermat", "Nodir"],
    "female": ["Nodira", "Gulnora", "Feruza", "Zarina", "Kamola", "Malika", "Nilufar", "Dilfuza", "Mukhlisa",
               "Shakhnoza", "Aigerim", "Saodat", "Mokhira", "Barno", "Zulfiya", "Dildora", "Sevara", "Gavhar"],
}
# Family names are a stem and -ov/-ev (-ova/-eva): Rakhimov, Ergashev.
UZBEK_FAMILY_STEMS = ["Rakhim", "Nazar", "Tursun", "Usmon", "Sobir", "Khamid", "Karim", "Rashid", "Mirzo", "Said",
                      "Normat", "Eshmat", "Kholmat", "Boymurod", "Ismoil", "Kurbon", "Sultan", "Khakim", "Ergash",
                      "Mamat", "Nurmat", "Shukur", "Ziyod", "Alim", "Davlat", "Bekmurod", "Safar", "Tojimat",
                      "Qodir", "Jumanazar", "Turob", "Khaydar"]
# Transliterated family-name prefixes kept out of the training data (a prefix so that feminine forms go too):
# names of hand-collected evaluation references, and names data/styles-check.jsonl uses (its tests keep the
# check set's names and the seed's apart).
HELD_OUT_FAMILY_NAMES = ("shiryaev", "ivanov", "kuznetsov", "orlov")
# Initials that are two letters in Latin script (Sh. for Sherzod, Zh. for Zhanna).
DIGRAPHS = ("Sh", "Ch", "Kh", "Zh", "Yu", "Ya", "Ye")
ECONOMICS_TITLE = {
    "process": ["development", "improvement", "formation", "assessment", "management", "state regulation",
                "modernization", "diversification", "financing", "digitalization", "stimulation", "forecasting",
                "transformation", "efficiency", "competitiveness", "sustainable growth"],
    "object": ["small business", "the agro-industrial complex", "investment activity", "tourism services",
               "human capital", "export potential", "the banking system", "the textile industry", "the labour market",
               "tax administration", "innovation infrastructure", "household incomes", "logistics services",
               "the fruit and vegetable sector", "public procurement", "industrial enterprises", "free economic zones",
               "microfinance organizations", "cotton-textile clusters", "the green economy", "family entrepreneurship",
               "water resources use"],
    "setting": ["the region", "rural areas", "the Republic of Uzbekistan", "Kazakhstan", "transition economies",
                "the digital economy", "modern conditions", "the post-pandemic period", "the Eurasian Economic Union",
                "industrial regions", "market relations", "Ukraine", "the Kyrgyz Republic", "Tajikistan",
                "the Volga Federal District"],
}
ECONOMICS_TITLE_FRAMES = [
    "{process} of {object} in {setting}", "Ways of {process} of {object}",
    "Theoretical foundations of the {process} of {object}", "{process} of {object}: problems and prospects",
    "Methodological approaches to the {process} of {object}", "The role of {object} in {setting}",
    "Current state and {process} of {object} in {setting}", "Some issues of {process} of {object}",
    "Features of the {process} of {object} in {setting}", "Priority directions of {process} of {object} in {setting}",
    "Econometric modelling of the {process} of {object}", "Mechanisms for the {process} of {object} in {setting}",
]
FIELDS = ["Economics", "Finance", "Management", "Agrarian Economics", "Regional Economy", "Innovation",
          "Social Sciences", "Business Studies", "Economic Theory", "Accounting and Audit", "Marketing", "Tourism",
          "Economic Security", "Entrepreneurship"]
ENGLISH_JOURNAL_FRAMES = [
    "International Journal of {field} and {field2}", "Eurasian Journal of {field}", "Central Asian Review of {field}",
    "Bulletin of {university}", "{field}: Theory and Practice", "Actual Problems of {field}",
    "Herald of {field} and {field2}", "Scientific Notes of {university}", "Modern {field} Research",
    "Journal of Applied {field}", "{field} and {field2} in the Digital Age", 'Scientific Journal "{field} Today"',
]
CITIES = ["Samarkand", "Bukhara", "Namangan", "Andijan", "Fergana", "Karshi", "Nukus", "Termez", "Almaty", "Bishkek",
          "Osh", "Dushanbe", "Khujand", "Kazan", "Ufa", "Omsk", "Tomsk", "Saratov", "Voronezh", "Krasnodar", "Orenburg",
          "Barnaul", "Kharkiv", "Dnipro", "Poltava", "Tashkent", "Moscow", "St. Petersburg", "Yekaterinburg",
          "Karaganda"]
UNIVERSITY_FRAMES = ["{city} State University", "{city} State Technical University", "{city} Institute of {field}",
                     "{city} Agrarian University", "{city} State University of Economics",
                     "{city} Branch of the Academy of {field}"]
PUBLISHER_FRAMES = ['Publishing House "{brand}"', 'Publishing Center of FSBEI HE "{abbreviation}"',
                    "Publishing House of {abbreviation}", '"{brand}" Publishing House', 'LLC "{brand}"',
                    "{university} Press", 'Printing House of FGBOU VO "{abbreviation}"', "{brand}"]
PUBLISHER_BRANDS = ["Vektor", "Zenit-Print", "Orion Nashr", "Sharq Ziyosi", "Navruz Print", "Ilmiy Kitob", "Aurum",
                    "Poligraf-Servis", "Kvadrat", "Akademkniga Plus", "Iskander", "Tafakkur Qanoti", "Biznes-Ekspert",
                    "Aksioma"]
BOOK_KINDS = ["Monograph", "Monograph", "Textbook", "Study Guide", "Collective Monograph", "Manual"]
COLLECTION_FRAMES = ["Collection of Scientific Papers of {university}", "{theme}: Collection of Scientific Articles",
                     "{theme}: Collection of Scientific Works", "Scientific Works of {university}",
                     "Bulletin of Young Scientists of {university}",
                     "Actual Issues of {field}: Interuniversity Collection of Scientific Papers"]
ROMAN_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XII", "XV"]
CONFERENCE_SCOPES = ["International", "All-Russian", "Republican", "Interuniversity", "Regional",
                     "International Online", "Interregional"]
CONFERENCE_KINDS = ["Scientific and Practical Conference", "Scientific-Practical Conference",
                    "Scientific Conference of Young Scientists", "Scientific and Methodological Conference",
                    "Scientific-Technical Conference", "Forum of Economists"]
CONFERENCE_FRAMES = ["Materials of the {ordinal} {scope} {kind}", "Proceedings of the {ordinal} {scope} {kind}",
                     "Collection of Materials of the {scope} {kind}", "Abstracts of the {ordinal} {scope} {kind}",
                     "Materials of the {scope} {kind} Dedicated to the {anniversary}th Anniversary of {university}"]
CONFERENCE_ENDINGS = ["", ' "{theme}"', " (Proceedings)", ' "{theme}" (Online)',
                      " on {theme}"]
COUNTRIES = ["Uzbekistan", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Azerbaijan", "Belarus"]
REGIONS = ["Samarkand Region", "Fergana Region", "Kashkadarya Region", "Navoi Region", "Khorezm Region",
           "Karaganda Region", "Osh Region", "Sughd Region", "Tomsk Region", "Saratov Region"]
STATISTICS_TITLE_FRAMES = [
    "Statistical Yearbook of {place}. {year}", "{place} in Figures. {year}", "Demographic Yearbook of {place}. {span}",
    "Agriculture of {place}: Statistical Collection. {year}", "Socio-Economic Situation of {place} in {year}",
    "Industry of {place}. {year}: Statistical Bulletin", "Small Business and Entrepreneurship in {place}. {year}",
    "Foreign Trade of {place} in {year}: Statistical Yearbook", "Labour and Employment in {place}. {year}",
    "Regions of {country}. Statistical Yearbook. {year}",
]
ORGANISATION_FRAMES = ["Statistics Agency of the Republic of {country}", "National Statistics Office of {country}",
                       "Main Department of Statistics of {region}", "Territorial Statistics Department of {region}",
                       "Ministry of Economic Development of the Republic of {country}",
                       "Center for Economic Research of {country}",
                       "Committee on Statistics of the Ministry of Economy of {country}"]
MEDICAL_TITLE = {
    "aspect": ["clinical features", "risk factors", "prevalence", "treatment outcomes",
               "diagnostic value of ultrasound", "early diagnosis", "surgical treatment", "laboratory markers",
               "quality of life", "immune status", "morphological changes"],
    "condition": ["iron deficiency anaemia", "chronic gastritis", "community-acquired pneumonia",
                  "type 2 diabetes mellitus", "arterial hypertension", "rheumatoid arthritis",
                  "chronic viral hepatitis B", "brucellosis", "urolithiasis", "cholelithiasis", "acute pancreatitis",
                  "endemic goitre"],
    "group": ["children", "elderly patients", "pregnant women", "adolescents", "rural residents",
              "patients after cardiac surgery", "the population of the Aral Sea region", "young athletes"],
}
MEDICAL_TITLE_FRAMES = ["{aspect} of {condition} in {group}", "{aspect} in {group} with {condition}",
                        "Comparative analysis of {aspect} in {condition}", "{condition} in {group}: {aspect}"]
MEDICAL_JOURNAL_FRAMES = ["{region} Journal of {field}", "Journal of {adjective} {field}",
                          "International Journal of {field} Research", "Annals of {adjective} {field}",
                          "Bulletin of {adjective} {field}", "{region} Medical Journal", "Problems of {field}",
                          "{adjective} {field} Reports"]
MEDICAL_FIELDS = ["Medicine", "Surgery", "Pediatrics", "Cardiology", "Neurology", "Infectious Diseases", "Oncology",
                  "Gastroenterology", "Endocrinology", "Urology", "Obstetrics and Gynecology"]
# Journal-title abbreviations as medical reference lists print them ("Cent Asian J Infect Dis").
MEDICAL_ABBREVIATIONS = {
    "Journal": "J", "International": "Int", "Clinical": "Clin", "Medicine": "Med", "Medical": "Med",
    "Surgery": "Surg", "Pediatrics": "Pediatr", "Research": "Res", "Cardiology": "Cardiol", "Neurology": "Neurol",
    "Infectious": "Infect", "Diseases": "Dis", "Reports": "Rep", "Annals": "Ann", "Bulletin": "Bull",
    "Experimental": "Exp", "Oncology": "Oncol", "Central": "Cent", "Problems": "Probl", "Practical": "Pract",
    "Modern": "Mod", "Obstetrics": "Obstet", "Gynecology": "Gynecol", "Gastroenterology": "Gastroenterol",
    "Endocrinology": "Endocrinol", "Urology": "Urol", "Ukrainian": "Ukr", "Kazakhstan": "Kaz",
}
GOST_DASHES = [" - ", " - ", " – ", " — "]


def every_word(text: str) -> str:
    """Capitalise Every Word as some reference lists are typed: ``FSBEI`` becomes ``Fsbei``, numerals stay ``II``."""
    def capitalise(match: re.Match) -> str:
        word = match.group(0)
        return word if re.fullmatch(r"[IVX]+", word) else word[0].upper() + word[1:].lower()
    return re.sub(r"(?<![\w'])[^\W\d_][\w']*", capitalise, text)


def sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def initial(name: str) -> str:
    return (name[:2] if name.startswith(DIGRAPHS) else name[0]) + "."


def abbreviation(name: str) -> str:
    """``Samarkand State Technical University`` -> ``SamSTU``: the city's first syllable, then initials."""
    city, *rest = name.split()
    syllable = re.match(r"[^aeiou]*[aeiou]?[^aeiou]*", city.lower()).group(0) if len(city) > 4 else city
    return syllable.capitalize()[:4] + "".join(word[0] for word in rest if word[0].isupper())


def vancouver_pages(first: int, last: int) -> str:
    """``387-389`` -> ``387-9``: the last page without the digits it shares with the first."""
    first_text, last_text = str(first), str(last)
    if len(first_text) == len(last_text):
        shared = next((i for i, (a, b) in enumerate(zip(first_text, last_text)) if a != b), len(last_text) - 1)
        last_text = last_text[shared:]
    return f"{first}-{last_text}"


def concatenate(pieces: list[Piece]) -> tuple[str, list[dict]]:
    """Join pieces that carry their own spacing into a reference string and the spans of the labelled ones."""
    text, spans = "", []
    for piece, label in pieces:
        if label is not None:
            spans.append({"start": len(text), "end": len(text) + len(piece), "label": label})
        text += piece
    return text, spans


class TranslatedGenerator(Generator):
    """Draws transliterated and Uzbek names, invented English titles, journals and publishers."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__(rng)
        self.cyrillic_family = [name for name in self.cyrillic_family
                                if not name.translate(TRANSLITERATION).startswith(HELD_OUT_FAMILY_NAMES)]

    def latin_person(self, uzbek: bool | None = None) -> tuple[str, str, str]:
        """(family, given, patronymic) in Latin letters: a transliterated Russian or Ukrainian name or an Uzbek one.

        Only the initial of a transliterated patronymic is used: the lexicons do not say which names are male.
        """
        if not (self.rng.random() < 0.5 if uzbek is None else uzbek):
            family, given, father = ("-".join(part.capitalize() for part in
                                              self.pick(names).translate(TRANSLITERATION).split("-"))
                                     for names in (self.cyrillic_family, self.cyrillic_given, self.cyrillic_given))
            return family, given, father if self.rng.random() < 0.85 else ""
        female = self.rng.random() < 0.4
        stem = self.pick(UZBEK_FAMILY_STEMS)
        suffix = "yev" if stem.endswith(("a", "o", "i")) else "ev" if stem.endswith(("sh", "ch", "j", "y")) else "ov"
        family = stem + suffix + ("a" if female else "")
        father = self.pick(UZBEK_GIVEN["male"])
        patronymic = father + ("ovna" if female else "ovich") if self.rng.random() < 0.7 else \
            father + (" qizi" if female else " o'g'li")
        return family, self.pick(UZBEK_GIVEN["female" if female else "male"]), patronymic

    def short_name(self, person: tuple[str, str, str], form: str) -> str:
        family, given, patronymic = person
        letters = [initial(given)] + ([initial(patronymic)] if patronymic else [])
        if form == "tight":
            return f"{family} {''.join(letters)}"
        if form == "spaced":
            return f"{family} {' '.join(letters)}"
        if form == "comma":
            return f"{family}, {' '.join(letters)}"
        if form == "vancouver":
            return f"{family} {''.join(letter[0] for letter in letters)}"
        if form == "full":
            return " ".join(part for part in (family, given, patronymic) if part)
        return f"{''.join(letters)} {family}"  # "initials first", as after the slash

    def names(self, people: list[tuple[str, str, str]], form: str) -> str:
        return ", ".join(self.short_name(person, form) for person in people)

    def economics_title(self, capitalised: bool) -> str:
        words = {slot: self.pick(options) for slot, options in ECONOMICS_TITLE.items()}
        title = sentence(self.pick(ECONOMICS_TITLE_FRAMES).format(**words))
        return every_word(title) if capitalised else title

    def university(self) -> str:
        city = self.pick([city for city in CITIES if " " not in city])
        return self.pick(UNIVERSITY_FRAMES).format(city=city, field=self.pick(FIELDS))

    def english_journal(self) -> str:
        field, other = self.rng.sample(FIELDS, 2)
        return self.pick(ENGLISH_JOURNAL_FRAMES).format(field=field, field2=other, university=self.university())

    def publisher(self) -> str:
        university = self.university()
        return self.pick(PUBLISHER_FRAMES).format(brand=self.pick(PUBLISHER_BRANDS), university=university,
                                                  abbreviation=abbreviation(university))

    def theme(self) -> str:
        process, thing = self.pick(ECONOMICS_TITLE["process"]), self.pick(ECONOMICS_TITLE["object"])
        return every_word(sentence(f"{process} of {thing}"))

    def year(self) -> int:
        return self.rng.randint(1995, 2024)

    def pages(self) -> tuple[int, int]:
        first = self.rng.randint(3, 320)
        return first, first + self.rng.randint(2, 12)

    def marker(self) -> list[Piece]:
        number = self.rng.randint(1, 60)
        return self.pick([[], [], [(f"{number}.", "marker"), (" ", None)], [(f"[{number}]", "marker"), (" ", None)]])

    def doi(self) -> str:
        suffix = self.pick([f"2181-{self.rng.randint(1000, 9999)}-{self.year()}-{self.rng.randint(1, 12)}-"
                            f"{self.rng.randint(1, 300)}", f"zenodo.{self.rng.randint(1000000, 9999999)}",
                            f"j.{self.rng.randint(1000, 9999)}.{self.rng.randint(100, 999)}"])
        return f"10.{self.rng.randint(4000, 59999)}/{suffix}"


def journal_numbers(g: TranslatedGenerator, dash: str) -> list[Piece]:
    """``Vol.9. No. 12.- Pp. 23-26.`` in one of the ways these lists write it."""
    first, last = g.pages()
    volume, issue = g.rng.randint(1, 30), g.rng.randint(1, 12)
    pieces: list[Piece] = []
    if g.rng.random() < 0.7:
        volume_text = g.pick([f"Vol.{volume}.", f"Vol. {volume}.", f"Vol. {volume},", f"V. {volume}.",
                              f"T. {volume}.", f"Volume {volume}."])
        pieces += [(volume_text, "volume"), (g.pick([" ", " ", dash]), None)]
    running = g.rng.randint(10, 160)
    issue_text = g.pick([f"No. {issue}.", f"No.{issue}.", f"№ {issue}.", f"No {issue} ({running}).",
                         f"No. {issue} ({running}).", f"Issue {issue}.", f"N {issue}."])
    page_text = g.pick([f"Pp. {first}-{last}.", f"P. {first}-{last}.", f"Pp.{first}-{last}.", f"P. {first}–{last}.",
                        f"S. {first}-{last}."])
    return pieces + [(issue_text, "issue"), (g.pick([dash, "- ", " "]), None), (page_text, "pages")]


def year_after_dash(g: TranslatedGenerator, dash: str) -> list[Piece]:
    """`` - 2019.``, or ``-2020.`` glued to its dash."""
    year = f"{g.year()}."
    return [(" -", None), (year, "year")] if g.rng.random() < 0.25 else [(dash, None), (year, "year")]


def gost_english_article(g: TranslatedGenerator) -> list[Piece]:
    capitalised, dash = g.rng.random() < 0.7, g.pick(GOST_DASHES)
    people = [g.latin_person() for _ in range(g.rng.randint(1, 3))]
    title = g.economics_title(capitalised)
    pieces = g.marker() + [(g.names(people, g.pick(["tight", "spaced"])), "author"), (" ", None)]
    if g.rng.random() < 0.4:
        pieces += [(title, "title"), (" / ", None), (g.names(people, "initials first"), "author")]
    else:
        pieces += [(title + g.pick(["", "."]), "title")]
    journal = g.english_journal()
    pieces += [(g.pick([" // ", " //", "// "]), None),
               ((every_word(journal) if capitalised else journal) + ".", "venue")]
    if g.rng.random() < 0.3:  # the plain modern variant: "Journal. 2019. Vol. 9, No. 12. P. 23-26."
        return pieces + [(" ", None), (f"{g.year()}.", "year"), (" ", None)] + journal_numbers(g, " ")
    return pieces + year_after_dash(g, dash) + [(dash, None)] + journal_numbers(g, dash)


def place_publisher_year(g: TranslatedGenerator, capitalised: bool) -> list[Piece]:
    """``Kazan: Publishing House "Vektor", 2019.``, ``Kazan, 2019.`` or the glued ``Kazan.2019.``"""
    city, year, shape = g.pick(CITIES), f"{g.year()}.", g.rng.random()
    if shape < 0.6:
        publisher = g.publisher()
        return [(city + ":", "location"), (" ", None),
                ((every_word(publisher) if capitalised else publisher) + ",", "publisher"), (" ", None), (year, "year")]
    if shape < 0.8:
        return [(city + ",", "location"), (" ", None), (year, "year")]
    return [(city + ".", "location"), (year, "year")]


def gost_english_book(g: TranslatedGenerator) -> list[Piece]:
    capitalised, dash = g.rng.random() < 0.7, g.pick(GOST_DASHES)
    people = [g.latin_person() for _ in range(g.rng.randint(1, 3))]
    title, kind = g.economics_title(capitalised), g.pick(BOOK_KINDS)
    pieces = g.marker() + [(g.names(people[:1], g.pick(["tight", "spaced"])), "author"), (" ", None)]
    if g.rng.random() < 0.5:
        pieces += [(title, "title"), (": ", None), (kind + ".", "note")]
    else:
        pieces += [(title + ".", "title"), (" ", None), (kind + ".", "note")]
    if len(people) > 1 or g.rng.random() < 0.3:
        pieces += [(" / ", None), (g.names(people, "initials first") + ".", "author")]
    if g.rng.random() < 0.2:
        edition = g.pick(["2nd Ed.", "3rd Ed., Revised and Expanded.", "2nd Ed., Revised."])
        pieces += [(dash, None), (every_word(edition) if capitalised else edition, "edition")]
    pieces += [(dash, None)] + place_publisher_year(g, capitalised)
    pieces += [(dash, None), (f"{g.rng.randint(60, 600)} {g.pick(['P.', 'P.', 'p.', 'Pp.'])}", "pages")]
    if g.rng.random() < 0.25:
        isbn = f"ISBN 978-{g.pick(['5', '9943', '601', '966'])}-{g.rng.randint(100, 9999)}-{g.rng.randint(10, 999)}-" \
               f"{g.rng.randint(0, 9)}."
        pieces += [(g.pick([dash, " "]), None), (isbn, "identifier")]
    return pieces


def gost_english_chapter(g: TranslatedGenerator) -> list[Piece]:
    """A chapter of a collection of papers; with four or more authors the title comes first (as GOST wants)."""
    capitalised, dash = g.rng.random() < 0.7, g.pick(GOST_DASHES)
    people = [g.latin_person() for _ in range(g.rng.randint(1, 5))]
    title = g.economics_title(capitalised)
    pieces = g.marker()
    if len(people) < 4:
        pieces += [(g.names(people[:1], g.pick(["tight", "spaced"])), "author"), (" ", None)]
    pieces += [(title, "title"), (" / ", None), (g.names(people, "initials first"), "author")]
    venue = g.pick(COLLECTION_FRAMES).format(university=g.university(), theme=g.theme(), field=g.pick(FIELDS))
    pieces += [(" // ", None), ((every_word(venue) if capitalised else venue) + ".", "venue")]
    if g.rng.random() < 0.35:
        editor = g.short_name(g.latin_person(), "initials first")
        pieces += [(" / ", None), (f"{g.pick(['Ed. by', 'Ed. By', 'Under the Editorship of'])} {editor}.", "editor")]
    pieces += [(dash, None)] + place_publisher_year(g, capitalised)
    if g.rng.random() < 0.5:
        number = g.rng.randint(1, 12)
        pieces += [(dash, None), g.pick([(f"Issue {number}.", "issue"), (f"Vol. {number}.", "volume"),
                                         (f"Part {number}.", "volume")])]
    first, last = g.pages()
    return pieces + [(dash, None), (g.pick([f"P. {first}-{last}.", f"Pp. {first}-{last}."]), "pages")]


def conference_materials(g: TranslatedGenerator) -> list[Piece]:
    capitalised, dash = g.rng.random() < 0.7, g.pick(GOST_DASHES)
    people = [g.latin_person() for _ in range(g.rng.randint(1, 3))]
    university = g.university()
    venue = g.pick(CONFERENCE_FRAMES).format(ordinal=g.pick(ROMAN_NUMERALS), scope=g.pick(CONFERENCE_SCOPES),
                                              kind=g.pick(CONFERENCE_KINDS), university=university,
                                              anniversary=g.pick([10, 20, 25, 30, 50, 60, 75, 90, 100]))
    venue = every_word(venue + g.pick(CONFERENCE_ENDINGS).format(theme=g.theme()))
    pieces = g.marker() + [(g.names(people, g.pick(["tight", "spaced"])), "author"), (" ", None),
                           (g.economics_title(capitalised), "title")]
    if g.rng.random() < 0.7:
        pieces += [(" // ", None), (venue + ".", "venue")]
        if g.rng.random() < 0.3:
            pieces += [(dash, None), (f"Part {g.rng.randint(1, 4)}.", "volume")]
        pieces += [(dash, None)] + place_publisher_year(g, capitalised)
        first, last = g.pages()
        return pieces + [(dash, None), (g.pick([f"P. {first}-{last}.", f"Pp. {first}-{last}."]), "pages")]
    first, last = g.pages()  # "Title. In: Proceedings of ... City, 2021. Pp. 45-49."
    return pieces + [(". In: ", None), (venue + ".", "venue"), (" ", None), (g.pick(CITIES) + ",", "location"),
                     (" ", None), (f"{g.year()}.", "year"), (" ", None), (f"Pp. {first}-{last}.", "pages")]


def statistical_yearbook(g: TranslatedGenerator) -> list[Piece]:
    """A yearbook or report with no author, a year in its title and an organisation as publisher."""
    dash, country, region = g.pick(GOST_DASHES), g.pick(COUNTRIES), g.pick(REGIONS)
    place = g.pick([country, f"the Republic of {country}", region])
    data_year = g.rng.randint(1995, 2023)
    title = g.pick(STATISTICS_TITLE_FRAMES).format(place=place, country=country, year=data_year,
                                                    span=f"{data_year - 4}-{data_year}")
    organisation = g.pick(ORGANISATION_FRAMES).format(country=country, region=region)
    city = g.pick(CITIES)
    pieces = g.marker() + [(every_word(title) + ".", "title")]
    electronic = g.rng.random() < 0.3
    if electronic:
        pieces += [(" ", None), ("[Electronic Resource].", "note")]
    pieces += [(dash, None), (city + ":", "location"), (" ", None), (every_word(organisation) + ",", "publisher"),
               (" ", None), (f"{data_year + 1}.", "year")]
    if electronic:
        initials = "".join(word[0] for word in organisation.split() if word[0].isupper()).lower()
        address = f"https://{initials}.gov.example/en/publications/{g.rng.randint(10, 999)}"
        accessed = f"{g.rng.randint(1, 28):02}.{g.rng.randint(1, 12):02}.{min(data_year + 2, 2024)}"
        return pieces + [(dash, None), ("URL:", None), (" ", None), (address, "url"), (" ", None),
                         (f"(Accessed: {accessed}).", "note")]
    return pieces + [(dash, None), (f"{g.rng.randint(40, 620)} {g.pick(['P.', 'p.'])}", "pages")]


def central_asian_author_year(g: TranslatedGenerator) -> list[Piece]:
    """Uzbek author-year: ``Karimov, B. E., &Rakhimova, N. (2019). Title. Journal, 4 (74), 23-26.``"""
    form = g.pick(["comma", "tight", "full"])
    people = [g.latin_person(uzbek=True if form == "full" else None) for _ in range(g.rng.randint(1, 3))]
    names = [g.short_name(person, form) for person in people]
    ampersand = g.pick([" &", " & ", ", &", ", & "])
    authors = ", ".join(names[:-1]) + ampersand + names[-1] if len(names) > 1 else names[0]
    journal = g.english_journal()
    pieces = g.marker() + [(authors, "author"), (" ", None), (f"({g.year()}){g.pick(['.', ''])}", "year"), (" ", None),
                           (g.economics_title(g.rng.random() < 0.7) + ".", "title"), (" ", None),
                           (g.pick([journal, every_word(journal)]) + ",", "venue"), (" ", None)]
    volume, issue, running = g.rng.randint(1, 30), g.rng.randint(1, 12), g.rng.randint(10, 160)
    first, last = g.pages()
    shape = g.rng.random()
    if shape < 0.4:
        pieces += [(str(volume), "volume"), (g.pick([" ", ""]), None), (f"({running}),", "issue"), (" ", None),
                   (f"{first}-{last}.", "pages")]
    elif shape < 0.75:
        pieces += [(f"Vol. {volume},", "volume"), (" ", None), (g.pick([f"Issue {issue},", f"No. {issue},"]), "issue"),
                   (" ", None), (f"{g.pick(['Pp.', 'P.', 'pp.'])} {first}-{last}.", "pages")]
    else:
        pieces += [(f"No. {issue} ({running}).", "issue"), (" ", None), (f"P. {first}-{last}.", "pages")]
    if g.rng.random() < 0.3:
        pieces += [(" ", None), (g.pick(["https://doi.org/", "DOI: "]) + g.doi(), "doi")]
    return pieces


def vancouver_medical(g: TranslatedGenerator) -> list[Piece]:
    """``Rakhimova DA, Nazarov BT. Title. Cent Asian J Infect Dis. 2019;3(2):387-9.``"""
    people = [g.latin_person() for _ in range(g.rng.randint(1, 6))]
    authors = g.names(people[:3], "vancouver") + (", et al." if len(people) > 3 else ".")
    words = {slot: g.pick(options) for slot, options in MEDICAL_TITLE.items()}
    title = sentence(g.pick(MEDICAL_TITLE_FRAMES).format(**words))
    journal = g.pick(MEDICAL_JOURNAL_FRAMES).format(
        region=g.pick(["Central Asian", "Eurasian", "Ukrainian", "Kazakhstan"]), field=g.pick(MEDICAL_FIELDS),
        adjective=g.pick(["Clinical", "Experimental", "Practical", "Modern"]))
    abbreviated = " ".join(MEDICAL_ABBREVIATIONS.get(word, word) for word in journal.split()
                           if word not in {"of", "and", "the"})
    first, last = g.pages()
    pieces = g.marker() + [(authors, "author"), (" ", None)]
    title = every_word(title) if g.rng.random() < 0.5 else title
    if g.rng.random() < 0.25:
        pieces += [(title, "title"), (" ", None), (g.pick(["[in Russian].", "[In Russian].", "[in Uzbek]."]), "note")]
    else:
        pieces += [(title + ".", "title")]
    pieces += [(" ", None), (abbreviated + ".", "venue"), (" ", None), (f"{g.year()};", "year"),
               (str(g.rng.randint(1, 40)), "volume"), (f"({g.rng.randint(1, 12)}):", "issue"),
               (vancouver_pages(first, last) + ".", "pages")]
    if g.rng.random() < 0.3:
        pieces += [(" ", None), (f"doi: {g.doi()}", "doi")]
    return pieces


STYLES: dict[str, Callable[[Generator], list[Piece]]] = {
    "gost-article": gost_article,
    "gost-book": gost_book,
    "gbt-article": gbt_article,
    "gbt-book": gbt_book,
    "din-article": din_article,
    "din-book": din_book,
    "abnt": abnt,
    "french": french,
    "vancouver-compact": vancouver_compact,
    "footnote": footnote,
}
# Styles whose pieces are written without spaces between them.
GLUED = {"gbt-article", "gbt-book", "vancouver-compact"}
# Their pieces carry their own spacing (see concatenate).
TRANSLATED_STYLES: dict[str, Callable[[TranslatedGenerator], list[Piece]]] = {
    "gost-english-article": gost_english_article,
    "gost-english-book": gost_english_book,
    "gost-english-chapter": gost_english_chapter,
    "conference-materials": conference_materials,
    "statistical-yearbook": statistical_yearbook,
    "central-asian-author-year": central_asian_author_year,
    "vancouver-medical": vancouver_medical,
}


def assemble(pieces: list[Piece], glued: bool, rng: random.Random) -> tuple[str, list[dict]]:
    """Join pieces into a reference string and the spans of the labelled ones."""
    text, spans = "", []
    for piece, label in pieces:
        if text and not (glued and rng.random() < 0.7):
            text += " "
        if label is not None:
            spans.append({"start": len(text), "end": len(text) + len(piece), "label": label})
        text += piece
    return text, spans


def generate(count: int, seed: int, translated_count: int = 0) -> list[dict]:
    """``count`` references in ``STYLES``, then ``translated_count`` in ``TRANSLATED_STYLES``.

    The second group draws from its own random stream, so it leaves the first group's references as they were.
    """
    rng = random.Random(seed)
    generator = Generator(rng)
    names = sorted(STYLES)
    records = []
    for number in range(1, count + 1):
        style = names[(number - 1) % len(names)]
        text, spans = assemble(STYLES[style](generator), style in GLUED, rng)
        records.append(record(style, number, text, spans))
    translated = TranslatedGenerator(random.Random(f"{seed}:translated"))
    names = sorted(TRANSLATED_STYLES)
    for index in range(translated_count):
        style = names[index % len(names)]
        text, spans = concatenate(TRANSLATED_STYLES[style](translated))
        records.append(record(style, count + index + 1, text, spans))
    return records


def record(style: str, number: int, text: str, spans: list[dict]) -> dict:
    spans = [span | {"source_label": f"seed:{style}"} for span in spans]
    return {"id": f"seed-{style}-{number}", "text": text, "spans": spans}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.seed_styles", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500, help="references in STYLES")
    parser.add_argument("--translated-count", type=int, default=245, help="references in TRANSLATED_STYLES")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    records = generate(args.count, args.seed, args.translated_count)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"wrote {len(records)} references to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.seed_styles"))
