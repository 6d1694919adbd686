#!/usr/bin/env python3
"""Runs one golden case (tests/golden/CASE): `moncc inspect` and `moncc build` against the
expected IR and the expected output files.

Consumes: the moncc binary, the source directory and a case name. A case is a directory
tests/golden/CASE/ holding either its own spec, monitoring.yaml (plus any local templates it
imports), or a file SPEC whose one line is the path of a spec elsewhere in the repository,
relative to its root (the contract examples are referenced that way, not copied).
Produces: exit 0 when the case passes; otherwise the problem (a unified diff for a changed
output) on stdout and exit 1. With MONCC_BLESS=1 it rewrites the expected files instead.

The spec is run from SRCDIR as `moncc inspect PATH --color never`, twice. Checks, in order:
  - the exit code is 0 (never blessable: a golden spec must compile);
  - standard output is one JSON document that ends in a newline;
  - the two runs give identical bytes on both streams (determinism);
  - standard output equals tests/golden/CASE/inspect.json byte for byte, and standard error
    equals tests/golden/CASE/inspect.stderr (a missing file means: empty).
Then every output: `moncc build PATH -o TMP1 -q` and again into TMP2, from SRCDIR:
  - both exit 0 and write the same files with the same bytes (determinism);
  - `moncc build PATH -o TMP1 --check` exits 0 (a fresh build is up to date);
  - the files of TMP1 (all but the manifest .moncc-manifest) are exactly the files of
    tests/golden/CASE/out/, byte for byte: none missing, none extra. Blessing replaces out/.
"""

import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

TIMEOUT = 60
MAX_DIFF_LINES = 200


def spec_path(srcdir, case):
    """The spec of a case, relative to srcdir and '/'-separated."""
    base = "tests/golden/" + case
    if not os.path.isdir(os.path.join(srcdir, base)):
        sys.exit("run_golden: no such case directory: %s" % base)
    ref = os.path.join(srcdir, base, "SPEC")
    if os.path.isfile(ref):
        with open(ref, encoding="utf-8") as f:
            lines = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        if len(lines) != 1:
            sys.exit("run_golden: %s/SPEC must hold exactly one path" % base)
        path = lines[0]
    else:
        path = base + "/monitoring.yaml"
    if not os.path.isfile(os.path.join(srcdir, path)):
        sys.exit("run_golden: no such spec: %s" % path)
    return base, path


def run(moncc, srcdir, path):
    env = dict(os.environ)
    env.pop("MONCC_BLESS", None)
    env["NO_COLOR"] = "1"
    env["LC_ALL"] = "C"
    try:
        p = subprocess.run([moncc, "inspect", path, "--color", "never"], cwd=srcdir,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT,
                           env=env)
    except subprocess.TimeoutExpired:
        return None, b"", b"timed out after %d s" % TIMEOUT
    return p.returncode, p.stdout, p.stderr


def run_build(moncc, srcdir, path, out_dir, *extra):
    env = dict(os.environ)
    env.pop("MONCC_BLESS", None)
    env.pop("MONCC_TEST_FAIL_OUTPUT", None)
    env["NO_COLOR"] = "1"
    env["LC_ALL"] = "C"
    try:
        p = subprocess.run([moncc, "build", path, "-o", out_dir, "-q", "--color", "never"]
                           + list(extra), cwd=srcdir, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return None, b"", b"timed out after %d s" % TIMEOUT
    return p.returncode, p.stdout, p.stderr


MANIFEST = ".moncc-manifest"


def tree(root):
    """{relative path: bytes} of every file under root (the build manifest left out)."""
    files = {}
    if not os.path.isdir(root):
        return files
    for dirpath, _, names in os.walk(root):
        for name in names:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if rel == MANIFEST:
                continue
            with open(full, "rb") as f:
                files[rel] = f.read()
    return files


def check_outputs(moncc, srcdir, base, path, bless):
    """The build half of a case; returns 0 or 1."""
    tmp = tempfile.mkdtemp(prefix="moncc-golden-")
    try:
        out1, out2 = os.path.join(tmp, "one"), os.path.join(tmp, "two")
        rc, _, err = run_build(moncc, srcdir, path, out1)
        if rc != 0:
            print("moncc build %s exited with %r; stderr:\n%s"
                  % (path, rc, err.decode("utf-8", "replace")))
            return 1
        rc2, _, err2 = run_build(moncc, srcdir, path, out2)
        got, again = tree(out1), tree(out2)
        if rc2 != 0 or got != again:
            print("moncc build %s is not deterministic: two builds differ in %s" % (
                path, sorted(set(got) ^ set(again)) or
                sorted(k for k in got if got[k] != again.get(k))))
            return 1
        rc3, _, err3 = run_build(moncc, srcdir, path, out1, "--check")
        if rc3 != 0:
            print("moncc build --check %s right after a build exited with %r:\n%s"
                  % (path, rc3, err3.decode("utf-8", "replace")))
            return 1

        golden = os.path.join(srcdir, base, "out")
        if bless:
            if os.path.isdir(golden):
                shutil.rmtree(golden)
            for rel, data in got.items():
                target = os.path.join(golden, rel)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as f:
                    f.write(data)
            return 0
        want = tree(golden)
        failed = False
        for rel in sorted(set(want) | set(got)):
            if rel not in got:
                print("%s/out/%s: expected, but moncc build no longer writes it" % (base, rel))
                failed = True
            elif rel not in want:
                print("%s/out/%s: written by moncc build, not in the golden outputs"
                      % (base, rel))
                failed = True
            elif want[rel] != got[rel]:
                print(diff(want[rel], got[rel], base + "/out/" + rel))
                failed = True
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def read(path):
    if not os.path.isfile(path):
        return b""
    with open(path, "rb") as f:
        return f.read()


def diff(want, got, name):
    lines = list(difflib.unified_diff(
        want.decode("utf-8", "replace").splitlines(keepends=True),
        got.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=name + " (expected)", tofile=name + " (moncc inspect)"))
    if len(lines) > MAX_DIFF_LINES:
        more = len(lines) - MAX_DIFF_LINES
        lines = lines[:MAX_DIFF_LINES] + ["... (%d more diff lines)\n" % more]
    return "".join(lines)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: run_golden.py MONCC SRCDIR CASE")
    moncc, srcdir, case = sys.argv[1:]
    moncc = os.path.abspath(moncc)
    base, path = spec_path(srcdir, case)
    bless = os.environ.get("MONCC_BLESS") == "1"

    rc, out, err = run(moncc, srcdir, path)
    if rc != 0:
        print("moncc inspect %s exited with %r; stderr:\n%s"
              % (path, rc, err.decode("utf-8", "replace")))
        return 1
    try:
        json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        print("moncc inspect %s: standard output is not JSON: %s" % (path, e))
        return 1
    if not out.endswith(b"\n"):
        print("moncc inspect %s: standard output does not end in a newline" % path)
        return 1
    rc2, out2, err2 = run(moncc, srcdir, path)
    if (rc2, out2, err2) != (rc, out, err):
        print("moncc inspect %s is not deterministic: two runs differ" % path)
        print(diff(out, out2, "inspect.json"))
        return 1

    expected = [("inspect.json", out), ("inspect.stderr", err)]
    if bless:
        for name, got in expected:
            target = os.path.join(srcdir, base, name)
            if got or name == "inspect.json":
                with open(target, "wb") as f:
                    f.write(got)
            elif os.path.exists(target):
                os.remove(target)
        if check_outputs(moncc, srcdir, base, path, True):
            return 1
        print("blessed %s" % base)
        return 0

    failed = False
    for name, got in expected:
        want = read(os.path.join(srcdir, base, name))
        if want != got:
            failed = True
            print(diff(want, got, base + "/" + name))
    if check_outputs(moncc, srcdir, base, path, False):
        failed = True
    if failed:
        print("(MONCC_BLESS=1 ctest -R golden/%s rewrites the expected files)" % case)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
