"""Names: an author or editor field split into persons (family, given, particle, suffix) and organisations.

The styles decide the order: ``Smith, J.`` and ``SILVA, João`` put the family name before a comma; ``Smith J``,
``Ivanov I.I.``, ``ZHANG Hua`` (GB/T), ``Abdullaev Ravshan Ermatovich`` (a patronymic last) and ``王伟`` put it
first without one; ``J. Smith`` and ``John Smith`` put it last. A list is split at ``;``, ``&`` and the words
for *and*, then at commas. An organisation (``World Health Organization``, ``国家统计局``) is kept whole as
``{"literal": ...}``, as CSL has it. Measured on the hand-labelled author lists of ``data/names*.jsonl``
(``python -m training.name_accuracy``; README, *Records*): 95.4% of family names right on the set held out.
"""

from __future__ import annotations

import re
from typing import Any

from tagger import lexicon
from tagger.patterns import is_initials

# Words that join the names of a list, in the languages of the lexicons.
# Case matters: a capital И is an initial, a lowercase и joins names.
# A slash joins names too, spaced or glued after an initial's period (German "Schmidt, A./Weber, B.").
CONJUNCTION = re.compile(r"\s*[;&]\s*|\s+/\s+|(?<=\.)/(?=\w)|\s+(?:and|And|AND|und|et(?!\s*al)|y|e|va|и|і|та)\s+")
ET_AL = re.compile(r",?\s*\[?(?:\bet\s*al\b\.?|\bu\.\s*a\.|\bи\s*др\.?|\bi\s*dr\b\.?|\bva\s*boshq\w*\.?|\bet\s*alii\b|…"
                   r"|\.\.\.)\]?\s*$"
                   r"|,?\s*等\s*$", re.IGNORECASE)
# Editor words after the names: English, German, French, Portuguese and Spanish (ABNT's "(Org.)", "(Coord.)",
# "(Comp.)"), Russian.
EDITOR_MARK = re.compile(r"[,(\s]*\(?\b(?:eds?|hrsgg?|dirs?|coords?|orgs?|comps?|editors?|ред)\b\.?\)?\.?\s*$"
                         r"|^\s*(?:под\s+ред\.?|(?:eds?|hrsg|edited\s+by)\.?(?:\s+v\.)?)\s+", re.IGNORECASE)
PARTICLES = frozenset("van von der den de del della di da dos das do du la le ten ter zu".split())
# French articles begin family names in capitals as part of them: LE GOFF is Le Goff, not "le" Goff.
CAPITAL_FAMILY_ARTICLES = frozenset({"le", "la", "du"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "2nd", "3rd", "4th", "filho", "neto", "júnior", "sobrinho"})
# A patronymic ends a name written family name first: Abdullaev Ravshan Ermatovich, Иванов Иван Иванович,
# Kazakh Нұрлан Қайратұлы.
PATRONYMIC = re.compile(r"(?:ovich|evich|ovych|evych|ovna|evna|ivna|ichna|ovič|evič|ович|евич|ьевич|овна|евна|ична"
                        r"|ивна|qizi|qyzy|kyzy|uly|ogly|ugli|оглы|кызы|улы|ұлы|қызы)$|^o['‘’`ʻ]?g['‘’`ʻ]?li$",
                        re.IGNORECASE)
# A family name of these endings written before a given name without a comma (Tursunov Akmal, Петрова Анна).
FAMILY_ENDING = re.compile(r"(?:[ey]?ov|[ey]?ova|[ey]?ev|[ey]?eva|skiy|skii|skaya|enko|ов|ова|ев|ёв|ева|ин|ина"
                           r"|ский|ская|енко)$", re.IGNORECASE)
# Words of an organisation's name, in the languages of the corpora.
ORGANISATION = re.compile(
    r"\b(?:organi[sz]ation|organisation|association|institute?|instituto|istituto|department|ministry|ministère"
    r"|ministério|ministerio|ministerium|service|agency|committee|commission|group|university|universität"
    r"|universidad|universidade|université|society|council|bureau|office|cent(?:er|re)|foundation|board|academy"
    r"|corporation|consortium|collaboration|network|bank|fund|programme|federation|union|agenzia|bundesamt|normung"
    r"|statistik|respublikasi|qo['‘’`ʻ]mitasi"
    r"|vazirligi|fundação|fundación|fondation|fondazione|stiftung|служба|министерство|институт|комитет|агентство"
    r"|университет|академия|управление|организация)\b"
    # German compounds (Forschungsgemeinschaft, Bundesministerium) and a name closed by its acronym: "(DFG)"
    r"|\w(?:gemeinschaft|gesellschaft|ministerium|institut|verband|stiftung|akademie)\b|\s\([A-Z]{2,}\)$",
    re.IGNORECASE)
HAN_CHARACTER = r"[\u3400-\u9fff\uf900-\ufaff]"  # CJK ideographs, with extension A and the compatibility ones
HAN = re.compile(HAN_CHARACTER + "+")
HAN_ORGANISATION = re.compile(r"(?:局|部|院|会|所|中心|委员会|协会|学会|大学|公司|组织|办公室|研究院|研究所|出版社)$")
# The two-character surnames of the Hundred Family Surnames (百家姓) still in use.
HAN_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 轩辕 钟离 南宫 "
    "闻人 西门 百里 呼延 澹台 太史 申屠 公冶 赫连 濮阳 淳于 单于 太叔 仲孙 万俟 独孤".split())
# Full-width and ideographic separators of GB/T lists, as their ASCII counterparts.
WIDE_SEPARATORS = str.maketrans({"，": ", ", "、": ", ", "；": "; "})
# Capitalised prefixes that begin a family name written last (F. De Santis, A. Lo Presti, P. Van Dyke).
CAPITAL_PREFIXES = frozenset("de di da del della dei lo la le van von du dos des".split())
ELLIPSIS = re.compile(r"^(?:\.\s*){3}|^…")
GLUED_AMPERSAND = re.compile(r"(?<=\w)&(?=(\w+))")


def _is_suffix(piece: str) -> bool:
    return piece.lower().rstrip(".") in SUFFIXES


def _tidy(word: str, family: bool = False) -> str:
    """A name part in ALL CAPITALS written the usual way (``SMITH`` -> ``Smith``); others unchanged. Two
    capitals are initials in a given name but a family name as such (``LI``, ``XU``)."""
    # O'NEIL -> O'Neil, MÜLLER-LÜDE -> Müller-Lüde
    if word.isupper() and (len(word) > 2 and not is_initials(word, loose=True) or family and _capital_family(word)):
        word = re.sub(r"[^\W\d_]+", lambda part: part.group()[:1] + part.group()[1:].lower(), word)
        return re.sub(r"^Mc(\w)", lambda found: "Mc" + found.group(1).upper(), word)  # MCALLISTER -> McAllister
    return word


def _particle(word: str) -> bool:
    """A particle in lower case (``van``, ``de``) or in a name written in capitals (``VAN``); ``Van Horn`` and
    ``De Luca`` keep theirs in the family name."""
    return word.lower() in PARTICLES and (word.islower() or word.isupper() and word.lower() not in
                                          CAPITAL_FAMILY_ARTICLES)


def _initial(word: str) -> bool:
    """Initials (``J.``, ``JA``), but not a particle in capitals (``DE``, ``LA``)."""
    return is_initials(word, loose=True) and not (word.isupper() and word.lower() in PARTICLES)


def _acronym(words: list[str]) -> bool:
    """An organisation known by its acronym alone: OECD, UNESCO, NASA (one word of three or more capitals)."""
    return len(words) == 1 and len(words[0].strip(".")) >= 3 and words[0].strip(".").isalpha() and (
        words[0].isupper())


def _name(family: list[str], given: list[str], suffix: str = "") -> dict[str, str]:
    particles: list[str] = []
    # DE LA TOUR: after a particle even a capital article is one (de la Tour), where LE GOFF keeps Le Goff
    while len(family) > 1 and (_particle(family[0]) or particles and family[0].isupper()
                               and family[0].lower() in PARTICLES):
        particles.append(family.pop(0).lower())
    while given and _particle(given[-1]) and len(given) > 1:  # Torre, M. de la
        particles.insert(0, given.pop().lower())
    if not suffix and len(family) > 1 and _is_suffix(family[-1]):  # SANTOS FILHO, Pereira Neto
        suffix = _tidy(family.pop())
    name = {"family": " ".join(_tidy(word, family=True) for word in family)}
    if given:
        name["given"] = " ".join(_tidy(word) for word in given)
    if particles:
        name["particle"] = " ".join(particles)
    if suffix:
        name["suffix"] = suffix
    return name


def _han_name(word: str) -> dict[str, str]:
    """``王伟`` -> family 王, given 伟; a two-character surname (``欧阳明辉``) stays together."""
    split = 2 if word[:2] in HAN_COMPOUND_SURNAMES and len(word) > 2 else 1
    return {"family": word[:split], "given": word[split:]} if len(word) > split else {"family": word}


def _family_first(words: list[str]) -> bool:
    """Whether a name written without a comma puts the family name first although no initials follow it:
    a patronymic last, a family name in capitals before given names (GB/T's ``ZHANG Hua``, ``LE GOFF
    Yannick``), or a family name ending as Slavic and Turkic ones do before a given name that does not."""
    if len(words) < 2 or any(_initial(word) for word in words[1:]):
        return False
    if PATRONYMIC.search(words[-1]):
        return True
    capitals = [_capital_family(word) for word in words]
    if capitals[0] and not all(capitals):
        return True
    return len(words) == 2 and bool(FAMILY_ENDING.search(words[0])) and not FAMILY_ENDING.search(words[1])


def _capital_family(word: str) -> bool:
    """A family name in capitals (``ZHANG``, ``LI``), not initials with periods (``J.``)."""
    return word.isupper() and len(word) > 1 and "." not in word


def _name_of_words(words: list[str]) -> dict[str, str]:
    """One name written without a comma: ``Smith J``, ``Ivanov I.I.``, ``J. Smith``, ``John van Smith``,
    ``ZHANG Hua``, ``Abdullaev Ravshan Ermatovich``, ``王伟``, ``Bernard (C.)``."""
    words = [word[1:-1] if word.startswith("(") and word.endswith(")") else word for word in words]
    joined = "".join(words).rstrip(".。")
    if HAN.fullmatch(joined) and len("".join(words)) <= 4:  # 王伟, 王 伟
        return _han_name(joined)
    suffix = words.pop() if len(words) > 1 and _is_suffix(words[-1]) else ""
    if _family_first(words):
        capitals = 0
        while capitals < len(words) - 1 and _capital_family(words[capitals]):
            capitals += 1
        split = capitals if 0 < capitals < len(words) and not PATRONYMIC.search(words[-1]) else 1
        return _name(words[:split], words[split:], suffix)
    initial = [_initial(word) for word in words]
    if len(words) == 2 and initial == [True, True] and len(words[0].rstrip(".")) > 1 and len(words[1].rstrip(".")) == 1:
        initial = [False, True]  # XU M: a two-letter family name in capitals, then an initial
    if len(words) > 1 and initial[-1] and not initial[0]:  # family name first, initials after
        split = initial.index(True)
        return _name(words[:split], words[split:], suffix)
    if len(words) == 1:
        return {"literal": words[0].strip(".")} if _acronym(words) and not suffix else _name(words, [], suffix)
    start = len(words) - 1  # the family name: the last word, with the particles before it
    while start > 1 and (_particle(words[start - 1]) or words[start - 1].lower() in CAPITAL_PREFIXES
                         and words[start - 1][:1].isupper() and not initial[start - 1]):  # F. De Santis
        start -= 1
    # Juan Carlos Ortega Villalba: the family name starts at the first word that is neither an initial nor a
    # given name the lexicon knows (two surnames, as Spanish and Portuguese names have). A middle name the
    # lexicon lacks joins the family name (George Walker Bush); on the name sets this gains more than it loses.
    given = lexicon.load("given_names")
    first = next((index for index in range(1, start)
                  if not initial[index] and words[index].casefold() not in given), start)
    if all(words[index].casefold() in given or initial[index] for index in range(first)):
        start = first
    return _name(words[start:], words[:start], suffix)


def is_organisation(text: str) -> bool:
    """Whether ``text`` names an organisation, not a person: a word such as *Organization*, *Institut*,
    *служба*, or Han characters too many for a person's name or ending as an office's name does."""
    text = text.strip(" .,;:")
    if HAN.fullmatch(text):
        return len(text) >= 5 or (len(text) >= 3 and bool(HAN_ORGANISATION.search(text)))
    return len(text.split()) >= 2 and bool(ORGANISATION.search(text))


def _given_like(words: list[str]) -> bool:
    """Words that can follow a family name and a comma: initials, capitalised words, particles at the end."""
    return any(not _particle(word) for word in words) and all(
        _initial(word) or word[:1].isupper() or _particle(word) for word in words)  # Maria do Carmo, J. M. da S.


def _inverted(words: list[str], following: str) -> bool:
    """Whether ``words``, a comma, then the piece ``following`` is one name, family name first (``Smith, J.``,
    ``SILVA, Maria A.``, ``Torre, M. de la``), rather than two names of a list."""
    after = following.split()
    if not after or _is_suffix(following) or any(_initial(word) for word in words):
        return False
    if HAN.fullmatch(" ".join(words)) or HAN.fullmatch(following):  # 王伟, 李小明: two names
        return False
    if all(_initial(word) for word in after) or len(after) == 1:
        return True
    family = [word for word in words if not _particle(word)]
    return _given_like(after) and (len(family) == 1 or all(word.isupper() for word in family))


def names(value: str) -> dict[str, Any]:
    """``{"names": [{family, given, particle, suffix} or {literal}, ...], "et_al": bool}`` from an author or
    editor list.

    >>> names("Smith, J., & van der Berg, K. et al.")
    {'names': [{'family': 'Smith', 'given': 'J.'}, {'family': 'Berg', 'given': 'K.', 'particle': 'van der'}], \
'et_al': True}
    """
    value = re.sub(r"^\s*in:?\s+", "", value.translate(WIDE_SEPARATORS).strip(" ,;:"), flags=re.IGNORECASE)
    value = EDITOR_MARK.sub("", value).strip(" ,;:")
    et_al = bool(ET_AL.search(value))
    value = ET_AL.sub("", value).strip(" ,;:")
    # Abdullaev Ravshan&Ermatovich: an ampersand glued to a patronymic stands for a space, not for "and"
    value = GLUED_AMPERSAND.sub(lambda found: " " if PATRONYMIC.search(found.group(1)) else "&", value)
    if is_organisation(value) and ";" not in value and ("," not in value or not any(
            _initial(word) for word in value.replace(",", " ").split())):
        return {"names": [{"literal": value.strip(" .")}], "et_al": et_al}
    found: list[dict[str, str]] = []
    for group in CONJUNCTION.split(value):
        if is_organisation(group):
            found.append({"literal": group.strip(" .,")})
            continue
        pieces = [piece.strip(" .") if _is_suffix(piece.strip()) else piece.strip() for piece in group.split(",")]
        pieces = [ELLIPSIS.sub("", piece).strip() for piece in pieces]  # APA's ". . ." before the last author
        pieces = [piece for piece in pieces if piece]
        index = 0
        while index < len(pieces):
            words = pieces[index].split()
            if _is_suffix(pieces[index]) and found and "family" in found[-1]:
                found[-1]["suffix"] = pieces[index] + ("." if pieces[index].lower() in {"jr", "sr"} else "")
                index += 1
                continue
            following = pieces[index + 1] if index + 1 < len(pieces) else ""
            if _inverted(words, following):
                found.append(_name(words, following.split()))
                index += 2
                continue
            found.append(_name_of_words(words))
            index += 1
    return {"names": found, "et_al": et_al}


def same_person(first: dict[str, str], second: dict[str, str]) -> bool:
    """Whether two names are one person written twice (GOST repeats the authors after ``/``): the same family
    name and the same first initial, or the same organisation."""
    if "literal" in first or "literal" in second:
        return first.get("literal", "").casefold() == second.get("literal", "").casefold()
    return (first["family"].casefold() == second["family"].casefold()
            and first.get("given", "")[:1].casefold() == second.get("given", "")[:1].casefold())
