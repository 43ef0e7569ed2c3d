#!/usr/bin/env bash
# The whole test suite, against SQLite and a throwaway PostgreSQL cluster on a loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/pg-test-cluster.sh start)"
trap 'bash scripts/pg-test-cluster.sh stop >/dev/null 2>&1 || true' EXIT
.venv/bin/python -m pytest "$@"
