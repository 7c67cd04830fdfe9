"""Peak memory of ``reftagger parse`` on a large input file: it should stay flat as the file streams.

    python benchmarks/stream_memory.py [--size-mb 100] [--processes 1] [--keep FILE]

Writes a file of ``--size-mb`` megabytes of reference lines (references from
``../shared/data``, else the project's ``data/``, each with two words replaced
by random letter strings so the stream keeps bringing words the tokenizer and
the caches have not seen), runs ``python -m tagger.cli parse FILE`` on it with
the output sent to /dev/null, and samples the resident memory (VmRSS) of the
process and its workers twice a second. Prints the peak in each tenth of the
run: memory held constant means the later tenths peak no higher than the
early ones.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DATA_DIR = REPOSITORY.parent / "shared" / "data"


def write_input(path: Path, size: int, seed: int) -> int:
    # The labelled references of the corpora (blocks/ holds whole reference sections, not references).
    files = [name for name in sorted(DATA_DIR.glob("*/*.jsonl")) if name.parent.name != "blocks"] or sorted(
        (REPOSITORY / "data").glob("*.jsonl"))
    texts = [json.loads(line)["text"] for name in files for line in name.open(encoding="utf-8") if line.strip()]
    generator = random.Random(seed)
    written = lines = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            words = generator.choice(texts).split(" ")
            for _ in range(2):
                words[generator.randrange(len(words))] = "".join(generator.choices(string.ascii_letters, k=7))
            line = " ".join(words) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            lines += 1
    return lines


def resident_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def family(pid: int) -> list[int]:
    """``pid`` and its child processes (the workers of --processes N)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [pid, *map(int, children.read_text().split())]
    except FileNotFoundError:
        return [pid]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=100)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="write the input here and keep it (default: a temporary file)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        source = args.keep or Path(folder) / "references.txt"
        lines = write_input(source, int(args.size_mb * 1_000_000), args.seed)
        print(f"input: {source.stat().st_size / 1e6:.0f} MB, {lines:,} lines", file=sys.stderr)
        env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
        command = [sys.executable, "-m", "tagger.cli", "parse", str(source), "--processes", str(args.processes)]
        samples = []
        started = time.perf_counter()
        with open(os.devnull, "w") as sink:
            process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, env=env)
            while process.poll() is None:
                samples.append((time.perf_counter() - started, resident_kb(family(process.pid))))
                time.sleep(0.5)
            error = process.stderr.read().decode()
        seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"reftagger parse failed ({process.returncode}): {error}")
    print(f"parsed {lines:,} lines in {seconds:.0f} s ({lines / seconds:,.0f} lines/s), --processes {args.processes}")
    print("peak resident memory in each tenth of the run (MB):")
    tenths = [max((kb for at, kb in samples if k * seconds / 10 <= at < (k + 1) * seconds / 10), default=0)
              for k in range(10)]
    print("  " + "  ".join(f"{kb / 1024:.0f}" for kb in tenths))
    print(f"overall peak: {max(kb for _, kb in samples) / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
