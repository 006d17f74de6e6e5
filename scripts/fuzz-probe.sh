#!/usr/bin/env bash
# Mutate real files of every format wardcast plays and run each through the probe and the
# player's decoder: fails on any panic that escapes, any hang, any wording with a number
# for a name. Prints how many cases ran, what was accepted and why the rest were refused.
# Usage: scripts/fuzz-probe.sh [CASES] [SEED]   (default 200000 cases, a new seed each run;
# the seed is printed, and running it again gives the same cases)
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-200000}"
seed="${2:-$(date +%s)}"
WARDCAST_FUZZ_CASES="$cases" WARDCAST_FUZZ_SEED="$seed" cargo test --release \
    --test fuzz_probe fuzz_probe_as_many_as_asked -- --ignored --nocapture
