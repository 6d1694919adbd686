#!/usr/bin/env python3
"""The command line of moncc, end to end: exit codes, streams, formats, help and errors.

Usage: cli_test.py MONCC SRCDIR [--list | NAME...]

Runs the moncc binary MONCC with subprocess from the source tree SRCDIR (so the examples are
found by their relative paths). Each test_* function checks one behaviour; tests/cli.cmake
registers one ctest per function (cli/NAME) from `--list`. Broken specs are written to a
temporary directory inside each test. Prints "N passed, M failed" and exits non-zero on a
failure.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback

MONCC = ""
SRC = ""

MINIMAL = "examples/minimal/monitoring.yaml"
ANYTHINGLLM = "examples/anythingllm/monitoring.yaml"
COMMANDS = ["check", "build", "schema", "docs", "explain", "help"]

# A valid spec with one unknown key at the top level: E0101 at line 4.
BROKEN = """moncc: 1
project: shop
region: eu-west-1
treshold: 3
services:
  web:
    resources:
      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }
"""

# Three unknown keys: three errors, for --error-limit.
THREE_ERRORS = """moncc: 1
project: shop
region: eu-west-1
aaa: 1
bbb: 2
ccc: 3
"""

SYNTAX_ERROR = "moncc: 1\nproject: [shop\nregion: eu-west-1\n"


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    @property
    def out_text(self):
        return self.out.decode("utf-8")

    @property
    def err_text(self):
        return self.err.decode("utf-8")

    def __repr__(self):
        return "exit %d\n--- stdout\n%s\n--- stderr\n%s" % (
            self.code, self.out.decode("utf-8", "replace"), self.err.decode("utf-8", "replace"))


def moncc(*args, stdin=b"", env=None, cwd=None, stdout=subprocess.PIPE, stderr=subprocess.PIPE):
    full_env = dict(os.environ)
    # Tests decide colour themselves; an inherited NO_COLOR or TERM must not change them.
    full_env.pop("NO_COLOR", None)
    full_env["TERM"] = "xterm-256color"
    if env:
        full_env.update(env)
    proc = subprocess.run([MONCC] + list(args), input=stdin, stdout=stdout, stderr=stderr,
                          env=full_env, cwd=cwd or SRC, timeout=60)
    return Result(proc)


def expect(cond, what, result=None):
    if not cond:
        raise AssertionError(what + ("\n" + repr(result) if result is not None else ""))


def write(dirname, name, text):
    path = os.path.join(dirname, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def read_bytes(*parts):
    with open(os.path.join(SRC, *parts), "rb") as f:
        return f.read()


def codes_def():
    """(id, title) for every MC_CODE in codes.def, in order."""
    text = read_bytes("compiler", "diag", "codes.def").decode("utf-8")
    return re.findall(r'^MC_CODE\(([EW]\d{4}),\s*\w+,\s*"([^"]*)"\)', text, re.M)


# --- checking specs ---------------------------------------------------------------------

def test_examples_check_clean():
    # Clean means no errors: lint warnings the examples deserve are listed in docs/lint.md.
    for spec in (MINIMAL, ANYTHINGLLM):
        r = moncc("check", spec)
        expect(r.code == 0, "%s should check clean" % spec, r)
        expect(r.err_text.startswith("%s: ok\n" % spec) and "error[" not in r.err_text,
               "expected `%s: ok` and no errors" % spec, r)
        expect(r.out == b"", "check writes nothing to stdout in human format", r)


def test_several_specs_in_one_run():
    r = moncc("check", MINIMAL, ANYTHINGLLM)
    expect(r.code == 0, "both examples are clean", r)
    expect(r.err_text.startswith("%s: ok\n%s: ok\n" % (MINIMAL, ANYTHINGLLM)),
           "one ok line each", r)


def test_quiet():
    for flag in ("-q", "--quiet"):
        r = moncc("check", flag, MINIMAL)
        expect(r.code == 0 and r.err == b"" and r.out == b"", "%s prints nothing" % flag, r)


def test_spec_with_error_exits_1():
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, "bad.yaml", BROKEN)
        r = moncc("check", "bad.yaml", "--color", "never", cwd=tmp)
        expect(r.code == 1, "a spec with an error exits 1", r)
        expect("E0101" in r.err_text, "the unknown key is E0101", r)
        expect("treshold" in r.err_text, "the message names the key", r)
        expect("bad.yaml:4:1" in r.err_text, "the location is file:line:col", r)
        expect(": ok" not in r.err_text, "no ok line for a spec with errors", r)
        expect(r.out == b"", "nothing on stdout", r)


def test_syntax_error_exits_1():
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, "syntax.yaml", SYNTAX_ERROR)
        r = moncc("check", "syntax.yaml", cwd=tmp)
        expect(r.code == 1, "a YAML syntax error exits 1", r)
        expect("E0010" in r.err_text, "a syntax error is E0010", r)


def test_good_and_bad_spec_together():
    with tempfile.TemporaryDirectory() as tmp:
        bad = write(tmp, "bad.yaml", BROKEN)
        r = moncc("check", MINIMAL, bad, ANYTHINGLLM)
        expect(r.code == 1, "errors in one spec exit 1", r)
        expect("%s: ok" % MINIMAL in r.err_text and "%s: ok" % ANYTHINGLLM in r.err_text,
               "the clean specs are still reported ok", r)


def test_missing_file_is_one_line_exit_3():
    with tempfile.TemporaryDirectory() as tmp:
        r = moncc("check", "nope.yaml", cwd=tmp)
        expect(r.code == 3, "a missing file exits 3", r)
        expect(r.err_text == "moncc: error[E0001]: cannot read `nope.yaml`: "
               "No such file or directory\n", "exactly one line on stderr", r)
        expect(r.out == b"", "nothing on stdout", r)


def test_missing_file_among_others():
    with tempfile.TemporaryDirectory() as tmp:
        missing = os.path.join(tmp, "nope.yaml")
        r = moncc("check", MINIMAL, missing, ANYTHINGLLM)
        expect(r.code == 3, "a missing file exits 3 even when the others are clean", r)
        lines = r.err_text.splitlines()
        expect("%s: ok" % MINIMAL in lines and "%s: ok" % ANYTHINGLLM in lines,
               "the other files are still checked", r)
        expect(sum("E0001" in line for line in lines) == 1, "one E0001 line", r)


def test_missing_file_wins_over_spec_errors():
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, "bad.yaml", BROKEN)
        r = moncc("check", "bad.yaml", "nope.yaml", cwd=tmp)
        expect(r.code == 3, "I/O failure (3) outranks spec errors (1)", r)
        expect("E0101" in r.err_text, "the readable file is still checked", r)


def test_stdin():
    r = moncc("check", "-", stdin=read_bytes(MINIMAL))
    expect(r.code == 0, "`-` reads a clean spec from stdin", r)
    expect(r.err_text.endswith(": ok\n"), "an ok line for stdin", r)
    r = moncc("check", "-", stdin=BROKEN.encode())
    expect(r.code == 1, "`-` reads a broken spec from stdin", r)
    expect("E0101" in r.err_text, "its error is reported", r)


def test_double_dash_ends_options():
    with tempfile.TemporaryDirectory() as tmp:
        r = moncc("check", "--", "--format", cwd=tmp)
        expect(r.code == 3, "after `--`, `--format` is a file name", r)
        expect("cannot read `--format`" in r.err_text, "and it cannot be read", r)


def test_options_after_operands():
    r = moncc("check", MINIMAL, "-q")
    expect(r.code == 0 and r.err == b"", "-q after the spec works", r)
    r = moncc("check", MINIMAL, "--format=json")
    expect(r.code == 0, "--format=json after the spec works", r)
    json.loads(r.out_text)


def test_check_without_spec():
    r = moncc("check")
    expect(r.code == 2, "check needs a SPEC", r)
    expect("Try `moncc check --help`." in r.err_text, "points at the help", r)


def test_error_limit():
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, "three.yaml", THREE_ERRORS)
        full = moncc("check", "three.yaml", "--error-limit", "0", cwd=tmp)
        expect(full.code == 1, "three errors exit 1", full)
        expect(full.err_text.count("error[E0101]") == 3, "0 shows all three", full)
        limited = moncc("check", "three.yaml", "--error-limit=1", cwd=tmp)
        expect(limited.code == 1, "the limit does not change the exit code", limited)
        expect(limited.err_text.count("error[E0101]") == 1, "the limit shows one", limited)


def test_deterministic():
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, "three.yaml", THREE_ERRORS)
        runs = [moncc("check", "three.yaml", "a.yaml", "--format", fmt, cwd=tmp)
                for fmt in ("human", "json", "sarif", "github") for _ in range(2)]
        for a, b in zip(runs[::2], runs[1::2]):
            expect(a.out == b.out and a.err == b.err and a.code == b.code,
                   "the same input gives the same bytes", a)


# --- version and help -------------------------------------------------------------------

def test_version():
    r = moncc("--version")
    expect(r.code == 0, "--version exits 0", r)
    expect(re.fullmatch(r"moncc \d+\.\d+\.\d+\n", r.out_text), "prints `moncc X.Y.Z`", r)
    cmake = read_bytes("CMakeLists.txt").decode("utf-8")
    version = re.search(r"project\(moncc VERSION (\S+)", cmake).group(1)
    expect(r.out_text == "moncc %s\n" % version, "the version is the project's", r)
    expect(r.err == b"", "nothing on stderr", r)


def test_help():
    outs = [moncc(*args) for args in (["--help"], ["-h"], ["help"])]
    for r in outs:
        expect(r.code == 0 and r.err == b"", "help exits 0 and writes stdout only", r)
        expect(r.out_text.startswith("usage: moncc "), "starts with usage", r)
        for cmd in COMMANDS:
            expect("\n  %s" % cmd in r.out_text, "lists `%s`" % cmd, r)
    expect(outs[0].out == outs[1].out == outs[2].out, "--help, -h and help agree")


def test_command_help():
    for cmd in COMMANDS:
        outs = [moncc(cmd, "--help"), moncc(cmd, "-h"), moncc("help", cmd)]
        for r in outs:
            expect(r.code == 0 and r.err == b"", "`%s` help exits 0, stdout only" % cmd, r)
            expect(r.out_text.startswith("usage: moncc %s" % cmd), "usage of %s" % cmd, r)
            expect("--format" in r.out_text, "common options are listed", r)
        expect(outs[0].out == outs[1].out == outs[2].out, "the three ways agree for " + cmd)


def test_help_wins_over_option_errors():
    r = moncc("check", "--frmat", "--help")
    expect(r.code == 0 and r.out_text.startswith("usage: moncc check"), "help wins", r)


def test_no_command():
    r = moncc()
    expect(r.code == 2, "no command is a usage error", r)
    expect("Try `moncc --help`." in r.err_text, "points at the help", r)


# --- usage errors -----------------------------------------------------------------------

def test_unknown_command():
    r = moncc("chek", MINIMAL)
    expect(r.code == 2, "an unknown command exits 2", r)
    expect(r.err_text == "moncc: unknown command `chek`\nhelp: did you mean `check`?\n"
           "Try `moncc --help`.\n", "git-style message with did-you-mean", r)
    expect(r.out == b"", "nothing on stdout", r)
    r = moncc("plan", MINIMAL)
    expect(r.code == 2 and "command `plan` is not in this version" in r.err_text,
           "a command of a later version says so", r)
    r = moncc("help", "shema")
    expect(r.code == 2 and "did you mean `schema`?" in r.err_text, "help COMMAND too", r)


def test_unknown_option():
    r = moncc("check", "--frmat", "json", MINIMAL)
    expect(r.code == 2, "an unknown option exits 2", r)
    expect(r.err_text == "moncc: unknown option `--frmat`\nhelp: did you mean `--format`?\n"
           "Try `moncc check --help`.\n", "git-style message with did-you-mean", r)
    r = moncc("check", "-x", MINIMAL)
    expect(r.code == 2 and "unknown option `-x`" in r.err_text, "short options too", r)
    r = moncc("schema", "--list")
    expect(r.code == 2, "`--list` belongs to explain only", r)


def test_bad_option_values():
    cases = [
        (["--format", "xml"], "unknown format `xml`"),
        (["--format", "jsno"], "did you mean `json`?"),
        (["--color", "sometimes"], "`auto`, `always` or `never`"),
        (["--error-limit", "many"], "invalid value `many` for `--error-limit`"),
        (["--error-limit", "-1"], "invalid value `-1`"),
        (["--error-limit", "99999999999999999999"], "invalid value"),
        (["--format"], "option `--format` needs a value"),
        (["--quiet=yes"], "option `--quiet` takes no value"),
    ]
    for args, text in cases:
        r = moncc("check", MINIMAL, *args)
        expect(r.code == 2, "%s is a usage error" % args, r)
        expect(text in r.err_text, "%s: expected %r" % (args, text), r)


def test_usage_error_in_json():
    for args in (["--format", "json", "check", "--frmat", MINIMAL],
                 ["check", "--frmat", MINIMAL, "--format=json"],
                 ["--format=json", "chek"],
                 ["--format=json", "explain", "E9999"],
                 ["--format=json"]):
        r = moncc(*args)
        expect(r.code == 2, "%s exits 2" % args, r)
        expect(r.err == b"", "%s: nothing on stderr in JSON mode" % args, r)
        doc = json.loads(r.out_text)
        expect(isinstance(doc, dict), "one JSON document", r)
        expect(doc.get("valid") is False, "the document says invalid", r)
        expect(len(doc.get("diagnostics", [])) == 1, "one diagnostic", r)


def test_usage_error_in_sarif_and_github():
    r = moncc("--format", "sarif", "check", "--frmat", MINIMAL)
    expect(r.code == 2 and r.err == b"", "sarif usage error on stdout", r)
    doc = json.loads(r.out_text)
    expect(doc.get("version") == "2.1.0", "a SARIF log", r)
    r = moncc("--format", "github", "check", "--frmat", MINIMAL)
    expect(r.code == 2 and r.err == b"", "github usage error on stdout", r)
    expect(r.out_text.startswith("::error"), "a workflow command", r)


# --- formats ----------------------------------------------------------------------------

def test_format_json():
    with tempfile.TemporaryDirectory() as tmp:
        bad = write(tmp, "bad.yaml", BROKEN)
        r = moncc("check", "--format", "json", MINIMAL, bad)
        expect(r.code == 1 and r.err == b"", "json goes to stdout only", r)
        doc = json.loads(r.out_text)
        expect(doc["valid"] is False, "invalid", r)
        codes = [g.get("code") for g in doc["diagnostics"]]
        expect("E0101" in codes, "the E0101 is in the document", r)
        r = moncc("check", "--format", "json", MINIMAL, ANYTHINGLLM)
        expect(r.code == 0, "clean specs", r)
        doc = json.loads(r.out_text)
        expect(doc["valid"] is True and doc["error_count"] == 0
               and all(g["level"] == "warning" for g in doc["diagnostics"]),
               "valid, warnings at most", r)


def sarif_schema():
    path = os.path.join(SRC, "tests", "data", "sarif-schema-2.1.0.json")
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        return None
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def test_format_sarif():
    schema = sarif_schema()
    with tempfile.TemporaryDirectory() as tmp:
        bad = write(tmp, "bad.yaml", BROKEN)
        for args in ([MINIMAL, bad], [MINIMAL], [bad, os.path.join(tmp, "nope.yaml")]):
            r = moncc("check", "--format", "sarif", *args)
            expect(r.code in (0, 1, 3) and r.err == b"", "sarif goes to stdout only", r)
            doc = json.loads(r.out_text)
            expect(doc.get("version") == "2.1.0", "SARIF 2.1.0", r)
            expect(len(doc.get("runs", [])) == 1, "one run", r)
            if schema is not None:
                import jsonschema
                jsonschema.validate(doc, schema)


def test_format_github():
    with tempfile.TemporaryDirectory() as tmp:
        bad = write(tmp, "bad.yaml", BROKEN)
        r = moncc("check", "--format", "github", bad)
        expect(r.code == 1 and r.err == b"", "github goes to stdout only", r)
        lines = r.out_text.splitlines()
        expect(any(re.match(r"::error file=[^,]*bad\.yaml,line=4,", line) for line in lines),
               "an ::error workflow command at bad.yaml line 4", r)
        for line in lines:
            expect("\r" not in line, "no raw carriage return", r)
        r = moncc("check", "--format", "github", MINIMAL)
        expect(r.code == 0, "clean spec", r)
        expect("::error" not in r.out_text, "no error command for a clean spec", r)


def test_missing_file_in_json():
    with tempfile.TemporaryDirectory() as tmp:
        r = moncc("check", "--format", "json", "nope.yaml", cwd=tmp)
        expect(r.code == 3 and r.err == b"", "json for I/O errors too", r)
        doc = json.loads(r.out_text)
        expect([g.get("code") for g in doc["diagnostics"]] == ["E0001"], "an E0001", r)


# --- colour -----------------------------------------------------------------------------

def test_color():
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, "bad.yaml", BROKEN)
        r = moncc("check", "--color", "always", "bad.yaml", cwd=tmp)
        expect(r.code == 1 and b"\x1b[" in r.err, "--color always colours an error", r)
        r = moncc("check", "--color=always", "bad.yaml", cwd=tmp, env={"NO_COLOR": "1"})
        expect(r.code == 1 and b"\x1b" not in r.err, "NO_COLOR wins over --color always", r)
        r = moncc("check", "--color=always", "bad.yaml", cwd=tmp, env={"NO_COLOR": ""})
        expect(b"\x1b[" in r.err, "an empty NO_COLOR does not count", r)
        r = moncc("check", "--color", "never", "bad.yaml", cwd=tmp)
        expect(b"\x1b" not in r.err, "--color never", r)
        r = moncc("check", "bad.yaml", cwd=tmp)
        expect(b"\x1b" not in r.err, "auto: stderr is a pipe, no colour", r)
        r = moncc("check", "--color", "always", "--format", "json", "bad.yaml", cwd=tmp)
        expect(b"\x1b" not in r.out, "never colour in JSON", r)


# --- schema and explain -----------------------------------------------------------------

def test_schema_is_byte_for_byte():
    r = moncc("schema")
    expect(r.code == 0 and r.err == b"", "schema exits 0", r)
    expect(r.out == read_bytes("schema", "moncc.schema.json"), "the embedded schema is the file")
    r = moncc("schema", "extra")
    expect(r.code == 2 and "unexpected argument `extra`" in r.err_text, "no operands", r)


def test_write_failure_exits_3():
    if not os.path.exists("/dev/full"):
        return
    with open("/dev/full", "wb") as full:
        r = moncc("schema", stdout=full)
        expect(r.code == 3, "`moncc schema > /dev/full` exits 3", r)
        expect("cannot write to standard output" in r.err_text, "and says why", r)
        r = moncc("explain", "--list", stdout=full)
        expect(r.code == 3, "explain --list > /dev/full exits 3", r)
        r = moncc("check", "nope.yaml", stderr=full)
        expect(r.code == 3, "a failed write to stderr exits 3 as well", r)


def test_explain():
    page = read_bytes("docs", "errors", "E0101.md")
    for code in ("E0101", "e0101"):
        r = moncc("explain", code)
        expect(r.code == 0 and r.err == b"", "explain %s exits 0" % code, r)
        expect(r.out == page, "explain %s prints docs/errors/E0101.md" % code, r)


def test_explain_unknown_code():
    r = moncc("explain", "E9999")
    expect(r.code == 2, "an unknown code is a usage error", r)
    expect("unknown code `E9999`" in r.err_text, "names the code", r)
    r = moncc("explain", "E101")
    expect(r.code == 2 and "did you mean `E0101`?" in r.err_text, "did-you-mean for codes", r)
    r = moncc("explain")
    expect(r.code == 2, "explain needs a CODE", r)
    r = moncc("explain", "E0101", "E0102")
    expect(r.code == 2, "one CODE at a time", r)


def test_explain_list():
    r = moncc("explain", "--list")
    expect(r.code == 0 and r.err == b"", "explain --list exits 0", r)
    want = "".join("%s  %s\n" % (code, title) for code, title in codes_def())
    expect(want and r.out_text == want, "one `CODE  title` line per code, in order", r)
    r = moncc("explain", "--list", "E0101")
    expect(r.code == 2, "--list takes no CODE", r)


# --- moncc docs -------------------------------------------------------------------------

DOCS_FILES = ["spec-reference.md", "stdlib/README.md", "stdlib/alb.md", "stdlib/ec2.md",
              "stdlib/waf.md"]


def test_docs_write_then_check():
    n = len(glob.glob(os.path.join(SRC, "stdlib", "*.yaml"))) + 2  # pages, index, reference
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "docs")
        os.makedirs(os.path.join(d, "stdlib"))
        hand = write(d, "guide.md", "hand-written\n")
        hand2 = write(os.path.join(d, "stdlib"), "notes.md", "also hand-written\n")
        r = moncc("docs", d)
        expect(r.code == 0 and r.out == b"", "docs exits 0, stdout empty", r)
        expect(f"{n} files ({n} written, 0 unchanged, 0 deleted)" in r.err_text, "summary", r)
        for f in DOCS_FILES:
            expect(os.path.isfile(os.path.join(d, f)), "wrote " + f, r)
        r = moncc("docs", "-o", d, "-q")
        expect(r.code == 0 and r.err == b"", "-o DIR is the same; -q is quiet", r)
        r = moncc("docs", d, "--check")
        expect(r.code == 0 and f"are up to date ({n} files)" in r.err_text, "fresh check", r)

        # Stale: one page edited, one deleted, and a page the previous run wrote (listed in
        # the manifest) that this moncc no longer generates.
        with open(os.path.join(d, "stdlib", "waf.md"), "a", encoding="utf-8") as f:
            f.write("edited\n")
        os.remove(os.path.join(d, "stdlib", "ec2.md"))
        write(os.path.join(d, "stdlib"), "gone.md", "from an older moncc\n")
        with open(os.path.join(d, ".moncc-docs-manifest"), "a", encoding="utf-8") as f:
            f.write("stdlib/gone.md\n")
        before = {f: os.path.getmtime(os.path.join(d, f)) for f in ("spec-reference.md",)}
        r = moncc("docs", d, "--check")
        expect(r.code == 1, "--check exits 1 when stale", r)
        expect("3 files are not what `moncc docs` would write" in r.err_text, "counts", r)
        for line in ("differs  %s/stdlib/waf.md" % d, "missing  %s/stdlib/ec2.md" % d,
                     "stale    %s/stdlib/gone.md (docs would delete it)" % d,
                     "help: run `moncc docs %s` to update them" % d):
            expect(line in r.err_text, "names " + line, r)
        expect(os.path.isfile(os.path.join(d, "stdlib", "gone.md")), "--check deletes nothing")
        expect(not os.path.exists(os.path.join(d, "stdlib", "ec2.md")), "--check writes nothing")
        expect(not [n for n in os.listdir(d) if n.startswith(".moncc-staging")], "no staging")

        r = moncc("docs", d)
        expect(r.code == 0 and f"(2 written, {n - 2} unchanged, 1 deleted)" in r.err_text,
               "the run repairs exactly those", r)
        expect(not os.path.exists(os.path.join(d, "stdlib", "gone.md")), "stale page deleted")
        expect(os.path.getmtime(os.path.join(d, "spec-reference.md")) ==
               before["spec-reference.md"], "unchanged files keep their time")
        with open(hand, encoding="utf-8") as f:
            expect(f.read() == "hand-written\n", "hand-written docs untouched")
        with open(hand2, encoding="utf-8") as f:
            expect(f.read() == "also hand-written\n", "hand-written docs untouched")
        expect(not os.path.exists(os.path.join(d, ".moncc-manifest")),
               "the build's manifest is not used")
        expect(moncc("docs", d, "--check").code == 0, "fresh again")


def test_docs_check_missing_dir():
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "nothing")
        r = moncc("docs", "--check", d)
        kinds = len(glob.glob(os.path.join(SRC, "stdlib", "*.yaml")))
        want = f"{kinds + 2} files are not"  # a page per kind, the index, the spec reference
        expect(r.code == 1 and want in r.err_text, "all missing", r)
        expect(not os.path.exists(d), "--check makes no folder", r)


def test_docs_usage_errors():
    r = moncc("docs", "a", "b")
    expect(r.code == 2 and "unexpected argument `b`" in r.err_text, "one DIR", r)
    r = moncc("docs", "a", "-o", "b")
    expect(r.code == 2 and "give the folder once" in r.err_text, "DIR or -o, not both", r)
    r = moncc("docs", "--list")
    expect(r.code == 2 and "unknown option `--list`" in r.err_text, "build's options only", r)


def test_docs_usage_examples_check_clean():
    # Each kind page's usage example, with a spec's required keys around it, is a valid spec.
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "docs")
        expect(moncc("docs", d, "-q").code == 0, "docs runs")
        for kind in ("alb", "ec2", "waf"):
            with open(os.path.join(d, "stdlib", kind + ".md"), encoding="utf-8") as f:
                page = f.read()
            m = re.search(r"## Usage\n\n```yaml\n(.*?)```", page, re.S)
            expect(m is not None, "a usage example on " + kind)
            spec = write(tmp, kind + ".yaml",
                         "moncc: 1\nproject: shop\nregion: us-east-1\n" + m.group(1))
            r = moncc("check", "-q", spec)
            expect(r.code == 0, "the %s usage example checks clean" % kind, r)


# --- runner -----------------------------------------------------------------------------

def tests():
    return {name[len("test_"):]: fn for name, fn in sorted(globals().items())
            if name.startswith("test_") and callable(fn)}


def main(argv):
    global MONCC, SRC
    if len(argv) >= 2 and argv[1] == "--list":
        print("\n".join(tests()))
        return 0
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    MONCC, SRC = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    selected = argv[3:] or list(tests())
    passed = failed = 0
    for name in selected:
        fn = tests().get(name)
        if fn is None:
            print("cli_test: no test %r" % name, file=sys.stderr)
            failed += 1
            continue
        try:
            fn()
            passed += 1
            print("ok   %s" % name)
        except Exception:  # a failed expect or an unexpected error: report, go on
            failed += 1
            print("FAIL %s" % name)
            traceback.print_exc()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
