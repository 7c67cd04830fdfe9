#!/bin/sh
# The README's end-to-end example: every researcher command on ../shared/data, reports in runs/report/.
#
#     sh training/example.sh [DATA_DIR]        # from the repository folder, with reftagger installed
#
# About 12 minutes on 2 cores (see the README's "Experiments"). Each step prints what it wrote.
set -eu
D=${1:-../shared/data}
mkdir -p runs/report
step() { echo "== $*" >&2; }

step "train on AnyStyle train (test overlap removed), score AnyStyle test"
reftagger train --data "$D/anystyle/train.jsonl" --test "$D/anystyle/test.jsonl" --out runs/anystyle --jobs 2 --force
step "evaluate: scores with 95% intervals, Markdown, JSON, figures, errors"
reftagger evaluate --model runs/anystyle --data "$D/anystyle/test.jsonl" --report runs/report/evaluate >/dev/null
step "compare the shipped model with the new one (approximate randomisation)"
reftagger compare models runs/anystyle --data "$D/anystyle/test.jsonl" --json runs/report/compare.json
step "inspect the new model's strongest features"
reftagger inspect runs/anystyle --top 15 --json runs/report/features.json >/dev/null
step "3-fold cross-validation on AnyStyle train"
reftagger cv --data "$D/anystyle/train.jsonl" --folds 3 --jobs 2 --report runs/report/cv >/dev/null
step "search c1 by 3-fold cross-validation"
reftagger search --data "$D/anystyle/train.jsonl" --grid c1=0.05,0.4 --folds 3 --jobs 2 \
    --report runs/report/search --write-config runs/report/search/chosen.toml >/dev/null
step "learning curve: 10%, 25%, 50%, 100% of AnyStyle train, 3 seeds"
reftagger curve --data "$D/anystyle/train.jsonl" --test "$D/anystyle/test.jsonl" --jobs 2 \
    --report runs/report/curve >/dev/null
step "leave one corpus out: AnyStyle, ParsCit/CORA, UMass"
reftagger loco --corpus "anystyle=$D/anystyle/train.jsonl:$D/anystyle/test.jsonl" \
    --corpus "parscit=$D/parscit/train.jsonl" --corpus "umass=$D/umass/train.jsonl:$D/umass/test.jsonl" \
    --jobs 2 --report runs/report/loco >/dev/null
step "done: runs/report/"
ls -R runs/report >&2
