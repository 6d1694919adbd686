#!/usr/bin/env python3
"""`moncc build` end to end: where it writes, what it prints, --check, ownership, atomicity.

Usage: build_test.py MONCC SRCDIR [--list | NAME...]

Runs the moncc binary with subprocess, each test in a fresh temporary directory (specs are
copied there, so that the default output directory, the spec's folder, is temporary too).
tests/build.cmake registers one ctest per test_* function (build/NAME). The byte-for-byte
content of every output is the golden tests' job (tests/tools/run_golden.py); these tests are
about the command: paths, exit codes, messages, the manifest, and failures.
"""

import os
import shutil
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_test  # noqa: E402  (the moncc runner and expect)
from cli_test import expect  # noqa: E402

MINIMAL = "examples/minimal/monitoring.yaml"
MANIFEST = ".moncc-manifest"


def moncc(*args, **kw):
    env = dict(kw.pop("env", None) or {})
    env.setdefault("NO_COLOR", "1")
    return cli_test.moncc(*args, env=env, **kw)


class Tmp:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="moncc-build-test-")
        return self.path

    def __exit__(self, *exc):
        for root, dirs, _ in os.walk(self.path):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(self.path, ignore_errors=True)


def spec_copy(tmp, text=None, name="monitoring.yaml", sub="spec"):
    """Writes the minimal example (or text) to tmp/sub/name; returns its path."""
    d = os.path.join(tmp, sub)
    os.makedirs(d, exist_ok=True)
    if text is None:
        with open(os.path.join(cli_test.SRC, MINIMAL), encoding="utf-8") as f:
            text = f.read()
    path = os.path.join(d, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def files(root):
    out = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            full = os.path.join(dirpath, n)
            with open(full, "rb") as f:
                out[os.path.relpath(full, root)] = f.read()
    return out


def manifest_paths(d):
    with open(os.path.join(d, MANIFEST), encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith(("#", "spec: "))]


def test_builds_next_to_the_spec():
    with Tmp() as tmp:
        spec = spec_copy(tmp)
        r = moncc("build", spec)
        expect(r.code == 0, "build exits 0", r)
        expect(r.out == b"", "nothing on stdout", r)
        expect("moncc: built %s into %s" % (spec, os.path.dirname(spec)) in r.err_text,
               "the summary names the spec and the folder", r)
        expect("estimated CloudWatch cost:" in r.err_text and "USD a month" in r.err_text,
               "the summary has the cost estimate", r)
        written = manifest_paths(os.path.dirname(spec))
        expect(written == sorted(written), "the manifest is sorted")
        for p in written:
            expect(os.path.isfile(os.path.join(os.path.dirname(spec), p)), "%s exists" % p)
        expect("alarms.yaml" in written, "alarms.yaml is written", r)
        left = [n for n in os.listdir(os.path.dirname(spec)) if n.startswith(".moncc-staging")]
        expect(not left, "no staging directory is left", r)


def test_quiet_and_second_build():
    with Tmp() as tmp:
        spec = spec_copy(tmp)
        out = os.path.join(tmp, "out")
        r = moncc("build", spec, "-o", out, "-q")
        expect(r.code == 0 and r.err == b"" and r.out == b"", "-q prints nothing", r)
        before = {p: os.stat(os.path.join(out, p)).st_ino for p in files(out)}
        r = moncc("build", spec, "--output", out)
        expect(r.code == 0, "a second build exits 0", r)
        expect("0 written" in r.err_text and "0 deleted" in r.err_text,
               "a second build writes nothing", r)
        after = {p: os.stat(os.path.join(out, p)).st_ino for p in files(out)}
        expect(before == after, "no file was replaced")


def test_check_fresh_and_stale():
    with Tmp() as tmp:
        spec = spec_copy(tmp)
        out = os.path.join(tmp, "out")
        r = moncc("build", spec, "-o", out, "--check")
        expect(r.code == 1, "--check of an empty folder exits 1", r)
        expect("missing  %s/alarms.yaml" % out in r.err_text, "names the missing file", r)
        expect(not os.path.exists(out), "--check writes nothing, not even the folder", r)

        moncc("build", spec, "-o", out, "-q")
        r = moncc("build", spec, "-o", out, "--check")
        expect(r.code == 0 and "is up to date" in r.err_text, "fresh: exit 0", r)
        r = moncc("build", spec, "-o", out, "--check", "-q")
        expect(r.code == 0 and r.err == b"", "fresh and -q: silent", r)

        with open(os.path.join(out, "alarms.yaml"), "a", encoding="utf-8") as f:
            f.write("# edited by hand\n")
        # A file an earlier build wrote (it is in the manifest) that this one does not.
        os.makedirs(os.path.join(out, "old"), exist_ok=True)
        with open(os.path.join(out, "old", "gone.json"), "w", encoding="utf-8") as f:
            f.write("{}\n")
        with open(os.path.join(out, MANIFEST), "a", encoding="utf-8") as f:
            f.write("old/gone.json\n")
        snapshot = files(out)
        r = moncc("build", spec, "-o", out, "--check")
        expect(r.code == 1, "stale: exit 1", r)
        expect("differs  %s/alarms.yaml" % out in r.err_text, "names the changed file", r)
        expect("stale    %s/old/gone.json" % out in r.err_text, "names the stale file", r)
        expect("2 files are not what" in r.err_text, "counts them", r)
        expect(files(out) == snapshot, "--check changed nothing")
        tmpdir = os.path.join(tmp, "tmpdir")
        os.mkdir(tmpdir)
        r = moncc("build", spec, "-o", out, "--check", env={"TMPDIR": tmpdir})
        expect(r.code == 1 and os.listdir(tmpdir) == [], "--check removes its staging", r)

        r = moncc("build", spec, "-o", out)
        expect(r.code == 0 and "1 deleted" in r.err_text, "build deletes the stale file", r)
        expect(not os.path.exists(os.path.join(out, "old")), "and its empty folder", r)
        r = moncc("build", spec, "-o", out, "--check")
        expect(r.code == 0, "up to date again", r)


def test_users_files_survive():
    with Tmp() as tmp:
        spec = spec_copy(tmp)
        d = os.path.dirname(spec)
        with open(os.path.join(d, "notes.md"), "w", encoding="utf-8") as f:
            f.write("mine\n")
        os.makedirs(os.path.join(d, "dashboards"), exist_ok=True)
        with open(os.path.join(d, "dashboards", "handmade.json"), "w", encoding="utf-8") as f:
            f.write("{}\n")
        r = moncc("build", spec)
        expect(r.code == 0, "build exits 0", r)
        r = moncc("build", spec)
        expect(r.code == 0, "build again exits 0", r)
        expect(open(os.path.join(d, "notes.md"), encoding="utf-8").read() == "mine\n",
               "a user's file survives", r)
        expect(os.path.isfile(os.path.join(d, "dashboards", "handmade.json")),
               "a user's file among the outputs survives", r)
        expect("notes.md" not in manifest_paths(d), "and is not in the manifest")
        r = moncc("build", spec, "--check")
        expect(r.code == 0, "user files do not make --check fail", r)


def test_failure_changes_nothing():
    with Tmp() as tmp:
        spec = spec_copy(tmp)
        out = os.path.join(tmp, "out")
        moncc("build", spec, "-o", out, "-q")
        # Make the next build differ in every file: a different spec path in each header.
        other = spec_copy(tmp, sub="other")
        before = files(out)
        r = moncc("build", other, "-o", out, env={"MONCC_TEST_FAIL_OUTPUT": "alarms.yaml"})
        expect(r.code == 3, "an I/O failure exits 3", r)
        expect("injected failure" in r.err_text and "nothing in %s was changed" % out
               in r.err_text, "says what failed and that nothing changed", r)
        expect(files(out) == before, "every previous output is untouched", r)
        expect(not [n for n in os.listdir(out) if n.startswith(".moncc-staging")],
               "the staging directory is removed", r)


def test_output_dir_is_a_file():
    with Tmp() as tmp:
        spec = spec_copy(tmp)
        out = os.path.join(tmp, "file")
        with open(out, "w", encoding="utf-8") as f:
            f.write("x")
        r = moncc("build", spec, "-o", out)
        expect(r.code == 3 and "cannot make the output directory" in r.err_text,
               "an output directory that cannot be made exits 3", r)


def test_read_only_output_dir():
    if os.geteuid() == 0:
        return  # root writes anyway; test_failure_changes_nothing covers the failure path
    with Tmp() as tmp:
        spec = spec_copy(tmp)
        out = os.path.join(tmp, "out")
        moncc("build", spec, "-o", out, "-q")
        before = files(out)
        os.chmod(out, 0o555)
        r = moncc("build", spec_copy(tmp, sub="other"), "-o", out)
        expect(r.code == 3, "a read-only output directory exits 3", r)
        expect(files(out) == before, "nothing changed", r)


def test_spec_with_errors_writes_nothing():
    with Tmp() as tmp:
        spec = spec_copy(tmp, cli_test.BROKEN)
        out = os.path.join(tmp, "out")
        r = moncc("build", spec, "-o", out, "--color", "never")
        expect(r.code == 1, "a spec with errors exits 1", r)
        expect("error[E0101]" in r.err_text, "the diagnostics are reported as by check", r)
        expect(not os.path.exists(out), "nothing is written", r)
        r = moncc("build", spec, "-o", out, "--format", "json")
        expect(r.code == 1 and r.out_text.startswith("{"), "machine formats on stdout", r)


def test_outputs_section():
    with open(os.path.join(cli_test.SRC, MINIMAL), encoding="utf-8") as f:
        text = f.read()
    text += ("outputs:\n  dir: generated\n  alarms: catalogue/all-alarms.yaml\n")
    with Tmp() as tmp:
        spec = spec_copy(tmp, text)
        r = moncc("build", spec)
        expect(r.code == 0, "build exits 0", r)
        gen = os.path.join(os.path.dirname(spec), "generated")
        expect(os.path.isfile(os.path.join(gen, "catalogue", "all-alarms.yaml")),
               "outputs.alarms is relative to outputs.dir", r)
        expect(not os.path.exists(os.path.join(gen, "alarms.yaml")), "not the default", r)
        out = os.path.join(tmp, "elsewhere")
        r = moncc("build", spec, "-o", out)
        expect(r.code == 0 and os.path.isfile(os.path.join(out, "catalogue", "all-alarms.yaml")),
               "-o replaces outputs.dir", r)

    conflict = text.replace("alarms: catalogue/all-alarms.yaml",
                            "alarms: same.json\n  cloudwatch_dashboard: same.json")
    with Tmp() as tmp:
        spec = spec_copy(tmp, conflict)
        r = moncc("build", spec)
        # Only a conflict when both emitters write: the dashboard one may be missing yet.
        if r.code != 0:
            expect(r.code == 1 and "same.json" in r.err_text, "a conflict exits 1", r)


def test_usage():
    r = moncc("build")
    expect(r.code == 2 and "no SPEC to build" in r.err_text, "no SPEC: usage error", r)
    r = moncc("build", MINIMAL, MINIMAL)
    expect(r.code == 2 and "takes one SPEC" in r.err_text, "two SPECs: usage error", r)
    r = moncc("build", MINIMAL, "-o")
    expect(r.code == 2 and "needs a value" in r.err_text, "-o without DIR", r)
    r = moncc("check", MINIMAL, "--check")
    expect(r.code == 2 and "unknown option `--check`" in r.err_text, "--check is build's", r)
    r = moncc("build", "--help")
    expect(r.code == 0 and r.out_text.startswith("usage: moncc build"), "help", r)
    r = moncc("build", "--list")
    expect(r.code == 0 and r.out_text.splitlines()[0].startswith("cloudwatch"), "--list", r)
    names = [l.split()[0] for l in r.out_text.splitlines()]
    expect(names == ["cloudwatch", "alarms", "cloudformation", "grafana", "runbooks"],
           "the emitters in order", r)


def test_stdin_spec():
    with Tmp() as tmp:
        with open(os.path.join(cli_test.SRC, MINIMAL), "rb") as f:
            text = f.read()
        out = os.path.join(tmp, "out")
        r = moncc("build", "-", "-o", out, "-q", stdin=text)
        expect(r.code == 0 and os.path.isfile(os.path.join(out, "alarms.yaml")),
               "a spec on standard input builds with -o", r)


def tests():
    return {name[len("test_"):]: fn for name, fn in sorted(globals().items())
            if name.startswith("test_") and callable(fn)}


def main(argv):
    if len(argv) >= 2 and argv[1] == "--list":
        print("\n".join(tests()))
        return 0
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cli_test.MONCC, cli_test.SRC = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    selected = argv[3:] or list(tests())
    passed = failed = 0
    for name in selected:
        fn = tests().get(name)
        if fn is None:
            print("build_test: no test %r" % name, file=sys.stderr)
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
