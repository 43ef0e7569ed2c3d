#!/usr/bin/env bash
# One command on a fresh machine: system packages (as root, via apt), a virtual environment
# with newstrail, its spaCy model and extras, then the demo on the built-in sample corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null || need+=(chromium)
  command -v java >/dev/null || need+=(openjdk-17-jre-headless)  # for PySpark (newstrail spark ...)
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]} (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
else
  echo "setup: not root; for the full test suite install PostgreSQL, Chromium and Java 17 yourself"
fi

python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
# torch first, pinned to the CPU build, so sentence-transformers does not pull a CUDA build
.venv/bin/pip install --quiet 'torch==2.13.0'
.venv/bin/pip install --quiet -e '.[embeddings,bench,spark,test]'
.venv/bin/newstrail demo --db newstrail-sample.db
