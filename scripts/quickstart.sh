#!/usr/bin/env bash
# Quick start: install what is missing (scripts/setup.sh), build moncc in build/, check the
# example spec and build its outputs into build/example-out/ (not into examples/: the
# repository's example stays the spec alone). Safe to run again: it only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
moncc_install_deps
moncc_build build
echo
echo "$ build/moncc check examples/anythingllm/monitoring.yaml"
build/moncc check examples/anythingllm/monitoring.yaml
echo
echo "$ build/moncc build examples/anythingllm/monitoring.yaml -o build/example-out"
build/moncc build examples/anythingllm/monitoring.yaml -o build/example-out
