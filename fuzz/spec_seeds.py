#!/usr/bin/env python3
"""Writes the spec seeds of the main fuzz target that cover the newer features:
fuzz/spec_seeds.py [OUTDIR] (default fuzz/corpus).

From every tests/golden/*/monitoring.yaml, the composition cases of tests/diag (those with a
templates/ folder) and infra/monitoring/monitoring.yaml: seed-golden-NAME, seed-diag-NAME,
seed-infra-monitoring. A spec without imports gets the option byte 0x07 (default limits,
validate); one with imports gets 0x87 and its template files appended in `imports:` order,
each after a `#@template PATH` line (fuzz_target.c, bit 7), so composition is fuzzed too.
"""
import glob
import os
import sys

import yaml

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "fuzz", "corpus")


def seed(name, spec_path):
    spec = open(spec_path, "rb").read()
    try:
        imports = (yaml.safe_load(spec) or {}).get("imports") or []
    except yaml.YAMLError:
        imports = []
    data = bytes([0x87 if imports else 0x07]) + spec
    for rel in imports:
        path = os.path.join(os.path.dirname(spec_path), rel)
        if not data.endswith(b"\n"):
            data += b"\n"
        data += b"#@template " + rel.encode() + b"\n"
        if os.path.isfile(path):
            data += open(path, "rb").read()
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


for spec in sorted(glob.glob(os.path.join(top, "tests/golden/*/monitoring.yaml"))):
    seed("seed-golden-" + os.path.basename(os.path.dirname(spec)), spec)
for spec in sorted(glob.glob(os.path.join(top, "tests/diag/*/monitoring.yaml"))):
    case = os.path.dirname(spec)
    if os.path.isdir(os.path.join(case, "templates")):
        seed("seed-diag-" + os.path.basename(case), spec)
seed("seed-infra-monitoring", os.path.join(top, "infra/monitoring/monitoring.yaml"))
