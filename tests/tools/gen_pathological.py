#!/usr/bin/env python3
"""Pathological inputs for moncc: writes them, and runs one under a time and memory bound.

  gen_pathological.py OUTDIR                  writes every input into OUTDIR
  gen_pathological.py --list                  prints the case names
  gen_pathological.py --run MONCC OUTDIR NAME [--no-limit]
                                              writes input NAME (if missing) and checks it

Consumes the moncc binary for --run. Produces the inputs (NAME.yaml) and, for --run, exit 0
when `moncc check NAME.yaml --format json` exits with the expected code and reports the
expected diagnostic code (or is clean); exit 1 otherwise. The child runs under RLIMIT_AS of
1 GiB unless --no-limit is given (sanitizer builds reserve terabytes of address space, so
tests/pathological.cmake passes it there). Elapsed time and peak RSS are printed for
information only: no test ever asserts on time (ctest's TIMEOUT is the only bound).
"""

import json
import os
import resource
import subprocess
import sys
import time

MEMORY_LIMIT = 1 << 30
MIB = 1 << 20

HEADER = """moncc: 1
project: shop
region: eu-west-1
notify:
  oncall: { email: oncall@example.com }
tiers:
  critical: { notify: [oncall] }
"""

SERVICES = """services:
  web:
    resources:
      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }
    slos:
      availability: { objective: 99.9%, sli: lb.availability }
"""


def alias_bomb(f):
    # Billion laughs: 9 levels of 9 aliases each, 9^9 (387 million) nodes once expanded.
    f.write(HEADER)
    f.write('x0: &x0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n')
    for i in range(1, 10):
        f.write("x%d: &x%d [%s]\n" % (i, i, ", ".join(["*x%d" % (i - 1)] * 9)))
    f.write(SERVICES)


def deep_flow(f):
    # 10,000 nested flow sequences on one line: `a: [[[[...]]]]`.
    f.write(HEADER + SERVICES)
    f.write("a: " + "[" * 10000 + "]" * 10000 + "\n")


def deep_block_map(f):
    # Nested block mappings, one more space of indentation per level. The file grows with the
    # square of the depth (5,000 levels are 12.5 MB; 10,000 would pass the 32 MiB size limit
    # and test that instead), so the 10,000-deep block case is deep-block-seq.
    f.write(HEADER + SERVICES)
    for i in range(5000):
        f.write(" " * i + "k%d:\n" % i)
    f.write(" " * 5000 + "leaf: 1\n")


def deep_block_seq(f):
    # 10,000 nested block sequences: `- - - - ... x` on one line is a sequence in a sequence.
    f.write(HEADER + SERVICES)
    f.write("a:\n  " + "- " * 10000 + "x\n")


def big_scalar(f):
    # A 5 MB runbook (a literal block scalar, as in the contract example): checks clean.
    f.write(HEADER)
    f.write("""services:
  web:
    resources:
      host: { kind: ec2, instance: i-0123456789abcdef0, agent: true }
    alarms:
      memory:
        metric: host.memory_used
        critical: "> 95% for 5m"
        runbook: |
""")
    line = " " * 10 + "Check the memory of the host, then restart the worker if it leaks.\n"
    f.write(line * (5 * MIB // len(line) + 1))


def many_keys(f):
    # 100,000 tags of one service in one mapping: a check that the loader's duplicate-key
    # check and the validator's open-map checks are not quadratic, ending in one clear error
    # (AWS allows 50 tags). Not notification targets: 100,000 unused targets would rightly
    # get 100,000 lint warnings.
    f.write(HEADER + SERVICES)
    f.write("    tags:\n")
    for i in range(100000):
        f.write("      t%d: v%d\n" % (i, i))


def huge_file(f):
    # 40 MB: over the 32 MiB limit, refused before parsing (E0004, an I/O failure: exit 3).
    f.write(HEADER + SERVICES)
    line = "# " + "padding " * 12 + "\n"
    f.write(line * (40 * MIB // len(line) + 1))


# name: (writer, expected exit code, expected code or None for a clean check)
CASES = {
    "alias-bomb": (alias_bomb, 1, "E0012"),
    "deep-flow": (deep_flow, 1, "E0013"),
    "deep-block-map": (deep_block_map, 1, "E0013"),
    "deep-block-seq": (deep_block_seq, 1, "E0013"),
    "big-scalar": (big_scalar, 0, None),
    "many-keys": (many_keys, 1, "E0107"),
    "huge-file": (huge_file, 3, "E0004"),
}


def write_case(outdir, name):
    path = os.path.join(outdir, name + ".yaml")
    # Rewritten when this script is newer, so a changed generator never tests a stale input.
    if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(__file__):
        os.makedirs(outdir, exist_ok=True)
        tmp = path + ".tmp%d" % os.getpid()
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            CASES[name][0](f)
        os.replace(tmp, path)  # atomic: parallel ctests never see half a file
    return path


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_case(moncc, outdir, name, memory_bound):
    _, want_exit, want_code = CASES[name]
    path = write_case(outdir, name)
    start = time.monotonic()
    p = subprocess.run([moncc, "check", path, "--format", "json"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, preexec_fn=limit_memory if memory_bound else None)
    elapsed = time.monotonic() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("%s: %.1f MB input, exit %d, %.2f s, peak RSS %.1f MiB%s (information only)"
          % (name, os.path.getsize(path) / 1e6, p.returncode, elapsed, peak_kib / 1024,
             "" if memory_bound else ", no memory bound"))

    problems = []
    if p.returncode != want_exit:
        problems.append("exit code %d, expected %d" % (p.returncode, want_exit))
    try:
        doc = json.loads(p.stdout.decode("utf-8"))
        codes = [g.get("code") for g in doc.get("diagnostics", [])]
    except (UnicodeDecodeError, ValueError, AttributeError) as e:
        doc, codes = None, []
        problems.append("stdout is not the JSON document: %s" % e)
    if doc is not None:
        if want_code is None and codes:
            problems.append("expected a clean check, got %s" % ", ".join(map(str, codes[:10])))
        if want_code is not None and want_code not in codes:
            problems.append("expected %s, got %s" % (want_code, ", ".join(map(str, codes[:10]))
                                                     or "no diagnostic"))
        if len(codes) > 100:
            problems.append("%d diagnostics: one clear error was expected" % len(codes))
    if problems:
        for line in problems:
            print("%s: %s" % (name, line))
        print("stdout: %s" % p.stdout[:2000].decode("utf-8", "replace"))
        print("stderr: %s" % p.stderr[-2000:].decode("utf-8", "replace"))
        return 1
    print("%s: ok" % name)
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        print("\n".join(CASES))
        return 0
    if len(argv) in (5, 6) and argv[1] == "--run" and argv[4] in CASES:
        bound = not (len(argv) == 6 and argv[5] == "--no-limit")
        return run_case(argv[2], argv[3], argv[4], bound)
    if len(argv) == 2 and not argv[1].startswith("-"):
        for name in CASES:
            print(write_case(argv[1], name))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
