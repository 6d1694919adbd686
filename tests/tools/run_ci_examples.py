#!/usr/bin/env python3
"""Runs the CI integration moncc ships, as a user's repository would: the pre-commit hooks of
.pre-commit-hooks.yaml and the `moncc` steps of examples/ci/github-actions.yml, against a
scratch repository holding a copy of examples/minimal's spec at infra/monitoring/.

Fresh outputs: every hook and step exits 0. A generated file edited by hand: the build check
(hook and step) exits 1 and names the file, `check` still passes. A broken spec: `check`
exits 1. Usage: run_ci_examples.py MONCC SRCDIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

moncc, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def run(cmd, cwd, env, shell=False):
    p = subprocess.run(cmd, cwd=cwd, env=env, shell=shell, capture_output=True, text=True,
                       timeout=120, executable="/bin/bash" if shell else None)
    return p.returncode, p.stdout + p.stderr


def expect(what, got, want, output):
    if got != want:
        failures.append(f"{what}: exit {got}, expected {want}\n{output}")


with tempfile.TemporaryDirectory() as tmp:
    bindir = os.path.join(tmp, "bin")
    os.mkdir(bindir)
    os.symlink(moncc, os.path.join(bindir, "moncc"))
    repo = os.path.join(tmp, "repo")
    spec_rel = "infra/monitoring/monitoring.yaml"
    os.makedirs(os.path.join(repo, "infra/monitoring"))
    shutil.copy(os.path.join(src, "examples/minimal/monitoring.yaml"), os.path.join(repo, spec_rel))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], SPEC=spec_rel)

    code, out = run(["moncc", "build", "-q", spec_rel], repo, env)
    expect("moncc build", code, 0, out)

    with open(os.path.join(src, ".pre-commit-hooks.yaml")) as f:
        hooks = {h["id"]: h for h in yaml.safe_load(f)}
    with open(os.path.join(src, "examples/ci/github-actions.yml")) as f:
        workflow = yaml.safe_load(f)
    steps = [s["run"] for job in workflow["jobs"].values() for s in job["steps"]
             if s.get("run", "").startswith("moncc ")]
    if len(steps) < 3 or set(hooks) != {"moncc-check", "moncc-build-check"}:
        failures.append(f"unexpected hooks {sorted(hooks)} or workflow steps {steps}")

    def hook_cmd(hook):
        # pre-commit runs `language: script` entries from the hook repository's root and
        # `language: system` entries from PATH; both get the matching files as arguments.
        words = hook["entry"].split()
        if hook["language"] == "script":
            words[0] = os.path.join(src, words[0])
        return words + [spec_rel]

    def run_all(state, want_check, want_build):
        for hid, want in (("moncc-check", want_check), ("moncc-build-check", want_build)):
            code, out = run(hook_cmd(hooks[hid]), repo, env)
            expect(f"{state}: hook {hid}", code, want, out)
        for step in steps:
            want = 0 if "|| true" in step else want_build if "build" in step else want_check
            code, out = run(step, repo, env, shell=True)
            expect(f"{state}: step `{step}`", code, want, out)
            if state == "stale" and "build" in step and "alarms.yaml" not in out:
                failures.append(f"stale: `{step}` does not name alarms.yaml:\n{out}")

    run_all("fresh", 0, 0)
    with open(os.path.join(repo, "infra/monitoring/alarms.yaml"), "a") as f:
        f.write("# edited by hand\n")
    run_all("stale", 0, 1)
    with open(os.path.join(repo, spec_rel), "a") as f:
        f.write("bogus_key: 1\n")
    code, out = run(hook_cmd(hooks["moncc-check"]), repo, env)
    expect("broken spec: hook moncc-check", code, 1, out)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
