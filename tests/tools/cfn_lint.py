#!/usr/bin/env python3
"""Runs cfn-lint on every CloudFormation template moncc generates for one spec.

Consumes: the moncc binary, the source directory, and a spec path relative to it (or, with
--gen-services N, a generated spec of N services, big enough to be split into several
templates; --app-signals puts its SLOs on Application Signals). Builds it with `moncc build SPEC -o TMP -q` from the source directory, then runs
`cfn-lint --format parseable` on TMP/cloudformation/*.yaml (each template with the region it
is deployed to: us-east-1-billing.yaml in us-east-1, the others in the spec's region).
Produces: the findings on stdout, and exit 0 when there is no error. cfn-lint's exit status
is a bit mask (2 errors, 4 warnings, 8 informational): only bit 2 fails the test; warnings
and informational findings are printed and reported, and fail only with --strict.
Exit 77 (skipped) when cfn-lint is not installed.
"""

import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def gen_spec(n, app_signals=False):
    """A spec of n services (ALB with target group, EC2 Spot with the agent, WAF, two SLOs,
    a custom alarm each): about 70 resources per service, so n = 12 needs two templates.
    app_signals: the SLOs on Application Signals (burn-rate alarms with DependsOn)."""
    out = [
        "moncc: 1",
        "project: fleet",
        "environment: prod",
        "region: eu-west-1",
    ]
    if app_signals:
        out += ["defaults: { slo_backend: application-signals }"]
    out += [
        "notify:",
        "  pager: { email: pager@example.com }",
        "  team: { email: team@example.com }",
        "tiers:",
        "  critical: { notify: [pager], escalate: { after: 30m, to: [team] } }",
        "  warning: { notify: [team] }",
        "  info: { notify: [] }",
        "cost:",
        "  budget: { monthly: 900 USD, alerts: [{ tier: warning, at: 80%, of: forecast }] }",
        "  anomalies: { above: 50 USD, tier: warning }",
        "services:",
    ]
    for i in range(n):
        h = "%016x" % (0x1000 + i)
        out += [
            "  svc%d:" % i,
            "    resources:",
            "      lb: { kind: alb, load_balancer: app/svc%d/%s," % (i, h),
            "            target_group: targetgroup/svc%d/%s }" % (i, h),
            "      host: { kind: ec2, instance: i-%017x, spot: true, agent: true }"
            % (0x100 + i),
            "      waf: { kind: waf, web_acl: svc%d-acl }" % i,
            "    slos:",
            "      availability: { objective: 99.9%, window: 30d, sli: lb.availability }",
            "      latency: { objective: 99%, window: 30d, sli: lb.latency, threshold: 1s }",
            "    alarms:",
            "      memory:",
            "        metric: host.memory_used",
            '        warning: "> 85% for 15m"',
            "        runbook: Memory is short; check the largest processes.",
        ]
    if n <= 12:  # the overview dashboard holds a dozen services, not more
        out += ["dashboards:", "  health: { preset: overview }"]
    return "\n".join(out) + "\n"


def spec_region(path):
    with open(path, encoding="utf-8") as f:
        m = re.search(r"^region:\s*([a-z0-9-]+)", f.read(), re.M)
    return m.group(1) if m else "us-east-1"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("moncc")
    ap.add_argument("srcdir")
    ap.add_argument("spec", nargs="?")
    ap.add_argument("--gen-services", type=int, default=0)
    ap.add_argument("--app-signals", action="store_true",
                    help="the generated spec's SLOs on Application Signals")
    ap.add_argument("--min-templates", type=int, default=1)
    ap.add_argument("--strict", action="store_true", help="fail on warnings too")
    args = ap.parse_args()

    lint = shutil.which("cfn-lint")
    if not lint:
        print("cfn_lint: cfn-lint is not installed: skipped")
        return SKIP
    moncc = os.path.abspath(args.moncc)
    with tempfile.TemporaryDirectory(prefix="moncc-cfnlint-") as tmp:
        if args.gen_services:
            spec = os.path.join(tmp, "generated.yaml")
            with open(spec, "w", encoding="utf-8") as f:
                f.write(gen_spec(args.gen_services, args.app_signals))
        else:
            spec = args.spec
        # Two levels down: a spec's `outputs:` may leave DIR with `../../` (infra/monitoring
        # writes its runbooks to ../../docs), and must still land inside tmp.
        out = os.path.join(tmp, "build", "out")
        r = subprocess.run([moncc, "build", spec, "-o", out, "-q", "--color", "never"],
                           cwd=args.srcdir, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            print("cfn_lint: moncc build exited %d" % r.returncode)
            print(r.stdout + r.stderr)
            return 1
        templates = sorted(glob.glob(os.path.join(out, "**", "*.yaml"), recursive=True))
        templates = [t for t in templates if "AWSTemplateFormatVersion" in open(t).read()]
        if len(templates) < args.min_templates:
            print("cfn_lint: %d templates, expected at least %d"
                  % (len(templates), args.min_templates))
            return 1
        region = spec_region(os.path.join(args.srcdir, spec))
        # One cfn-lint run per region (its start-up is most of the time on small templates).
        groups = {}
        for t in templates:
            reg = "us-east-1" if os.path.basename(t) == "us-east-1-billing.yaml" else region
            groups.setdefault(reg, []).append(t)
        failed = False
        counts = {"errors": 0, "warnings": 0, "info": 0}
        for reg, files in sorted(groups.items()):
            r = subprocess.run([lint, "--format", "parseable", "--regions", reg, "--"] + files,
                               capture_output=True, text=True, timeout=280)
            findings = [l for l in r.stdout.splitlines() if l.strip()]
            for line in findings:
                print(line.replace(out + os.sep, ""))
                rule = line.split(":")[5] if line.count(":") >= 5 else ""
                kind = {"E": "errors", "W": "warnings", "I": "info"}.get(rule[:1], "errors")
                counts[kind] += 1
            if r.returncode & ~(2 | 4 | 8) or (r.returncode and not findings):
                print("cfn_lint: cfn-lint exited %d" % r.returncode)
                print(r.stderr)
                failed = True
            if r.returncode & 2 or (args.strict and r.returncode & 4):
                failed = True
            for t in files:
                print("cfn_lint: %s (%s, %d bytes)"
                      % (os.path.relpath(t, out), reg, os.path.getsize(t)))
            print("cfn_lint: cfn-lint --regions %s: exit %d" % (reg, r.returncode))
        print("cfn_lint: %d templates, %d errors, %d warnings, %d informational"
              % (len(templates), counts["errors"], counts["warnings"], counts["info"]))
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
