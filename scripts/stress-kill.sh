#!/usr/bin/env bash
# Kill -9 the real daemon at seeded random moments, many more rounds than the test suite's
# 50, then check that every slot is in the log exactly once and the hash chain holds.
# Usage: scripts/stress-kill.sh [ROUNDS]   (default 500; about 1.5 s a round)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-500}"
WARDCAST_KILL_ROUNDS="$rounds" cargo test --release --test resilience \
    kill_minus_nine -- --nocapture
