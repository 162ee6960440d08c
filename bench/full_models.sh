#!/usr/bin/env bash
# The full-size (224x224, standard width) variants of the CNN families: builds
# them with torch (examples/make_models.py --full, into build/full-models),
# compiles each with edgec, runs the C on the host and prints the model table
# (MACs, arena, weights, copies, max error vs torch). Not part of CI: the
# weights alone are tens of MB per model.
#   bench/full_models.sh [name...]     (default: every family)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh > /dev/null
/usr/bin/python3 examples/make_models.py --full "$@"
dirs=()
if [ $# -gt 0 ]; then
  for n in "$@"; do [ -d "build/full-models/$n" ] && dirs+=("build/full-models/$n"); done
else
  dirs=(build/full-models/*)
fi
/usr/bin/python3 bench/model_table.py "${dirs[@]}"
