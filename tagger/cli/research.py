"""The researcher's commands of ``reftagger``: train, evaluate, compare, inspect, and the experiments
(cross-validation, leave-one-corpus-out, hyper-parameter search, learning curve). They call
:mod:`tagger.research`."""

from __future__ import annotations

import argparse
import json
import os
import shlex
from pathlib import Path
from typing import Any

from tagger.cli.common import number_in, read_all, say, whole
from tagger.errors import InputError, TaggerError
from tagger.research import tell


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before any work, output paths that cannot be written: a --report folder that is a file, a file
    option that names a folder or lies in a missing one."""
    report = getattr(args, "report", None)
    if report is not None and Path(report).exists() and not Path(report).is_dir():
        raise InputError(f"{report}: is a file; --report names the folder to write the report in")
    if report is not None and getattr(args, "figures", False) and not args.no_plots:
        from tagger.research.plots import check_available

        check_available()
    for option in ("json", "markdown", "errors", "write_config"):
        path = getattr(args, option, None)
        if path is None:
            continue
        flag = "--" + option.replace("_", "-")
        if Path(path).is_dir() or path.endswith(("/", os.sep)):
            raise InputError(f"{path}: is a folder; {flag} names the file to write")
        try:
            Path(path).resolve().parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(f"{path}: cannot make its folder: {error.strerror or error}") from None


def _weight(value: str) -> tuple[str, int]:
    name, _, count = value.rpartition("=")
    if not name or not count.isdigit() or int(count) < 1:
        raise argparse.ArgumentTypeError(f"expected FILE=N with N a whole number of at least 1, not {value!r}")
    return name, int(count)


def _values(value: str) -> tuple[str, list[float]]:
    """``NAME=V1,V2,...`` of ``--select``."""
    name, _, raw = value.partition("=")
    try:
        values = [float(item) for item in raw.split(",")]
    except ValueError:
        values = []
    if not name or not values:
        raise argparse.ArgumentTypeError(f"expected NAME=V1,V2,... with numbers, not {value!r}")
    return name, values


def _parameter(value: str) -> tuple[str, Any]:
    name, _, raw = value.partition("=")
    if not name or not raw:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, not {value!r}")
    for kind in (int, float):
        try:
            return name, kind(raw)
        except ValueError:
            pass
    return name, {"true": True, "false": False}.get(raw.lower(), raw)


def add_training_arguments(parser: argparse.ArgumentParser, data_required: bool = False) -> None:
    """The flags that make a :class:`tagger.research.config.TrainingConfig`; given flags override ``--config``."""
    from tagger.corpus.formats import READERS
    from tagger.features import FEATURE_GROUPS
    from tagger.research.config import ALGORITHMS, SCHEMES

    group = parser.add_argument_group("training settings (override --config)")
    group.add_argument("--config", metavar="FILE", help="TOML training configuration (see training/README.md)")
    group.add_argument("--data", action="extend", nargs="+", metavar="FILE",
                       help="labelled training files, any supported format (repeatable)")
    group.add_argument("--test", action="extend", nargs="+", metavar="FILE",
                       help="labelled test files: never trained on (overlapping texts are removed from training)")
    group.add_argument("--labels", choices=SCHEMES, help="label scheme: full (default) or core (the five core labels)")
    group.add_argument("--exclude-features", action="extend", nargs="+", metavar="GROUP",
                       choices=list(FEATURE_GROUPS), help=f"feature groups to leave out: {', '.join(FEATURE_GROUPS)}")
    group.add_argument("--algorithm", choices=ALGORITHMS, help="CRFsuite training algorithm (default: lbfgs)")
    group.add_argument("--c1", type=number_in(0), help="L1 regularisation, lbfgs (default: 0.15, the shipped model's)")
    group.add_argument("--c2", type=number_in(0),
                       help="L2 regularisation, lbfgs/l2sgd (default for lbfgs: 0.1, the shipped model's)")
    group.add_argument("--crf", action="append", type=_parameter, metavar="NAME=VALUE",
                       help="any other CRFsuite parameter of the algorithm (sklearn-crfsuite's names)")
    group.add_argument("--max-iterations", type=whole(1), metavar="N", help="training iterations (default: 200)")
    group.add_argument("--weight", action="append", type=_weight, metavar="FILE=N",
                       help="count each reference of a training file N times")
    group.add_argument("--synth", type=whole(0), metavar="N",
                       help="synthetic references to add (needs reftagger[synth]; default: 0)")
    group.add_argument("--seed", type=int, help="random seed for folds, samples and synthetic data (default: 0)")
    group.add_argument("--from", dest="format", choices=list(READERS),
                       help="format of the data and test files (default: told from each file's name or content)")
    group.add_argument("--lenient", action="store_true", default=None,
                       help="skip and count malformed records instead of stopping")
    group.add_argument("--jobs", type=whole(1), default=1, metavar="N",
                       help="processes for featurising, and for fits run side by side (search; train's "
                       "settings on a dev split) (default: 1)")


def config_from(args: argparse.Namespace) -> Any:
    """The configuration ``args`` describe: ``--config`` if given, then every flag given on top."""
    from tagger.research.config import TrainingConfig, default_parameters, load_config

    config = load_config(args.config) if args.config else TrainingConfig()
    changes: dict[str, Any] = {}
    for name in ("data", "test", "labels", "exclude_features", "max_iterations", "synth", "seed", "format"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    if args.lenient:
        changes["lenient"] = True
    if args.weight:
        changes["weights"] = {**config.weights, **dict(args.weight)}
    crf = dict(config.crf)
    if args.algorithm is not None and args.algorithm != config.algorithm:
        changes["algorithm"] = args.algorithm
        crf = default_parameters(args.algorithm)
    given = {name: getattr(args, name) for name in ("c1", "c2") if getattr(args, name) is not None}
    given |= dict(args.crf or [])
    crf |= given
    if getattr(args, "dev_fraction", None) is not None:
        changes["dev_fraction"] = args.dev_fraction
    # A parameter given on the command line is the one trained with: it replaces the values --config's
    # [selection] would choose among (the shipped configuration lists its chosen c1 and c2 there).
    select = {name: values for name, values in config.select.items() if name not in given}
    if getattr(args, "select", None):
        select |= dict(args.select)
    if select != config.select:
        changes["select"] = select
    config = config.replace(**changes)
    config.crf = crf
    return config.check()


def _command_line(args: argparse.Namespace) -> str:
    return "reftagger " + " ".join(shlex.quote(argument) for argument in args.argv)


def command_train(args: argparse.Namespace) -> int:
    from tagger.research.training import train_model

    config = config_from(args)
    out = Path(args.out)
    _check_model_folder(out, args.force)
    try:
        meta = train_model(config, out, jobs=args.jobs, command=_command_line(args))
    except KeyboardInterrupt:
        tell(f"interrupted: {out} is as it was before")
        raise
    data = meta["training_data"]
    given = sum(summary["references"] for summary in data["files"].values())
    overlap = sum(summary["removed_as_test_overlap"] for summary in data["files"].values())
    weighted = data["train_references"] - data["references"]
    tell(f"trained on {data['references']:,} of the {given:,} references given ({overlap:,} removed as test overlap, "
         f"{data['removed_as_duplicates']:,} as duplicates)"
         + (f", {weighted:,} more counted by --weight" if weighted else "")
         + (f", and {data['synthetic']['count']:,} synthetic ones" if data["synthetic"]["count"] else "")
         + f", in {meta['training_seconds']} s; wrote {out}/ (use it with --model {out})")
    return 0


def _check_model_folder(out: Path, force: bool) -> None:
    """Refuse to train into a file, a folder holding anything but a model, or (without ``force``) over a model."""
    from tagger.model import META_FILE, MODEL_FILE, default_model_path

    if out.is_file():
        raise TaggerError(f"{out}: is a file; --out names the model directory to write")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if out.resolve() == default_model_path().resolve() and not force:
        raise TaggerError(f"{out}: is the shipped model; train into another folder (or give --force to replace it)")
    others = sorted(path.name for path in out.iterdir() if path.name not in (MODEL_FILE, META_FILE))
    if others:
        raise TaggerError(f"{out}: is a folder holding other files ({', '.join(others[:3])}); --out names a new "
                          "or empty folder, or a model directory to replace with --force")
    if not force:
        raise TaggerError(f"{out}: holds a model already; give --force to replace it")


SPLIT_HELP = ("score against gold whose volume spans holding an issue, a year or glued pages (\"3(2):45-9,\", as "
              "AnyStyle and ParsCit label them) are split into volume, issue, year and pages, as the shipped model "
              "tags them")


def _evaluation_records(args: argparse.Namespace, models: list[Any]) -> list[dict[str, Any]]:
    """The labelled references of ``args.data``, without those any of ``models`` was trained on (unless
    ``--keep-overlap``); refuses to go on with none left."""
    from tagger.corpus import remove_overlap
    from tagger.research.data import training_records

    records = [record for found in read_all(args.data, args.format, args.lenient).values() for record in found]
    if args.split_volume_issue:
        from tagger.corpus.conventions import split_volume_issue

        records = [split_volume_issue(record, pages=True) for record in records]
    if not args.keep_overlap:
        for model in models:
            training, missing = training_records(model, args.data)
            if missing:
                say(f"warning: {model.path}: training files named in its meta.json not found here (or changed "
                     f"since), so overlap with them is not removed: {', '.join(missing)}")
            if training:
                records, removed = remove_overlap(records, training)
                tell(f"removed {removed:,} references whose text occurs in the training data of {model.path}")
    if not records:
        raise InputError("no references left to evaluate: every one occurs in the model's training data "
                         "(--keep-overlap keeps them)")
    return records


def command_evaluate(args: argparse.Namespace) -> int:
    from tagger.model import Tagger
    from tagger.research.analysis import confusions, field_errors, for_correction, wrong_references
    from tagger.research.evaluation import evaluate_fully, format_report
    from tagger.research.report import write_evaluation_report, write_json

    _check_outputs(args)
    model = Tagger.load(args.model)
    records = _evaluation_records(args, [model])
    evaluation = evaluate_fully(model, records, resamples=args.resamples, seed=args.bootstrap_seed)
    scores = evaluation.scores
    scores["provenance"] = _provenance(model, args.data)
    errors = None
    if args.errors or args.report or args.markdown:
        wrong = wrong_references(records, evaluation.predicted)
        errors = {"wrong_references": len(wrong),
                  "wrong_core_references": sum(any(entry["core"] for entry in item["wrong"]) for item in wrong),
                  "field_errors": field_errors(wrong), "confusions": confusions(records, evaluation.predicted)}
    print(format_report(scores))
    model_name = Path(args.model).name if args.model else "shipped model"
    title = f"{model_name} on {', '.join(Path(path).name for path in args.data)}"
    if args.json:
        write_json(args.json, scores)
    if args.markdown:
        from tagger.research.report import evaluation_markdown

        Path(args.markdown).write_text(evaluation_markdown(scores, title, errors), encoding="utf-8")
    if args.errors:
        _write_errors(Path(args.errors), wrong, for_correction(wrong))
        tell(f"wrote {len(wrong):,} references with a wrong field to {args.errors} "
             f"(and {Path(args.errors).with_suffix('.xml')} for correction)")
    if args.report:
        written = write_evaluation_report(args.report, scores, title, errors, plots=not args.no_plots)
        _write_errors(Path(args.report) / "errors.jsonl", wrong, for_correction(wrong))
        written += [Path(args.report) / "errors.jsonl", Path(args.report) / "errors.xml"]
        tell("wrote " + ", ".join(str(path) for path in written))
    if errors:
        print("\nmost frequent word confusions (gold -> predicted):")
        for confusion in errors["confusions"][:10]:
            example = confusion["examples"][0]["context"] if confusion["examples"] else ""
            print(f"  {confusion['gold']:>10} -> {confusion['predicted']:<10} {confusion['words']:>6} words  "
                  f"e.g. {example}")
    return 0


def _provenance(model: Any, data: list[str]) -> dict[str, Any]:
    """What scores were measured on: the model (path, SHA-256, training command), the data files (SHA-256) and
    the reftagger version."""
    from tagger.files import file_sha256
    from tagger.research.versions import versions

    return {"model": str(model.path), "model_sha256": model.meta.get("model_sha256"),
            "model_training_command": model.meta.get("training_command"),
            "data": [{"path": path, "sha256": file_sha256(Path(path))} for path in data],
            "versions": versions()}


def _write_errors(path: Path, wrong: list[dict[str, Any]], correction: list[dict[str, Any]]) -> None:
    from tagger.corpus import formats

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in wrong), encoding="utf-8")
    skipped = formats.write(correction, path.with_suffix(".xml"), "anystyle-xml", lenient=True)
    if skipped:
        say(f"warning: {len(skipped):,} of the {len(correction):,} references cannot be written as AnyStyle XML "
             f"and are in {path} only; the first: {skipped[0]}")


def add_evaluate_command(commands: Any) -> None:
    """Register ``evaluate`` on the ``reftagger`` parser's subparsers."""
    evaluate = commands.add_parser(
        "evaluate", help="score a model on labelled references",
        description="Word, field and reference scores (defined in README, 'Training and evaluation') per label, "
        "micro and macro, with bootstrap 95% intervals; optionally as Markdown, JSON, PNG figures and an error "
        "analysis.")
    add_evaluate_arguments(evaluate)


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", required=True, nargs="+", metavar="FILE",
                        help="labelled references, in any supported format")
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--json", metavar="OUT", help="also write the scores as JSON to OUT")
    parser.add_argument("--markdown", metavar="OUT", help="also write the scores as a Markdown report to OUT")
    parser.add_argument("--report", metavar="DIR",
                        help="write report.md, scores.json, errors.jsonl/.xml, confusion.png and f1.png to DIR")
    parser.add_argument("--errors", metavar="OUT.jsonl",
                        help="write every reference with a wrong field, gold and predicted spans side by side, "
                        "to OUT.jsonl, and the same references with the predicted labels as AnyStyle XML "
                        "(OUT.xml) for correction")
    parser.add_argument("--resamples", type=whole(0), default=1000, metavar="N",
                        help="bootstrap resamples for the 95%% intervals (default: 1000; 0: none)")
    parser.add_argument("--bootstrap-seed", type=int, default=0, metavar="N", help="bootstrap seed (default: 0)")
    parser.add_argument("--no-plots", action="store_true", help="leave the PNG figures out of --report")
    parser.add_argument("--keep-overlap", action="store_true",
                        help="keep references whose text occurs in the model's training data")
    parser.add_argument("--split-volume-issue", action="store_true", help=SPLIT_HELP)
    _add_format_arguments(parser)
    parser.set_defaults(run=command_evaluate, figures=True)


def _add_format_arguments(parser: argparse.ArgumentParser) -> None:
    from tagger.corpus.formats import READERS

    parser.add_argument("--from", dest="format", choices=list(READERS),
                        help="format of the data files (default: told from each file's name or content)")
    parser.add_argument("--lenient", action="store_true", help="skip and count malformed records instead of stopping")


def command_compare(args: argparse.Namespace) -> int:
    from tagger.model import Tagger
    from tagger.research.evaluation import evaluate_fully
    from tagger.research.report import write_json
    from tagger.research.significance import paired_test

    _check_outputs(args)
    models = [Tagger.load(path) for path in (args.model_a, args.model_b)]
    records = _evaluation_records(args, models)
    first, second = (evaluate_fully(model, records, reliability=False, resamples=0) for model in models)
    test = paired_test(first.table, second.table, args.method, args.resamples, args.seed)
    result = {
        "references": len(records),
        "metric": "core field micro-F1",
        "model_a": {"path": args.model_a, "field_micro_f1": first.scores["field"]["micro"]["f1"],
                    "word_micro_f1": first.scores["word"]["micro"]["f1"]},
        "model_b": {"path": args.model_b, "field_micro_f1": second.scores["field"]["micro"]["f1"],
                    "word_micro_f1": second.scores["word"]["micro"]["f1"]},
        **test,
    }
    low, high = result["difference_ci95"]
    verdict = "a real difference at the 5% level" if result["p_value"] < 0.05 else "no significant difference"
    print(f"{result['references']:,} references; core field micro-F1\n"
          f"  A {args.model_a}: {result['model_a']['field_micro_f1']:.4f}\n"
          f"  B {args.model_b}: {result['model_b']['field_micro_f1']:.4f}\n"
          f"  B - A: {result['difference']:+.4f} (95% CI {low:+.4f} to {high:+.4f})\n"
          f"  p = {result['p_value']:.4f} ({args.method}, {args.resamples:,} resamples): {verdict}")
    if args.json:
        write_json(args.json, result)
    return 0


def command_inspect(args: argparse.Namespace) -> int:
    from tagger.model import Tagger
    from tagger.research.analysis import model_features
    from tagger.research.report import write_json

    _check_outputs(args)
    model = Tagger.load(args.model)
    try:
        found = model_features(model, args.top, args.label)
    except ValueError as error:
        raise TaggerError(str(error)) from None
    scope = f"label {args.label}" if args.label else "all labels"
    print(f"{model.path}: {found['state_features']:,} state features ({scope})")
    for title, key in (("strongest positive state features", "positive"),
                       ("strongest negative state features", "negative")):
        print(f"\n{title}:")
        for row in found[key]:
            print(f"  {row['weight']:+9.3f}  {row['label']:<11} {row['attribute']}")
    for title, key in (("strongest positive transitions", "transitions_positive"),
                       ("strongest negative transitions", "transitions_negative")):
        print(f"\n{title}:")
        for row in found[key]:
            print(f"  {row['weight']:+9.3f}  {row['from']} -> {row['to']}")
    if args.json:
        write_json(args.json, found)
    return 0


def _experiment_output(args: argparse.Namespace, result: dict[str, Any]) -> None:
    from tagger.research.report import terminal_experiment, write_experiment_report, write_json

    print(terminal_experiment(result))
    if args.json:
        write_json(args.json, result)
    if args.report:
        written = write_experiment_report(args.report, result, plots=not args.no_plots)
        tell("wrote " + ", ".join(str(path) for path in written))


def command_cv(args: argparse.Namespace) -> int:
    from tagger.research.experiments import cross_validate

    _check_outputs(args)
    _experiment_output(args, cross_validate(config_from(args), args.folds, args.jobs))
    return 0


def _corpus(value: str) -> tuple[str, dict[str, list[str]]]:
    """``NAME=TRAIN[,TRAIN...][:TEST[,TEST...]]`` of ``--corpus``."""
    name, _, files = value.partition("=")
    train, _, test = files.partition(":")
    if not name or not train:
        raise argparse.ArgumentTypeError(f"expected NAME=TRAIN[,TRAIN...][:TEST[,TEST...]], not {value!r}")
    return name, {"train": train.split(","), "test": test.split(",") if test else []}


def command_loco(args: argparse.Namespace) -> int:
    from tagger.research.experiments import leave_one_corpus_out

    _check_outputs(args)
    corpora = dict(args.corpus)
    if len(corpora) != len(args.corpus):
        raise TaggerError("each --corpus needs a name of its own")
    _experiment_output(args, leave_one_corpus_out(config_from(args), corpora, args.jobs))
    return 0


def command_search(args: argparse.Namespace) -> int:
    from tagger.research.search import parse_grid, search

    _check_outputs(args)
    grid = parse_grid(args.grid)
    result = search(config_from(args), grid, args.folds, args.sample, args.jobs)
    _experiment_output(args, result)
    if args.write_config:
        from tagger.research.config import TrainingConfig, write_config

        write_config(TrainingConfig(**result["chosen_config"]), args.write_config)
        tell(f"wrote the chosen setting to {args.write_config} (use it with reftagger train --config)")
    return 0


def command_curve(args: argparse.Namespace) -> int:
    from tagger.research.experiments import learning_curve

    _check_outputs(args)
    _experiment_output(args, learning_curve(config_from(args), args.fractions, args.seeds, args.jobs))
    return 0


def command_simulate_annotation(args: argparse.Namespace) -> int:
    from tagger.research.simulation import simulate_annotation

    _check_outputs(args)
    if not Path(args.pool).is_file():
        raise InputError(f"{args.pool}: no such file (--pool is the labelled file that plays the annotator)")
    result = simulate_annotation(config_from(args), args.pool, args.batch, args.rounds, args.seeds, args.strategies,
                                 args.pool_size, args.test_share, args.group, args.jobs)
    _experiment_output(args, result)
    return 0


def _add_report_arguments(parser: argparse.ArgumentParser, figures: bool = False) -> None:
    parser.add_argument("--report", metavar="DIR",
                        help="write report.md and results.json" + (" and the figure" if figures else "") + " to DIR")
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    parser.set_defaults(no_plots=False, figures=figures)
    if figures:
        parser.add_argument("--no-plots", action="store_true", help="leave the PNG figure out of --report")


def add_research_commands(commands: Any) -> None:
    """Register the researcher's subcommands on the ``reftagger`` parser's subparsers."""
    train = commands.add_parser(
        "train", help="train a model directory from labelled corpora",
        description="Train a CRF model directory, usable as --model by parse, evaluate and compare. Settings come "
        "from --config (TOML) and flags; meta.json records them all, with the data's SHA-256 and library versions.")
    train.add_argument("--out", required=True, metavar="DIR", help="model directory to write (new or empty)")
    train.add_argument("--force", action="store_true", help="replace the model already in --out")
    add_training_arguments(train)
    selection = train.add_argument_group("choosing CRF settings on a dev split (override --config's [selection])")
    selection.add_argument("--dev-fraction", type=number_in(0, 0.99), metavar="F",
                           help="hold out this share of the training references: a model trained without them "
                           "chooses among --select settings, is scored on them and calibrates confidence; the final "
                           "model trains on all of them (default: 0, no dev split)")
    selection.add_argument("--select", action="append", type=_values, metavar="NAME=V1,V2,...",
                           help="CRF parameter values to try on the dev split (repeatable)")
    train.set_defaults(run=command_train)

    compare = commands.add_parser(
        "compare", help="test whether two models' core field micro-F1 differ by more than chance",
        description="Score two models on the same references and run a paired significance test on core field "
        "micro-F1 (approximate randomisation by default, or paired bootstrap).")
    compare.add_argument("model_a", metavar="DIR_A", help="first model directory")
    compare.add_argument("model_b", metavar="DIR_B", help="second model directory")
    compare.add_argument("--data", required=True, nargs="+", metavar="FILE", help="labelled references")
    compare.add_argument("--json", metavar="OUT", help="also write the result as JSON to OUT")
    compare.add_argument("--method", choices=("randomization", "bootstrap"), default="randomization",
                         help="the paired test (default: randomization)")
    compare.add_argument("--resamples", type=whole(1), default=10_000, metavar="N",
                         help="shuffles (randomization) or resamples (bootstrap) of the test (default: 10000)")
    compare.add_argument("--seed", type=int, default=0, help="random seed of the test (default: 0)")
    compare.add_argument("--keep-overlap", action="store_true",
                         help="keep references whose text occurs in either model's training data")
    compare.add_argument("--split-volume-issue", action="store_true", help=SPLIT_HELP)
    _add_format_arguments(compare)
    compare.set_defaults(run=command_compare)

    inspect = commands.add_parser(
        "inspect", help="show a model's strongest features and transitions",
        description="List a model's strongest positive and negative state features (attribute, label, weight) and "
        "label transitions; with --label, only that label's features and the transitions into or out of it.")
    inspect.add_argument("model", nargs="?", metavar="DIR", help="model directory (default: the shipped model)")
    inspect.add_argument("--top", type=whole(1), default=20, metavar="N", help="rows per list (default: 20)")
    inspect.add_argument("--label", help="only the features of this label and the transitions involving it")
    inspect.add_argument("--json", metavar="OUT", help="also write the lists as JSON to OUT")
    inspect.set_defaults(run=command_inspect)

    cv = commands.add_parser("cv", help="k-fold cross-validation: mean ± sd of every score",
                             description="Split the training data into seeded folds (equal texts share a fold), "
                             "train on all but one, score that one, and report mean ± sd.")
    cv.add_argument("--folds", type=whole(2), default=5, metavar="K", help="(default: 5)")
    add_training_arguments(cv)
    _add_report_arguments(cv)
    cv.set_defaults(run=command_cv)

    loco = commands.add_parser(
        "loco", help="leave one corpus out: train on the others, test on it",
        description="For each --corpus, train on the other corpora (and --data) and score the held-out one "
        "(its test files after ':' if given, else its training files). Texts of the held-out corpus are removed "
        "from training.")
    loco.add_argument("--corpus", action="append", type=_corpus, required=True,
                      metavar="NAME=TRAIN[,TRAIN...][:TEST[,TEST...]]", help="a corpus (give two or more)")
    add_training_arguments(loco)
    _add_report_arguments(loco)
    loco.set_defaults(run=command_loco)

    search = commands.add_parser(
        "search", help="hyper-parameter search by cross-validation (scikit-learn over sklearn-crfsuite)",
        description="Score each setting of the grid by k-fold cross-validation on the training data (core field "
        "micro-F1) with scikit-learn's GridSearchCV, or RandomizedSearchCV with --sample.")
    search.add_argument("--grid", action="append", required=True, metavar="NAME=V1,V2,...",
                        help="values to try: c1, c2, max_iterations, or exclude_features (groups joined by '+', "
                        "or 'none'); repeatable")
    search.add_argument("--folds", type=whole(2), default=3, metavar="K", help="(default: 3)")
    search.add_argument("--sample", type=whole(1), metavar="N", help="try N settings drawn from the grid")
    search.add_argument("--write-config", metavar="FILE", help="write the chosen setting as a TOML configuration")
    add_training_arguments(search)
    _add_report_arguments(search)
    search.set_defaults(run=command_search)

    curve = commands.add_parser(
        "curve", help="learning curve: test scores against training-set size",
        description="Train on seeded samples of each share of the training data and score the --test files; "
        "report mean ± sd over the seeds as a table and learning-curve.png.")
    curve.add_argument("--fractions", type=float, nargs="+", default=[0.1, 0.25, 0.5, 1.0], metavar="F",
                       help="shares of the training data (default: 0.1 0.25 0.5 1)")
    curve.add_argument("--seeds", type=whole(1), default=3, metavar="N", help="samples per share (default: 3)")
    add_training_arguments(curve)
    _add_report_arguments(curve, figures=True)
    curve.set_defaults(run=command_curve)

    from tagger.annotate import MEASURES  # not tagger.research.simulation: reftagger --help stays quick

    simulate = commands.add_parser(
        "simulate-annotation", help="does uncertainty ranking pay? replay the annotation loop on a labelled pool",
        description="Train on the --data files, then repeatedly choose a batch of --pool references (most "
        "uncertain first, as `reftagger annotate` ranks them, or at random), add them with their gold labels and "
        "train again; score each model on the pool's held-out part. Report mean ± sd over seeds as a table and "
        "annotation-simulation.png.")
    simulate.add_argument("--pool", required=True, metavar="FILE",
                          help="labelled references that play the annotator (any supported format)")
    simulate.add_argument("--batch", type=whole(1), default=50, metavar="N", help="references per round (default: 50)")
    simulate.add_argument("--rounds", type=whole(1), default=10, metavar="N", help="(default: 10)")
    simulate.add_argument("--seeds", type=whole(1), default=3, metavar="N", help="(default: 3)")
    simulate.add_argument("--strategies", nargs="+", choices=[*MEASURES, "random"], default=[*MEASURES, "random"],
                          help="span and sequence: annotate's --uncertainty measures; random (default: all three)")
    simulate.add_argument("--pool-size", type=whole(1), metavar="N",
                          help="candidates per seed, a seeded sample of the pool (default: all of it)")
    simulate.add_argument("--test-share", type=number_in(0.01, 0.99), default=0.15, metavar="F",
                          help="share of the pool held out to score on (default: 0.15)")
    simulate.add_argument("--group", default="", metavar="REGEX",
                          help="hold out whole groups: the first group of REGEX matched on each reference's id "
                               "(e.g. the paper a GROBID reference comes from)")
    add_training_arguments(simulate)
    _add_report_arguments(simulate, figures=True)
    simulate.set_defaults(run=command_simulate_annotation)
