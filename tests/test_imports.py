"""The package's structure, read from its source: no import cycle, every error class in errors.py, and a parse
that loads only what parsing needs."""

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tagger"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(name: str, path: Path) -> set[str]:
    """The tagger modules ``name`` imports anywhere in its file (at the top or inside a function), each as the
    module named: ``from tagger.corpus import formats`` imports ``tagger.corpus.formats``, a submodule."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per dot beyond the first
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *filter(None, [base])])
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names)
    return {module for module in found if module in MODULES and module != name}


def test_no_import_cycle_anywhere_in_the_package():
    graph = {name: imported(name, path) for name, path in MODULES.items()}
    assert graph["tagger.model"] >= {"tagger.features", "tagger.crf"}  # the reading works
    cycles, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_inference_never_imports_research_corpora_synthesis_or_the_command_line():
    inference = ("tagger.cleanup", "tagger.tokenizer", "tagger.features", "tagger.state_scores", "tagger.crf",
                 "tagger.rules", "tagger.model", "tagger.workers", "tagger.batching", "tagger.reference",
                 "tagger.normalize", "tagger.output")
    for name in MODULES:
        if name.startswith(inference):
            outside = {module for module in imported(name, MODULES[name])
                       if module.startswith(("tagger.research", "tagger.corpus", "tagger.synth", "tagger.cli"))}
            assert not outside, (name, outside)


def test_every_error_class_is_defined_in_errors_py():
    for name, path in MODULES.items():
        if name == "tagger.errors":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(base) for base in node.bases}
                assert not any(base.endswith(("Error", "Exception", "Warning")) for base in bases), (name, node.name)


def test_parsing_loads_neither_the_training_libraries_nor_the_research_modules():
    program = ("import sys, json, tagger; tagger.parse('Smith, J. (2001). A title. J. Biol., 3, 1-10.'); "
               "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parent)
    loaded = json.loads(result.stdout)
    unneeded = [name for name in loaded if name.split(".")[0] in ("sklearn", "sklearn_crfsuite", "pycrfsuite",
                                                                   "datasets", "pyarrow", "pandas", "matplotlib")
                or name.startswith(("tagger.research", "tagger.corpus", "tagger.synth", "tagger.cli"))]
    assert "tagger.model" in loaded and unneeded == []
