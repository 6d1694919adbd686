#!/usr/bin/env python3
"""Writes the seed corpus of the filter-pattern fuzz target: fuzz/filter_seeds.py [OUTDIR].

Seeds (line 1 the pattern, line 2 the value spec, then log events; see fuzz_filter.c) come
from the patterns of tests/unit/test_filter.c with the events and value specs they are tested
on, from every `log_filters:` pattern of stdlib/*.yaml with its `value:` and the events of
tests/logs/, and from the patterns of tests/golden/*/templates. Names are seed-KIND-NNN, so
regenerating is deterministic; regression inputs (regress-*) are left alone.
"""
import ast
import glob
import os
import re
import sys

import yaml

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "fuzz", "corpus-filter")
STR = r'"(?:[^"\\]|\\.)*"'


def c_string(lits):
    return "".join(ast.literal_eval(x) for x in re.findall(STR, lits))


def write(name, pattern, value, events):
    data = pattern.encode() + b"\n" + (value or "").encode() + b"\n"
    data += b"\n".join(e.encode() if isinstance(e, str) else e for e in events)
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def unit_seeds():
    src = open(os.path.join(top, "tests/unit/test_filter.c")).read()
    names = {m.group(1): c_string(m.group(2)) for m in
             re.finditer(r"const char \*(\w+) =\s*((?:\s*" + STR + r")+)\s*;", src)}
    arg = r"(" + STR + r"|\w+)"
    seeds = {}
    for m in re.finditer(r"\bmatch\(" + arg + r",\s*" + arg + r"\)", src):
        p, ev = (c_string(x) if x.startswith('"') else names.get(x) for x in m.groups())
        if p is not None and ev is not None:
            seeds.setdefault((p, ""), []).append(ev)
    for m in re.finditer(r"\bvalue\(" + arg + r",\s*" + arg + r",\s*" + arg + r"\)", src):
        p, v, ev = (c_string(x) if x.startswith('"') else names.get(x) for x in m.groups())
        if None not in (p, v, ev):
            seeds.setdefault((p, v), []).append(ev)
    for m in re.finditer(r"\berror_of\((" + STR + r")", src):
        seeds.setdefault((c_string(m.group(1)), ""), [])
    for i, ((p, v), evs) in enumerate(sorted(seeds.items())):
        write("seed-unit-%03d" % i, p, v, evs)


def events():
    evs = []
    for path in sorted(glob.glob(os.path.join(top, "tests/logs/*.log")) +
                       glob.glob(os.path.join(top, "tests/logs/*.jsonl"))):
        evs.extend(open(path, "rb").read().split(b"\n")[:8])
    return [e for e in evs if e]


def template_seeds():
    evs = events()
    files = sorted(glob.glob(os.path.join(top, "stdlib/*.yaml")) +
                   glob.glob(os.path.join(top, "tests/golden/*/templates/*.yaml")))
    n = 0
    for path in files:
        doc = yaml.safe_load(open(path))
        for name, lf in sorted(((doc or {}).get("log_filters") or {}).items()):
            if not isinstance(lf, dict) or not isinstance(lf.get("pattern"), str):
                continue
            write("seed-kind-%03d" % n, lf["pattern"], str(lf.get("value", "")), evs)
            n += 1


os.makedirs(out, exist_ok=True)
unit_seeds()
template_seeds()
