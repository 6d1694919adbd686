#!/usr/bin/env python3
"""Validates alarms.yaml against botocore's CloudWatch model and CloudWatch's own rules.

Usage:
  validate_alarms.py --moncc MONCC --srcdir SRCDIR --case CASE
      builds tests/golden/CASE's spec (its monitoring.yaml, or the path in its SPEC file) with
      `moncc build SPEC -o TMP/out` from SRCDIR, then validates the alarms.yaml it wrote,
      against the docs/incident-response.md it wrote when there is one;
  validate_alarms.py [--runbooks INCIDENT_RESPONSE_MD] ALARMS_YAML...
      validates existing files.

Checks, for every entry of `MetricAlarms:` (PutMetricAlarm) and `CompositeAlarms:`
(PutCompositeAlarm), after dropping moncc's own keys `tier` and `runbook`:
  - botocore.validate.ParamValidator against the operation's input shape (types, required
    members, minimum lengths and values): any error fails; then the model's enums and
    maximum lengths, which botocore leaves to the service;
  - what botocore does not check (aws-notes.md §2.1, §2.2): names 1..255 characters and unique
    in the file, descriptions <= 1024 characters on one line, <= 5 actions of each kind;
    exactly one of MetricName and Metrics; Statistic xor ExtendedStatistic; periods 10, 30 or
    a multiple of 60; Period x EvaluationPeriods within one day (seven for periods of an hour
    or more); DatapointsToAlarm <= EvaluationPeriods; Threshold xor ThresholdMetricId, the
    band operators only with ThresholdMetricId; metric math: <= 20 queries (10 metrics, 10
    expressions), ids matching ^[a-z][A-Za-z0-9_]*$ and unique, ReturnData on every query and
    true on exactly one (on two for an anomaly alarm: the band and its input), the threshold
    id naming an ANOMALY_DETECTION_BAND expression; EvaluateLowSampleCountPercentile only on
    percentiles; composites: rule <= 10240 characters naming only alarms of the file (<= 100),
    the suppressor an alarm of the file with both its periods, SNS actions only;
  - the runbook link: `runbook` equals the URL after `Runbook: ` in the description, and its
    #anchor is a heading of incident-response.md (GitHub's slug rules, duplicates numbered)
    or an explicit <a id/name> anchor there, when that file is given or was built.
Exit 0 when all pass; 1 listing the problems; 77 (skipped) when botocore or PyYAML is missing;
2 on usage errors.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import urllib.parse

try:
    import yaml
    import botocore.session
    import botocore.validate
except ImportError as e:
    print("skipped: %s" % e)
    sys.exit(77)

TIMEOUT = 120
OURS = ("tier", "runbook")
SIMPLE_STATS = {"SampleCount", "Average", "Sum", "Minimum", "Maximum"}
BAND_OPS = {"LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
            "GreaterThanUpperThreshold"}
ID_RE = re.compile(r"^[a-z][A-Za-z0-9_]*$")
RULE_REF_RE = re.compile(r'\b(ALARM|OK|INSUFFICIENT_DATA)\(\s*("([^"]*)"|[^)\s]+)\s*\)')
MAX_ERRORS = 200


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, msg):
        self.items.append("%s: %s" % (where, msg))


def period_ok(p):
    return isinstance(p, int) and (p in (10, 30) or (p > 0 and p % 60 == 0))


def check_enums(pr, where, value, shape, path=""):
    """botocore leaves enums to the service: check them (and maximum lengths) here."""
    t = shape.type_name
    if t == "structure" and isinstance(value, dict):
        for k, v in value.items():
            if k in shape.members:
                check_enums(pr, where, v, shape.members[k], path + "." + k if path else k)
    elif t == "list" and isinstance(value, list):
        for i, v in enumerate(value):
            check_enums(pr, where, v, shape.member, "%s[%d]" % (path, i))
    elif t == "string" and isinstance(value, str):
        if shape.enum and value not in shape.enum:
            pr.add(where, "%s: %r is not one of %s" % (path, value, "|".join(shape.enum)))
        mx = shape.metadata.get("max")
        if mx is not None and len(value) > mx:
            pr.add(where, "%s: %d characters (at most %d)" % (path, len(value), mx))


def check_period_span(pr, where, period, n):
    if not isinstance(period, int) or not isinstance(n, int):
        return
    limit = 604800 if period >= 3600 else 86400
    if period * n > limit:
        pr.add(where, "Period %d x EvaluationPeriods %d exceeds %d s" % (period, n, limit))


def check_actions(pr, where, entry, composite):
    for key in ("OKActions", "AlarmActions", "InsufficientDataActions"):
        acts = entry.get(key)
        if acts is None:
            continue
        if len(acts) > 5:
            pr.add(where, "%s has %d actions (at most 5)" % (key, len(acts)))
        if len(set(acts)) != len(acts):
            pr.add(where, "%s repeats an action" % key)
        for a in acts:
            if not isinstance(a, str) or not a.startswith("arn:"):
                pr.add(where, "%s: %r is not an ARN" % (key, a))
            elif composite and not a.startswith("arn:aws:sns:"):
                pr.add(where, "%s: composite alarms take SNS actions only, not %s" % (key, a))


def check_text(pr, where, entry, runbook):
    name = entry.get("AlarmName", "")
    if not (1 <= len(name) <= 255):
        pr.add(where, "AlarmName has %d characters (1..255)" % len(name))
    if any(ord(c) < 0x20 or ord(c) == 0x7f for c in name):
        pr.add(where, "AlarmName holds a control character")
    desc = entry.get("AlarmDescription")
    if desc is None:
        pr.add(where, "no AlarmDescription")
        return
    if len(desc) > 1024:
        pr.add(where, "AlarmDescription has %d characters (at most 1024)" % len(desc))
    if "\n" in desc or "\r" in desc:
        pr.add(where, "AlarmDescription is not one line")
    i = desc.rfind("Runbook: ")
    linked = desc[i + len("Runbook: "):] if i >= 0 else None
    if runbook is not None and linked != runbook:
        pr.add(where, "`runbook` %r is not the link in the description (%r)" % (runbook, linked))
    if runbook is None and linked is not None:
        pr.add(where, "the description links a runbook but `runbook` is missing")


def check_metric_alarm(pr, where, a):
    has_single = "MetricName" in a
    has_math = "Metrics" in a
    if has_single == has_math:
        pr.add(where, "needs exactly one of MetricName and Metrics")
    for key in ("EvaluationPeriods", "ComparisonOperator"):
        if key not in a:
            pr.add(where, "no %s" % key)
    n = a.get("EvaluationPeriods")
    m = a.get("DatapointsToAlarm", n)
    if isinstance(n, int) and isinstance(m, int) and not (1 <= m <= n):
        pr.add(where, "DatapointsToAlarm %d is not within 1..EvaluationPeriods %d" % (m, n))
    op = a.get("ComparisonOperator")
    tmid = a.get("ThresholdMetricId")
    if ("Threshold" in a) == (tmid is not None):
        pr.add(where, "needs exactly one of Threshold and ThresholdMetricId")
    if tmid is not None and op not in BAND_OPS:
        pr.add(where, "ThresholdMetricId with %s (a band operator is needed)" % op)
    if tmid is None and op in BAND_OPS:
        pr.add(where, "%s needs ThresholdMetricId" % op)
    # Free strings in the model, enums in the API reference.
    for key, allowed in (("TreatMissingData", ("breaching", "notBreaching", "ignore", "missing")),
                         ("EvaluateLowSampleCountPercentile", ("evaluate", "ignore"))):
        if key in a and a[key] not in allowed:
            pr.add(where, "%s %r is not one of %s" % (key, a[key], "|".join(allowed)))
    percentile = False
    if has_single:
        for key in ("Namespace", "Period"):
            if key not in a:
                pr.add(where, "no %s" % key)
        if ("Statistic" in a) == ("ExtendedStatistic" in a):
            pr.add(where, "needs exactly one of Statistic and ExtendedStatistic")
        ext = a.get("ExtendedStatistic")
        if ext is not None:
            if ext in SIMPLE_STATS:
                pr.add(where, "ExtendedStatistic %s must be a Statistic" % ext)
            percentile = ext.lower().startswith("p")
        if len(a.get("Dimensions", [])) > 30:
            pr.add(where, "more than 30 dimensions")
        if not period_ok(a.get("Period")):
            pr.add(where, "Period %r is not 10, 30 or a multiple of 60" % a.get("Period"))
        check_period_span(pr, where, a.get("Period"), n)
        if tmid is not None:
            pr.add(where, "ThresholdMetricId needs the Metrics form")
    if has_math:
        for key in ("Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period",
                    "Unit"):
            if key in a:
                pr.add(where, "%s must not be given with Metrics" % key)
        qs = a["Metrics"] or []
        ids = [q.get("Id") for q in qs]
        if len(qs) > 20:
            pr.add(where, "%d queries (at most 20)" % len(qs))
        nstat = sum(1 for q in qs if "MetricStat" in q)
        if nstat > 10 or len(qs) - nstat > 10:
            pr.add(where, "at most 10 metrics and 10 expressions")
        if len(set(ids)) != len(ids):
            pr.add(where, "query ids are not unique: %s" % ids)
        returning = []
        for q in qs:
            qid = q.get("Id")
            qw = "%s query %s" % (where, qid)
            if not isinstance(qid, str) or not ID_RE.match(qid):
                pr.add(qw, "Id does not match ^[a-z][A-Za-z0-9_]*$")
            if ("MetricStat" in q) == ("Expression" in q):
                pr.add(qw, "needs exactly one of MetricStat and Expression")
            if "ReturnData" not in q:
                pr.add(qw, "ReturnData must be given on every query of an alarm")
            elif q["ReturnData"]:
                returning.append(qid)
            ms = q.get("MetricStat")
            if ms:
                if not period_ok(ms.get("Period")):
                    pr.add(qw, "Period %r is not 10, 30 or a multiple of 60" % ms.get("Period"))
                check_period_span(pr, qw, ms.get("Period"), n)
                stat = ms.get("Stat", "")
                percentile |= stat.lower().startswith("p")
            if "Period" in q and "Expression" in q and not period_ok(q["Period"]):
                pr.add(qw, "Period %r is not 10, 30 or a multiple of 60" % q["Period"])
        if tmid is not None:
            band = [q for q in qs if q.get("Id") == tmid]
            if not band or "ANOMALY_DETECTION_BAND" not in band[0].get("Expression", ""):
                pr.add(where, "ThresholdMetricId %r names no ANOMALY_DETECTION_BAND query"
                       % tmid)
            if len(returning) != 2 or tmid not in returning:
                pr.add(where, "an anomaly alarm returns data from the band and its input "
                       "exactly (got %s)" % returning)
        elif len(returning) != 1:
            pr.add(where, "exactly one query must have ReturnData true (got %s)" % returning)
    if "EvaluateLowSampleCountPercentile" in a and not percentile:
        pr.add(where, "EvaluateLowSampleCountPercentile on a non-percentile alarm")


def check_composite(pr, where, c, names):
    rule = c.get("AlarmRule", "")
    if not (1 <= len(rule) <= 10240):
        pr.add(where, "AlarmRule has %d characters (1..10240)" % len(rule))
    refs = []
    for m in RULE_REF_RE.finditer(rule):
        ref = m.group(3) if m.group(3) is not None else m.group(2)
        refs.append(ref)
        if ref not in names:
            pr.add(where, "AlarmRule names %r, which is no alarm of this file" % ref)
        if ref == c.get("AlarmName"):
            pr.add(where, "AlarmRule names the composite itself")
    if not refs:
        pr.add(where, "AlarmRule names no alarm")
    if len(set(refs)) > 100:
        pr.add(where, "AlarmRule names %d alarms (at most 100)" % len(set(refs)))
    sup = c.get("ActionsSuppressor")
    if sup is not None:
        if sup not in names:
            pr.add(where, "ActionsSuppressor %r is no alarm of this file" % sup)
        for key in ("ActionsSuppressorWaitPeriod", "ActionsSuppressorExtensionPeriod"):
            if key not in c:
                pr.add(where, "ActionsSuppressor without %s" % key)
    elif "ActionsSuppressorWaitPeriod" in c or "ActionsSuppressorExtensionPeriod" in c:
        pr.add(where, "suppressor periods without ActionsSuppressor")


# ---- GitHub heading anchors ----

def github_slug(text):
    """The anchor GitHub gives a heading: rendered text, lowercased, punctuation dropped."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their text
    text = re.sub(r"<[^>]+>", "", text)                     # inline HTML
    text = text.replace("`", "")
    text = text.strip().lower()
    out = []
    for ch in text:
        if ch in (" ", "-"):
            out.append("-")
        elif ch == "_" or ch.isalnum() or unicodedata.category(ch).startswith("M"):
            out.append(ch)
    return "".join(out)


def anchors_of(md_path):
    anchors = set()
    counts = {}
    fence = None
    with open(md_path, encoding="utf-8") as f:
        for line in f:
            s = line.rstrip("\n")
            m = re.match(r"^ {0,3}(`{3,}|~{3,})", s)
            if m:
                if fence is None:
                    fence = m.group(1)[0]
                elif m.group(1)[0] == fence:
                    fence = None
                continue
            if fence is not None:
                continue
            for a in re.finditer(r"<a\s+(?:id|name)=\"([^\"]+)\"", s):
                anchors.add(a.group(1))
            h = re.match(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?[ \t]*$", s)
            if not h:
                continue
            title = re.sub(r"[ \t]+#+[ \t]*$", "", h.group(1) or "")
            slug = github_slug(title)
            n = counts.get(slug, 0)
            counts[slug] = n + 1
            anchors.add(slug if n == 0 else "%s-%d" % (slug, n))
    return anchors


def check_runbook_links(pr, entries, md_path):
    anchors = anchors_of(md_path)
    for where, url in entries:
        frag = urllib.parse.urlsplit(url).fragment
        if not frag:
            pr.add(where, "runbook link %r has no #anchor" % url)
            continue
        frag = urllib.parse.unquote(frag)
        if frag not in anchors:
            pr.add(where, "runbook anchor #%s is no heading of %s" % (frag, md_path))


# ---- self-test: each way an entry can be wrong is caught ----

SELF_TEST_DOC = """\
MetricAlarms:
  - AlarmName: api-latency
    AlarmDescription: 'p99 latency above 1.5 s Runbook: https://x.example/ir.md#api-latency'
    ActionsEnabled: true
    OKActions: []
    AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:pager']
    MetricName: TargetResponseTime
    Namespace: AWS/ApplicationELB
    ExtendedStatistic: p99
    Dimensions: [{Name: LoadBalancer, Value: app/x/1}]
    Period: 60
    EvaluationPeriods: 5
    DatapointsToAlarm: 3
    Threshold: 1.5
    ComparisonOperator: GreaterThanThreshold
    TreatMissingData: notBreaching
    EvaluateLowSampleCountPercentile: ignore
    tier: critical
    runbook: https://x.example/ir.md#api-latency
  - AlarmName: api-requests
    AlarmDescription: Requests outside the band
    AlarmActions: []
    Metrics:
      - Id: m1
        MetricStat:
          Metric: {Namespace: AWS/ApplicationELB, MetricName: RequestCount}
          Period: 300
          Stat: Sum
        ReturnData: true
      - {Id: ad1, Expression: 'ANOMALY_DETECTION_BAND(m1, 2)', ReturnData: true}
    EvaluationPeriods: 3
    DatapointsToAlarm: 2
    ThresholdMetricId: ad1
    ComparisonOperator: LessThanLowerOrGreaterThanUpperThreshold
CompositeAlarms:
  - AlarmName: api-slo
    AlarmDescription: 'SLO burn Runbook: https://x.example/ir.md#api-slo-burn-rate'
    AlarmRule: ALARM("api-latency") AND NOT ALARM("api-requests")
    AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:pager']
    ActionsSuppressor: api-requests
    ActionsSuppressorWaitPeriod: 120
    ActionsSuppressorExtensionPeriod: 1800
    runbook: https://x.example/ir.md#api-slo-burn-rate
"""

SELF_TEST_MD = """\
# Incident response
## `api` latency
<a id="api-latency"></a>
```
## not a heading
```
## API SLO: burn rate!
## API SLO: burn rate!
"""


def self_test():
    """Runs every mutation of SELF_TEST_DOC; each must give at least one problem."""
    import copy
    base = yaml.safe_load(SELF_TEST_DOC)

    def ma(i, f):
        def mut(d):
            f(d["MetricAlarms"][i])
        return mut

    def ca(f):
        def mut(d):
            f(d["CompositeAlarms"][0])
        return mut

    def q(i, f):
        return ma(1, lambda a: f(a["Metrics"][i]))

    mutations = {
        "type: Threshold a string": ma(0, lambda a: a.update(Threshold="1.5")),
        "enum: TreatMissingData": ma(0, lambda a: a.update(TreatMissingData="Missing")),
        "unknown key": ma(0, lambda a: a.update(Region="eu-west-1")),
        "name too long": ma(0, lambda a: a.update(AlarmName="x" * 256)),
        "duplicate name": ma(1, lambda a: a.update(AlarmName="api-latency")),
        "description too long": ma(1, lambda a: a.update(AlarmDescription="x" * 1025)),
        "description two lines": ma(1, lambda a: a.update(AlarmDescription="a\nb")),
        "runbook differs": ma(0, lambda a: a.update(runbook="https://x.example/ir.md#other")),
        "six actions": ma(0, lambda a: a.update(AlarmActions=["arn:aws:sns:r:1:t%d" % i
                                                              for i in range(6)])),
        "both forms": ma(0, lambda a: a.update(Metrics=[])),
        "both statistics": ma(0, lambda a: a.update(Statistic="Sum")),
        "simple as extended": ma(0, lambda a: a.update(ExtendedStatistic="Sum")),
        "period 45": ma(0, lambda a: a.update(Period=45)),
        "period span": ma(0, lambda a: a.update(Period=1800, EvaluationPeriods=60,
                                                DatapointsToAlarm=1)),
        "M > N": ma(0, lambda a: a.update(DatapointsToAlarm=6)),
        "no threshold": ma(0, lambda a: a.pop("Threshold")),
        "band op without band": ma(0, lambda a: a.update(
            ComparisonOperator="GreaterThanUpperThreshold")),
        "threshold and band": ma(1, lambda a: a.update(Threshold=1)),
        "low sample on Sum": ma(1, lambda a: a.update(EvaluateLowSampleCountPercentile="ignore")),
        "low sample value": ma(0, lambda a: a.update(EvaluateLowSampleCountPercentile="x")),
        "enum: ComparisonOperator": ma(0, lambda a: a.update(ComparisonOperator="Above")),
        "bad id": q(0, lambda x: x.update(Id="M1")),
        "duplicate id": q(1, lambda x: x.update(Id="m1")),
        "no ReturnData": q(0, lambda x: x.pop("ReturnData")),
        "one ReturnData for a band": q(0, lambda x: x.update(ReturnData=False)),
        "Namespace with Metrics": ma(1, lambda a: a.update(Namespace="AWS/EC2")),
        "query period 45": q(0, lambda x: x["MetricStat"].update(Period=45)),
        "band id missing": ma(1, lambda a: a.update(ThresholdMetricId="nope")),
        "rule names a stranger": ca(lambda c: c.update(AlarmRule='ALARM("nobody")')),
        "rule names itself": ca(lambda c: c.update(AlarmRule='ALARM("api-slo")')),
        "suppressor unknown": ca(lambda c: c.update(ActionsSuppressor="nobody")),
        "suppressor without wait": ca(lambda c: c.pop("ActionsSuppressorWaitPeriod")),
        "EC2 action on composite": ca(lambda c: c.update(
            AlarmActions=["arn:aws:automate:eu-west-1:ec2:recover"])),
        "missing anchor": ca(lambda c: c.update(
            runbook="https://x.example/ir.md#api-slo-burn-rate-2",
            AlarmDescription="SLO Runbook: https://x.example/ir.md#api-slo-burn-rate-2")),
    }
    failed = 0
    with tempfile.TemporaryDirectory(prefix="moncc-alarms-self-") as tmp:
        md = os.path.join(tmp, "incident-response.md")
        with open(md, "w", encoding="utf-8") as f:
            f.write(SELF_TEST_MD)
        path = os.path.join(tmp, "alarms.yaml")

        def run(doc):
            with open(path, "w", encoding="utf-8") as f:
                yaml.safe_dump(doc, f, sort_keys=False)
            return validate(path, md)[0].items

        clean = run(base)
        if clean:
            print("the valid document has problems:\n  " + "\n  ".join(clean))
            failed += 1
        for what, mut in mutations.items():
            doc = copy.deepcopy(base)
            mut(doc)
            if not run(doc):
                print("not caught: %s" % what)
                failed += 1
    slugs = {"`api` latency": "api-latency", "API SLO: burn rate!": "api-slo-burn-rate",
             "[Chat](x.md) memory_high": "chat-memory_high", "Caf\u00e9 \u2014 2": "caf\u00e9--2"}
    for title, want in slugs.items():
        if github_slug(title) != want:
            print("slug of %r: %r, want %r" % (title, github_slug(title), want))
            failed += 1
    print("self-test: %d mutations, %d failures" % (len(mutations), failed))
    return 1 if failed else 0


# ---- driver ----

def validate(path, md_path):
    pr = Problems()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        pr.add(path, "not YAML: %s" % e)
        return pr, 0
    if not isinstance(doc, dict) or set(doc) != {"MetricAlarms", "CompositeAlarms"}:
        pr.add(path, "the document must be a mapping of MetricAlarms and CompositeAlarms")
        return pr, 0
    if list(doc) != ["MetricAlarms", "CompositeAlarms"]:
        pr.add(path, "MetricAlarms must come before CompositeAlarms")
    model = botocore.session.get_session().get_service_model("cloudwatch")
    shapes = {"MetricAlarms": model.operation_model("PutMetricAlarm").input_shape,
              "CompositeAlarms": model.operation_model("PutCompositeAlarm").input_shape}
    validator = botocore.validate.ParamValidator()
    names = {}
    links = []
    n = 0
    for section in ("MetricAlarms", "CompositeAlarms"):
        entries = doc[section]
        if not isinstance(entries, list):
            pr.add(path, "%s is not a list" % section)
            continue
        for i, entry in enumerate(entries):
            where = "%s %s[%d]" % (path, section, i)
            if not isinstance(entry, dict):
                pr.add(where, "not a mapping")
                continue
            name = entry.get("AlarmName")
            where = "%s %s" % (where, name)
            if name in names:
                pr.add(where, "AlarmName also used by %s" % names[name])
            names[name] = "%s[%d]" % (section, i)
            params = {k: v for k, v in entry.items() if k not in OURS}
            report = validator.validate(params, shapes[section])
            if report.has_errors():
                pr.add(where, "botocore: " + report.generate_report().replace("\n", "; "))
            check_enums(pr, where, params, shapes[section])
            tier = entry.get("tier")
            if tier is not None and not isinstance(tier, str):
                pr.add(where, "tier %r is not a string" % tier)
            runbook = entry.get("runbook")
            check_text(pr, where, entry, runbook)
            if runbook is not None:
                links.append((where, runbook))
            n += 1
    for i, a in enumerate(doc["MetricAlarms"] or []):
        if isinstance(a, dict):
            check_metric_alarm(pr, "%s MetricAlarms[%d] %s" % (path, i, a.get("AlarmName")), a)
            check_actions(pr, "%s %s" % (path, a.get("AlarmName")), a, False)
    for i, c in enumerate(doc["CompositeAlarms"] or []):
        if isinstance(c, dict):
            w = "%s CompositeAlarms[%d] %s" % (path, i, c.get("AlarmName"))
            check_composite(pr, w, c, names)
            check_actions(pr, w, c, True)
    if md_path:
        check_runbook_links(pr, links, md_path)
    return pr, n


def spec_of_case(srcdir, case):
    base = os.path.join("tests", "golden", case)
    ref = os.path.join(srcdir, base, "SPEC")
    if os.path.isfile(ref):
        with open(ref, encoding="utf-8") as f:
            lines = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        return lines[0]
    return base + "/monitoring.yaml"


def manifest_files(outdir):
    path = os.path.join(outdir, ".moncc-manifest")
    files = []
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line and not line.startswith("#") and not line.startswith("spec:"):
                    files.append(line)
    return files


def build_case(moncc, srcdir, case, tmp):
    spec = spec_of_case(srcdir, case)
    outdir = os.path.join(tmp, "out")  # `outputs:` may reach `../`: keep it inside tmp
    env = dict(os.environ, NO_COLOR="1", LC_ALL="C")
    moncc = os.path.abspath(moncc)  # the build runs from srcdir
    p = subprocess.run([moncc, "build", spec, "-o", outdir, "-q"], cwd=srcdir,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT,
                       env=env)
    if p.returncode != 0:
        sys.stdout.write(p.stderr.decode("utf-8", "replace"))
        print("moncc build %s exited with %d" % (spec, p.returncode))
        sys.exit(1)
    files = manifest_files(outdir)
    alarms = [f for f in files if os.path.basename(f) == "alarms.yaml"] or ["alarms.yaml"]
    runbooks = [f for f in files if os.path.basename(f) == "incident-response.md"]
    md = os.path.normpath(os.path.join(outdir, runbooks[0])) if runbooks else None
    return os.path.normpath(os.path.join(outdir, alarms[0])), md


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--moncc")
    ap.add_argument("--srcdir")
    ap.add_argument("--case")
    ap.add_argument("--runbooks", help="incident-response.md to check the anchors against")
    ap.add_argument("--self-test", action="store_true",
                    help="check that the validator catches each kind of mistake")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if args.case and not (args.moncc and args.srcdir):
        ap.error("--case needs --moncc and --srcdir")
    if not args.case and not args.files:
        ap.error("give --case or ALARMS_YAML files")
    with tempfile.TemporaryDirectory(prefix="moncc-alarms-") as tmp:
        jobs = []
        if args.case:
            jobs.append(build_case(args.moncc, args.srcdir, args.case, tmp))
        jobs += [(f, args.runbooks) for f in args.files]
        failed = False
        for path, md in jobs:
            if not os.path.isfile(path):
                print("%s: not written" % path)
                failed = True
                continue
            pr, n = validate(path, md)
            for line in pr.items[:MAX_ERRORS]:
                print(line)
            if len(pr.items) > MAX_ERRORS:
                print("... %d more problems" % (len(pr.items) - MAX_ERRORS))
            print("%s: %d entries, %d problems%s" % (
                os.path.basename(path), n, len(pr.items),
                "" if md else " (no incident-response.md: runbook anchors not checked)"))
            failed |= bool(pr.items)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
