#!/usr/bin/env bash
# Quick start: install what is missing (scripts/setup.sh), build moncc in build/, and check
# the example spec. Safe to run again: it only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
moncc_install_deps
moncc_build build
echo
echo "$ build/moncc check examples/anythingllm/monitoring.yaml"
build/moncc check examples/anythingllm/monitoring.yaml
