"""Labelled references in citation styles the corpora lack, generated from templates.

    python -m training.seed_styles            # writes data/seed-styles.jsonl

The three labelled corpora are mostly English author-year and numbered
styles. This writes a small, seeded set of references in GOST (Russian and
transliterated), GB/T 7714, DIN 1505, ABNT, French humanities, compact
Vancouver and footnote styles, with exact spans by construction: each
reference is assembled from (text, label) pieces. Names come from the name
lexicons; titles, journals, publishers and places from the word lists below.
The output is part of the default training data (see training/train.py);
the same seed gives byte-identical output.
"""

from __future__ import annotations

import argparse
import json
import random
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


def generate(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    generator = Generator(rng)
    names = sorted(STYLES)
    records = []
    for number in range(1, count + 1):
        style = names[(number - 1) % len(names)]
        text, spans = assemble(STYLES[style](generator), style in GLUED, rng)
        spans = [span | {"source_label": f"seed:{style}"} for span in spans]
        records.append({"id": f"seed-{style}-{number}", "text": text, "spans": spans})
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.seed_styles", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    records = generate(args.count, args.seed)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"wrote {len(records)} references to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(run(main, "python -m training.seed_styles"))
