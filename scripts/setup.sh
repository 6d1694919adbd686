#!/usr/bin/env bash
# Set-up for a fresh Debian 12 machine: installs what the build and the tests need, then
# configures and builds moncc in build/.
#
#   scripts/setup.sh              install what is missing, then build in build/
#   . scripts/setup.sh            only define the functions (scripts/test.sh does this):
#       moncc_install_deps        check with dpkg -s; as root apt-get install what is missing,
#                                 otherwise print the sudo line and fail
#       moncc_build DIR [ARGS]    cmake -S . -B DIR -DMONCC_WERROR=ON ARGS && cmake --build DIR
#
# Why each package: gcc/make and cmake build; pkg-config finds libyaml (the YAML parser),
# jansson (JSON for the schema and the json/sarif output) and PCRE2 (the schema's patterns);
# python3 with yaml and jsonschema runs the CLI and schema tests; valgrind runs the leak
# tests; clang and libclang-rt-dev build the libFuzzer target (fuzz/).

moncc_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Prints the Debian packages that are needed and not installed, one per line.
moncc_missing_packages() {
	local p
	# build-essential is the usual way to get a compiler, but gcc and make suffice.
	if ! dpkg -s build-essential >/dev/null 2>&1; then
		for p in gcc make libc6-dev; do
			dpkg -s "$p" >/dev/null 2>&1 || echo "$p"
		done
	fi
	for p in cmake pkg-config libyaml-dev libjansson-dev libpcre2-dev python3 valgrind \
		clang libclang-rt-dev; do
		dpkg -s "$p" >/dev/null 2>&1 || echo "$p"
	done
	if ! python3 -c 'import yaml, jsonschema' >/dev/null 2>&1; then
		python3 -c 'import yaml' >/dev/null 2>&1 || echo python3-yaml
		python3 -c 'import jsonschema' >/dev/null 2>&1 || echo python3-jsonschema
	fi
}

moncc_install_deps() {
	if ! command -v dpkg >/dev/null 2>&1; then
		echo "setup: dpkg not found; this script knows Debian 12. Install a C11 compiler, make," \
			"cmake, pkg-config, libyaml, jansson, PCRE2 (with headers), python3 with yaml and" \
			"jsonschema, valgrind and clang, then run: cmake -S . -B build && cmake --build build" >&2
		return 1
	fi
	local missing
	missing=$(moncc_missing_packages | tr '\n' ' ')
	missing=${missing% }
	if [ -z "$missing" ]; then
		echo "setup: every package the build and the tests need is installed"
		return 0
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "setup: missing packages: $missing" >&2
		echo "setup: install them with:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing" >&2
		return 1
	fi
	echo "setup: installing $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	# shellcheck disable=SC2086 # one word per package
	apt-get install -y --no-install-recommends $missing
	missing=$(moncc_missing_packages | tr '\n' ' ')
	if [ -n "${missing% }" ]; then
		echo "setup: still missing after apt-get: $missing" >&2
		echo "setup: (is \`python3\` on PATH Debian's /usr/bin/python3?)" >&2
		return 1
	fi
}

moncc_build() {
	local dir=$1
	shift
	local jobs
	jobs=$(nproc 2>/dev/null || echo 2)
	cmake -S "$moncc_root" -B "$moncc_root/$dir" -DMONCC_WERROR=ON "$@" &&
		cmake --build "$moncc_root/$dir" -j "$jobs"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	moncc_install_deps
	moncc_build build
fi
