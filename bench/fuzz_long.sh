#!/usr/bin/env bash
# The long fuzzing run: scripts/fuzz.sh for SECONDS (default 600), printing
# executions, coverage and peak memory; findings go to build-fuzz/findings/.
exec "$(dirname "$0")/../scripts/fuzz.sh" "${1:-600}"
