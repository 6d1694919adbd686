#!/usr/bin/env python3
"""Runs one case of the diagnostics corpus (tests/diag) and compares it with its expected files.

Consumes: the moncc binary, the source directory and a case name (`007-unknown-key`, or the
name of a directory case such as `046-two-files`, whose *.yaml files are checked in one call).
Produces: exit 0 when the case passes; otherwise a unified diff or the guard's complaint on
stdout and exit 1. With MONCC_BLESS=1 it rewrites the expected files instead and says so.

The case is run from SRCDIR as `moncc check tests/diag/CASE.yaml --format F --color never` for
F in human, json, github, sarif. The expected outputs are tests/diag/CASE.{human,json,github,sarif}:
.human is the stderr of the human format, the others are the stdout of theirs.

The guard is never blessable; it runs in bless mode too, so blessing cannot accept a wrong
error:
  - the `# expect: E0101 @12:5` lines of each input (or of tests/diag/CASE.expect for files
    that cannot hold a comment) must equal, as a multiset, the (file, code, line, column) of
    the primary spans of all errors in the JSON output; `# expect: E0004` (no position) is a
    sourceless error; `# expect: E0310 @templates/queue.yaml:12:5` is an error in another
    file (an imported template), its path relative to the input's folder;
  - the exit code of every format must be the one of the `# exit: N` line (default 1);
  - the JSON output parses and has valid == (error_count == 0) and error_count equal to the
    number of diagnostics at level error;
  - the SARIF output validates against tests/data/sarif-schema-2.1.0.json;
  - every github line is a `::error|::warning|::notice ...::` command, except a final
    `moncc: ...` summary line;
  - the human format writes nothing on stdout.
"""

import difflib
import json
import os
import posixpath
import re
import subprocess
import sys
from collections import Counter

FORMATS = ("human", "json", "github", "sarif")
# `@PATH:LINE:COL` puts an error in another file, PATH relative to the input's folder (an
# imported template); `@LINE:COL` is in the input itself.
EXPECT_RE = re.compile(r"^#\s*expect:\s*(E\d{4})(?:\s*@(?:([^@\s]+):)?(\d+):(\d+))?\s*$")
EXIT_RE = re.compile(r"^#\s*exit:\s*(\d+)\s*$")
GITHUB_RE = re.compile(r"^::(error|warning|notice)( [^:]*)?::")
TIMEOUT = 60


def case_inputs(srcdir, case):
    """The input paths (relative to srcdir, '/'-separated) and the .expect path of a case."""
    base = os.path.join("tests", "diag", case)
    if os.path.isdir(os.path.join(srcdir, base)):
        names = sorted(n for n in os.listdir(os.path.join(srcdir, base)) if n.endswith(".yaml"))
        inputs = [base + "/" + n for n in names]
    else:
        inputs = [base + ".yaml"]
    for path in inputs:
        if not os.path.isfile(os.path.join(srcdir, path)):
            sys.exit("run_diag: no such input: %s" % path)
    if not inputs:
        sys.exit("run_diag: case %s has no *.yaml input" % case)
    return inputs, base + ".expect"


def read_expectations(srcdir, inputs, expect_file):
    """Parses `# expect:` and `# exit:` lines: (Counter of (file, code, line, col), exit code)."""
    expected = Counter()
    exit_code = None
    # An .expect file speaks about the case's only input (or its first one).
    sources = [(path, path) for path in inputs]
    if os.path.isfile(os.path.join(srcdir, expect_file)):
        sources.append((expect_file, inputs[0]))
    for path, about in sources:
        with open(os.path.join(srcdir, path), "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
        for line in text.splitlines():
            line = line.strip("\r\ufeff")
            m = EXPECT_RE.match(line)
            if m:
                pos = (int(m.group(3)), int(m.group(4))) if m.group(3) else (None, None)
                where = about
                if m.group(2):
                    where = posixpath.normpath(posixpath.join(posixpath.dirname(about),
                                                              m.group(2)))
                expected[(where, m.group(1)) + pos] += 1
                continue
            m = EXIT_RE.match(line)
            if m:
                exit_code = int(m.group(1))
    return expected, 1 if exit_code is None else exit_code


def run(moncc, srcdir, inputs, fmt):
    cmd = [moncc, "check"] + inputs + ["--format", fmt, "--color", "never"]
    env = dict(os.environ)
    env.pop("MONCC_BLESS", None)
    env["NO_COLOR"] = "1"
    env["LC_ALL"] = "C"
    try:
        p = subprocess.run(cmd, cwd=srcdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        return None, b"", b"timed out after %d s" % TIMEOUT
    return p.returncode, p.stdout, p.stderr


def primary_span(diag):
    spans = diag.get("spans") or []
    for s in spans:
        if s.get("is_primary"):
            return s
    return spans[0] if spans else None


def guard_json(out, expected, problems):
    try:
        doc = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        problems.append("json output does not parse: %s" % e)
        return
    diags = doc.get("diagnostics")
    if not isinstance(diags, list):
        problems.append("json output has no `diagnostics` list")
        return
    errors = [g for g in diags if g.get("level") == "error"]
    if doc.get("error_count") != len(errors):
        problems.append("json error_count is %r but %d diagnostics are errors"
                        % (doc.get("error_count"), len(errors)))
    if doc.get("valid") is not (doc.get("error_count") == 0):
        problems.append("json valid is %r with error_count %r"
                        % (doc.get("valid"), doc.get("error_count")))
    got = Counter()
    for g in errors:
        s = primary_span(g)
        if s is None:
            got[(None, g.get("code"), None, None)] += 1
        else:
            # Normalised, so that an import's `./` does not matter.
            f = s.get("file")
            f = posixpath.normpath(f) if isinstance(f, str) else f
            got[(f, g.get("code"), s.get("line_start"), s.get("column_start"))] += 1
    # A sourceless error has no file: match it against an expectation of any file.
    sourceless = Counter({k: n for k, n in expected.items() if k[2] is None})
    want = expected - sourceless
    for (f, code, _, _), n in sourceless.items():
        want[(None, code, None, None)] += n
    if got != want:
        fmt = lambda k: "%s %s @%s:%s" % (k[1], k[0] or "(no file)", k[2], k[3])
        for k in sorted((want - got).keys(), key=str):
            problems.append("expected but not reported: %s" % fmt(k))
        for k in sorted((got - want).keys(), key=str):
            problems.append("reported but not expected: %s" % fmt(k))


def guard_sarif(out, schema_path, problems):
    try:
        import jsonschema
    except ImportError:
        problems.append("python3 jsonschema is missing (apt-get install python3-jsonschema)")
        return
    try:
        doc = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        problems.append("sarif output does not parse: %s" % e)
        return
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    # The OASIS schema says draft-04; honour its $schema rather than assume a draft.
    validator = jsonschema.validators.validator_for(schema)(schema)
    for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))[:5]:
        where = "/".join(str(p) for p in e.absolute_path)
        problems.append("sarif does not validate at /%s: %s" % (where, e.message[:200]))


def guard_github(out, problems):
    lines = out.decode("utf-8", errors="replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for i, line in enumerate(lines):
        if GITHUB_RE.match(line):
            continue
        if line.startswith("moncc: ") and i == len(lines) - 1:
            continue
        problems.append("github line %d is neither a workflow command nor the final summary: %r"
                        % (i + 1, line[:120]))


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: run_diag.py MONCC SRCDIR CASE")
    moncc, srcdir, case = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    bless = os.environ.get("MONCC_BLESS") not in (None, "", "0")
    inputs, expect_file = case_inputs(srcdir, case)
    expected, want_exit = read_expectations(srcdir, inputs, expect_file)
    base = os.path.join(srcdir, "tests", "diag", case)

    problems = []
    outputs = {}
    for fmt in FORMATS:
        code, out, err = run(moncc, srcdir, inputs, fmt)
        if code is None or code < 0:
            problems.append("%s: moncc %s: %s" % (fmt, "timed out" if code is None
                                                  else "died of signal %d" % -code,
                                                  err.decode("utf-8", "replace")[-2000:]))
            continue
        if code != want_exit:
            problems.append("%s: exit code %d, expected %d" % (fmt, code, want_exit))
        if fmt == "human":
            if out:
                problems.append("human: wrote to stdout: %r" % out[:200])
            outputs[fmt] = err
        else:
            outputs[fmt] = out
    if "json" in outputs:
        guard_json(outputs["json"], expected, problems)
    if "sarif" in outputs:
        guard_sarif(outputs["sarif"],
                    os.path.join(srcdir, "tests", "data", "sarif-schema-2.1.0.json"), problems)
    if "github" in outputs:
        guard_github(outputs["github"], problems)

    if problems:
        print("guard failed for %s (%s):" % (case, " ".join(inputs)))
        for p in problems:
            print("  " + p)
        if "json" in outputs:
            print("json output was:")
            print(outputs["json"].decode("utf-8", "replace")[:4000])
        return 1

    if bless:
        for fmt in FORMATS:
            with open(base + "." + fmt, "wb") as f:
                f.write(outputs[fmt])
        print("blessed %s: wrote %s" % (case, ", ".join(
            "tests/diag/%s.%s" % (case, fmt) for fmt in FORMATS)))
        return 0

    failed = False
    for fmt in FORMATS:
        path = base + "." + fmt
        try:
            with open(path, "rb") as f:
                want = f.read()
        except FileNotFoundError:
            print("missing expected file tests/diag/%s.%s (run with MONCC_BLESS=1)" % (case, fmt))
            failed = True
            continue
        if want == outputs[fmt]:
            continue
        failed = True
        diff = difflib.unified_diff(
            want.decode("utf-8", "replace").splitlines(True),
            outputs[fmt].decode("utf-8", "replace").splitlines(True),
            "tests/diag/%s.%s" % (case, fmt), "actual %s output" % fmt)
        sys.stdout.writelines(diff)
        if not want.endswith(b"\n") or not outputs[fmt].endswith(b"\n"):
            print("\n(the outputs differ in bytes; a final newline may be missing)")
    if failed:
        print("%s: output differs; if the new output is right, rerun with MONCC_BLESS=1" % case)
        return 1
    print("%s: ok" % case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
