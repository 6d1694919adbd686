#!/usr/bin/env python3
"""Checks schema/moncc.schema.json, the single source of truth for the structure of a spec.

Consumes the schema, the two contract examples and the list of diagnostic codes; produces a
report on stdout and exit status 0 (all good) or 1 (at least one check failed). Run by ctest
as `schema/meta` (tests/schema.cmake), or by hand:

    python3 tests/tools/check_schema.py [--root REPO] [--moncc PATH]

Without --moncc, checks, in order:
 1. the schema is valid against the JSON Schema 2020-12 meta-schema;
 2. every property of every object schema (recursively, $defs included) has a description,
    and every $defs entry has a title and a description;
 3. only the keywords the C validator supports are used, every $ref points at an existing
    `#/$defs/...` entry, and every `x-moncc-code` is a pattern code of codes.def sitting
    next to a `pattern` (or minLength/maxLength);
 4. both contract examples are valid (loaded as YAML 1.2 core schema: `off` stays a string);
 5. every condition example of the spec-language doc is a valid condition, and a list of
    invalid snippets is rejected, each for the expected reason;
 6. the file is formatted as the house style wants (2-space indentation, no tabs, final
    newline).
With --moncc PATH (ctest `schema/validator`), checks the built binary instead: `moncc schema`
prints the file byte for byte, `moncc check` passes both contract examples, and the C validator
agrees with jsonschema on the snippets of step 5 (valid ones draw no E01xx diagnostic, invalid
ones do, with the expected x-moncc-code).
Needs python3 with `jsonschema` (4.x) and PyYAML (Debian: python3-jsonschema python3-yaml).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import yaml
except ImportError as e:  # an environment problem: say so plainly
    sys.stderr.write("check_schema: missing python module: %s "
                     "(install python3-jsonschema and python3-yaml)\n" % e.name)
    sys.exit(2)

ALLOWED = {
    "$schema", "$id", "$defs", "$ref",
    "type", "properties", "required", "additionalProperties", "patternProperties",
    "propertyNames", "enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
    "minProperties", "maxProperties", "items", "oneOf", "anyOf", "allOf",
    "title", "description", "default", "examples", "deprecated",
    "x-moncc-code", "x-moncc-expected", "x-moncc-format",
}
# Keywords whose value is a map from names (not keywords) to schemas.
NAME_MAPS = {"properties", "patternProperties", "$defs"}
# Keywords whose value is one schema, and those whose value is a list of schemas. Every other
# keyword's value (enum, const, default, examples, ...) is data and is not walked.
SUBSCHEMA = {"additionalProperties", "propertyNames", "items"}
SUBSCHEMA_LISTS = {"oneOf", "anyOf", "allOf"}
# Codes the x-moncc-code annotation may carry: the E012x/E013x block of codes.def.
PATTERN_CODES = re.compile(r"^E01[23][0-9]$")

failures = []


def fail(msg):
    failures.append(msg)


def walk(schema, path, visit):
    """Calls visit(schema, path) on every schema object below and including schema."""
    if not isinstance(schema, dict):
        return
    visit(schema, path)
    for key, value in schema.items():
        if key in NAME_MAPS and isinstance(value, dict):
            for name, sub in value.items():
                walk(sub, "%s/%s/%s" % (path, key, name), visit)
        elif key in SUBSCHEMA:
            walk(value, "%s/%s" % (path, key), visit)
        elif key in SUBSCHEMA_LISTS and isinstance(value, list):
            for i, sub in enumerate(value):
                walk(sub, "%s/%s/%d" % (path, key, i), visit)


# ---- YAML 1.2 core schema loader ----

class CoreLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader with YAML 1.2 core-schema scalars, as moncc's loader reads them:
    only true/false (three spellings) are booleans, so `on`, `off`, `yes`, `no` stay
    strings; no sexagesimal numbers; `0o` octal."""


CoreLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers
         if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                        "tag:yaml.org,2002:float")]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))


def construct_core_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


CoreLoader.add_constructor("tag:yaml.org,2002:int", construct_core_int)


def load_yaml(text):
    return yaml.load(text, Loader=CoreLoader)


# ---- checks ----

def check_meta(schema):
    if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        fail("schema: $schema must be the 2020-12 meta-schema")
    for key in ("$id", "title", "description"):
        if not schema.get(key):
            fail("schema: no %s at the root" % key)
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        fail("meta-schema: %s at %s" % (e.message, "/".join(str(p) for p in e.path)))


def check_descriptions(schema):
    def visit(s, path):
        for name, sub in s.get("properties", {}).items():
            desc = sub.get("description") if isinstance(sub, dict) else None
            if not isinstance(desc, str) or not desc.strip():
                fail("%s/properties/%s: property has no description" % (path, name))
    walk(schema, "#", visit)
    for name, sub in schema.get("$defs", {}).items():
        for key in ("title", "description"):
            if not isinstance(sub.get(key), str) or not sub[key].strip():
                fail("#/$defs/%s: definition has no %s" % (name, key))


def check_keywords(schema, codes):
    defs = schema.get("$defs", {})

    def visit(s, path):
        for key, value in s.items():
            if key not in ALLOWED:
                fail("%s: keyword `%s` is not supported by the C validator" % (path, key))
            if key == "$ref":
                m = re.match(r"^#/\$defs/([^/]+)$", value)
                if not m:
                    fail("%s: $ref `%s` must be `#/$defs/NAME`" % (path, value))
                elif m.group(1) not in defs:
                    fail("%s: $ref `%s` points at no definition" % (path, value))
            if key == "x-moncc-code":
                if not PATTERN_CODES.match(str(value)) or value not in codes:
                    fail("%s: x-moncc-code `%s` is not a pattern code of codes.def"
                         % (path, value))
                if not any(k in s for k in ("pattern", "minLength", "maxLength")):
                    fail("%s: x-moncc-code without pattern, minLength or maxLength" % path)
            if key == "x-moncc-expected" and (not isinstance(value, str) or not value):
                fail("%s: x-moncc-expected must be a non-empty string" % path)
            if key == "examples" and not isinstance(value, list):
                fail("%s: examples must be a list" % path)
            if key == "pattern":
                try:
                    re.compile(value)
                except re.error as e:
                    fail("%s: pattern does not compile: %s" % (path, e))
                if not (value.startswith("^") and value.endswith("$")):
                    fail("%s: pattern `%s` should be anchored with ^...$" % (path, value))
        # Examples of a schema must pass that schema (the first one is shown as help).
        for ex in s.get("examples", []) if isinstance(s.get("examples"), list) else []:
            errs = list(validator_for(schema, s).iter_errors(ex))
            if errs:
                fail("%s: example %r does not validate: %s" % (path, ex, errs[0].message))
    walk(schema, "#", visit)


def validator_for(schema, sub):
    """A validator for a subschema that may $ref into the root's $defs."""
    wrapped = dict(sub)
    wrapped["$defs"] = schema["$defs"]
    wrapped.pop("$id", None)
    return jsonschema.Draft202012Validator(wrapped)


def def_validator(schema, name):
    return validator_for(schema, {"$ref": "#/$defs/" + name})


def error_lines(errors):
    out = []
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        out.append("    at %s: %s" % (where, e.message))
    return "\n".join(out)


def check_examples(schema, root):
    v = jsonschema.Draft202012Validator(schema)
    for rel in ("examples/anythingllm/monitoring.yaml", "examples/minimal/monitoring.yaml"):
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            doc = load_yaml(f.read())
        errs = sorted(v.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
        if errs:
            fail("%s is not valid against the schema:\n%s" % (rel, error_lines(errs)))


# Every condition of the spec-language doc, and a few more forms the grammar allows.
GOOD_CONDITIONS = [
    "> 80% for 15m", "p99 > 2s for 3 of 5", ">= 1 for 2m", "< 1 for 2m",
    "outside band 2 for 15m", "> 1.5s for 10m", "> 2 for 10m", "> 95% for 5m",
    "> 80%", "p99 > 2s", "p99>2s", "Sum >= 10 for 3 of 5 periods", "<= -5", "> 500ms for 1h",
    "TM(10%:90%) > 1.2s for 15m", "PR(:2) < 90 for 30m", "avg above band 3", "> 25 USD",
    "> 512MB for 10m", "below band 1.5 for 2 of 3", "> 100/s for 5m",
    {"stat": "p99", "op": ">", "threshold": "2s", "for": "3 of 5", "period": "1m"},
    {"op": ">=", "threshold": 1},
    {"op": "outside", "band": 2, "for": "15m"},
]
BAD_CONDITIONS = [
    "> 80% four 15m", "greater than 80", "> for 5m", "80%", "> 80% for", "> 80% for 15",
    "p99 >", "=> 80", "> 80% for 0m", "> 80 % for 15m", "outside band for 15m",
    "p1000 > 2", "> 80% for 3 of", "", 80, None,
    {"op": "!=", "threshold": 1}, {"threshold": 1}, {"op": ">", "threshold": "2 seconds"},
    {"op": ">", "for": "soon"}, {"op": "outside", "band": 0},
    {"op": ">", "threshold": 1, "window": "5m"},
]
# (definition, value, valid?)
DEF_CASES = [
    ("name", "chat", True), ("name", "status-check", True), ("name", "Chat", False),
    ("name", "1chat", False), ("name", "chat_api", False), ("name", "a" * 63, True),
    ("name", "a" * 64, False),
    ("metric_name", "memory_used", True), ("metric_name", "target_5xx", True),
    ("duration", "10s", True), ("duration", "30d", True), ("duration", "2w", True),
    ("duration", "0m", False), ("duration", "5 m", False), ("duration", "1.5h", False),
    ("duration", "5min", False), ("duration", 5, False),
    ("percentage", "99.5%", True), ("percentage", "100%", True), ("percentage", "0%", True),
    ("percentage", "100.5%", False), ("percentage", "99.5", False), ("percentage", 99.5, False),
    ("money", "400 USD", True), ("money", "12.50 USD", True), ("money", "400", False),
    ("money", "$400", False), ("money", "400 EUR", False),
    ("size", "512MB", True), ("size", "2 GiB", True), ("size", "512mb", False),
    ("datapoints", "3 of 5", True), ("datapoints", "0 of 5", False), ("datapoints", "3/5", False),
    ("reference", "lb.requests", True), ("reference", "chat.lb.requests", True),
    ("reference", "host.memory_used", True), ("reference", "lb", False),
    ("reference", "a.b.c.d", False), ("reference", "Lb.requests", False),
    ("metric_reference", "chats", True), ("metric_reference", "host.memory_used", True),
    ("metric_reference", "chat.lb.requests", False),
    ("alarm_reference", "lb.latency-p99", True), ("alarm_reference", "lb", False),
    ("statistic", "p99", True), ("statistic", "p99.9", True), ("statistic", "Sum", True),
    ("statistic", "SampleCount", True), ("statistic", "avg", True), ("statistic", "IQM", True),
    ("statistic", "tm99", True), ("statistic", "TM(10%:90%)", True), ("statistic", "TM(:2)", True),
    ("statistic", "TC(:2)", True), ("statistic", "WM(5%:)", True),
    ("statistic", "TS(10%:90%)", True), ("statistic", "PR(:2)", True),
    ("statistic", "PR(100:2000)", True),
    ("statistic", "average", False), ("statistic", "P99", False), ("statistic", "TM()", False),
    ("statistic", "TM(:)", False), ("statistic", "PR(10%:)", False), ("statistic", "p101", False),
    ("region", "us-east-1", True), ("region", "eu-west-1", True), ("region", "us-gov-west-1", True),
    ("region", "ap-southeast-2", True), ("region", "us-east", False),
    ("region", "US-EAST-1", False), ("region", "us-esat-1", False),
    ("account", "123456789012", True), ("account", 123456789012, False),
    ("account", "12345678901", False),
    ("email", "oncall@example.com", True), ("email", "oncall", False),
    ("email", "on call@example.com", False),
    ("https_url", "https://example.com/x", True), ("https_url", "http://example.com", False),
    ("phone", "+15551234567", True), ("phone", "5551234567", False),
    ("lambda_arn", "arn:aws:lambda:us-east-1:123456789012:function:relay", True),
    ("lambda_arn", "arn:aws:sns:us-east-1:123456789012:relay", False),
    ("sns_arn", "arn:aws:sns:us-east-1:123456789012:ops-alerts", True),
    ("load_balancer_id", "app/anythingllm/50dc6c495c0c9188", True),
    ("load_balancer_id", "anythingllm", False),
    ("target_group_id", "targetgroup/anythingllm/6d0ecf831eec9f09", True),
    ("instance_id", "i-0123456789abcdef0", True), ("instance_id", "i-xyz", False),
    ("threshold", 2, True), ("threshold", "2s", True), ("threshold", "2 s", False),
    ("window", "15m", True), ("window", "3 of 5", True), ("window", "3 of 5 periods", True),
    ("window", "soon", False),
    ("slo_alerting", "multiwindow", True), ("slo_alerting", [], False),
    ("slo_alerting", [{"tier": "critical", "long": "1h", "short": "5m", "factor": 14.4}], True),
    ("slo_alerting", [{"tier": "critical", "long": "1h", "short": "5m", "factor": 0}], False),
    ("slo_alerting", [{"tier": "critical", "long": "1h", "short": "5m"}], False),
    ("missing_data", "notBreaching", False), ("missing_data", "not_breaching", True),
]

MINIMAL = """
moncc: 1
project: shop
region: eu-west-1
notify:
  oncall: { email: oncall@example.com }
tiers:
  critical: { notify: [oncall] }
services:
  web:
    resources:
      lb: { kind: alb, load_balancer: app/shop/0123456789abcdef }
    slos:
      availability: { objective: 99.9%, sli: lb.availability }
"""


def mutate(path, value):
    """A copy of the minimal spec with the value at path (a list of keys) set, or deleted
    when value is DELETE."""
    doc = load_yaml(MINIMAL)
    node = doc
    for key in path[:-1]:
        node = node.setdefault(key, {})
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


DELETE = object()
S = ["services", "web"]
# (what, path, value, keyword or x-moncc-code expected somewhere in the failure)
BAD_SPECS = [
    ("service name `Chat`", ["services", "Chat"], {}, "E0124"),
    ("missing `moncc`", ["moncc"], DELETE, "required"),
    ("missing `region`", ["region"], DELETE, "required"),
    ("`moncc: 2`", ["moncc"], 2, "const"),
    ("unknown top-level key", ["servcies"], {}, "additionalProperties"),
    ("unquoted account", ["account"], 123456789012, "type"),
    ("bad region", ["region"], "europe", "E0127"),
    ("bad condition", S + ["alarms", "cpu"], {"metric": "host.cpu", "warning": "> 80% four 15m"},
     "E0125"),
    ("alarm with metric and expr", S + ["alarms", "cpu"],
     {"metric": "host.cpu", "expr": "host.cpu * 2", "warning": "> 80"}, "oneOf"),
    ("alarm with neither metric nor expr", S + ["alarms", "cpu"], {"warning": "> 80"}, "oneOf"),
    ("alarm with a bad action", S + ["alarms", "cpu"],
     {"metric": "host.cpu", "on_alarm": ["ec2:explode"]}, "pattern"),
    ("resource without kind", S + ["resources", "lb"], {"load_balancer": "x"}, "required"),
    ("resource parameter null", S + ["resources", "lb"], {"kind": "alb", "x": None}, "type"),
    ("slo objective without %", S + ["slos", "availability"],
     {"objective": "99.9", "sli": "lb.availability"}, "E0121"),
    ("slo sli with good and bad", S + ["slos", "availability"],
     {"objective": "99%", "sli": {"good": "a.b", "bad": "a.c", "total": "a.d"}}, "oneOf"),
    ("override `on`", S + ["overrides", "lb.latency-p99"], "on", "oneOf"),
    ("override key without a dot", S + ["overrides", "latency"], "off", "E0126"),
    ("empty notification target", ["notify", "oncall"], {}, "minProperties"),
    ("bad email", ["notify", "oncall"], {"email": "oncall"}, "E0129"),
    ("tier escalation without `to`", ["tiers", "critical"], {"escalate": {"after": "30m"}},
     "required"),
    ("budget without monthly", ["cost"], {"budget": {"alerts": []}}, "required"),
    ("money without currency", ["cost"], {"budget": {"monthly": "400"}}, "E0122"),
    ("dashboard with preset and rows", ["dashboards", "d"],
     {"preset": "cost", "rows": [[{"text": "x"}]]}, "oneOf"),
    ("widget with two kinds", ["dashboards", "d"],
     {"rows": [[{"text": "x", "graph": "web.lb.requests"}]]}, "oneOf"),
    ("logs widget without groups", ["dashboards", "d"], {"rows": [[{"logs": "fields @m"}]]},
     "oneOf"),
    ("widget too wide", ["dashboards", "d"], {"rows": [[{"text": "x", "width": 25}]]},
     "maximum"),
    ("bad defaults.missing_data", ["defaults"], {"missing_data": "notBreaching"}, "enum"),
    ("import not yaml", ["imports"], ["./templates/worker.json"], "pattern"),
    ("absolute import", ["imports"], ["/etc/worker.yaml"], "pattern"),
]
GOOD_SPECS = [
    ("custom tier condition", S + ["alarms", "cpu"], {"metric": "host.cpu", "page": "> 99"}),
    ("alarm on a service metric", S + ["alarms", "chats"], {"metric": "chats", "info": "< 1"}),
    ("override switching one tier off", S + ["overrides", "lb.latency-p99"],
     {"critical": "off", "warning": "> 3s for 10m"}),
    ("good/total SLI", S + ["slos", "availability"],
     {"objective": "99%", "sli": {"good": "lb.requests - lb.target_5xx",
                                  "total": "lb.requests"}}),
    ("several addresses", ["notify", "oncall"],
     {"email": ["a@example.com", "b@example.com"], "sms": "+15551234567"}),
    ("custom burn-rate table", ["defaults"],
     {"slo_alerting": [{"tier": "critical", "long": "1h", "short": "5m", "factor": 14.4}]}),
    ("outputs", ["outputs"], {"monitoring_guide": "../../docs/monitoring-guide.md"}),
    ("alarms widget", ["dashboards", "d"], {"rows": [[{"alarms": "all"}]], "layout": "narrow"}),
]


def collect(error):
    """Every keyword and x-moncc-code in an error and the errors under it (oneOf/anyOf)."""
    found = {error.validator}
    if isinstance(error.schema, dict) and "x-moncc-code" in error.schema:
        found.add(error.schema["x-moncc-code"])
    for sub in error.context or []:
        found |= collect(sub)
    return found


def check_snippets(schema):
    cond = def_validator(schema, "condition")
    for c in GOOD_CONDITIONS:
        errs = list(cond.iter_errors(c))
        if errs:
            fail("condition %r should be valid:\n%s" % (c, error_lines(errs)))
    for c in BAD_CONDITIONS:
        if cond.is_valid(c):
            fail("condition %r should be rejected" % (c,))
    for name, value, ok in DEF_CASES:
        if def_validator(schema, name).is_valid(value) != ok:
            fail("$defs/%s: %r should be %s" % (name, value, "valid" if ok else "rejected"))
    v = jsonschema.Draft202012Validator(schema)
    for what, path, value, expect in BAD_SPECS:
        errs = list(v.iter_errors(mutate(path, value)))
        if not errs:
            fail("spec with %s should be rejected" % what)
            continue
        found = set()
        for e in errs:
            found |= collect(e)
        if expect not in found:
            fail("spec with %s is rejected, but not by `%s` (found: %s)"
                 % (what, expect, ", ".join(sorted(found))))
    for what, path, value in GOOD_SPECS:
        errs = list(v.iter_errors(mutate(path, value)))
        if errs:
            fail("spec with %s should be valid:\n%s" % (what, error_lines(errs)))


# ---- the C validator agrees (--moncc) ----

def run_moncc(moncc, args, stdin=None):
    return subprocess.run([moncc] + args, input=stdin, capture_output=True, timeout=60)


def moncc_check(moncc, doc_or_text, workdir):
    """Runs `moncc check --format json` on a spec; returns (exit status, set of codes)."""
    path = os.path.join(workdir, "spec.yaml")
    text = doc_or_text if isinstance(doc_or_text, str) else \
        yaml.safe_dump(doc_or_text, sort_keys=False, allow_unicode=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    r = run_moncc(moncc, ["check", "--format", "json", path])
    stderr = r.stderr.decode("utf-8", "replace")
    # A crash or a sanitizer report is never an answer, whatever the exit status says.
    if r.returncode not in (0, 1) or "Sanitizer" in stderr or "runtime error:" in stderr:
        raise RuntimeError("moncc check crashed (exit %d) on:\n%s\n%s"
                           % (r.returncode, text, stderr[:2000]))
    try:
        out = json.loads(r.stdout.decode("utf-8") or stderr)
        codes = {d.get("code") for d in out["diagnostics"]}
    except (ValueError, KeyError, TypeError) as e:
        raise RuntimeError("moncc check wrote no JSON diagnostics (%s) on:\n%s" % (e, text))
    return r.returncode, codes


def structural(codes):
    return {c for c in codes if isinstance(c, str) and re.match(r"^E01[0-9]{2}$", c)}


def check_moncc_schema(moncc, text):
    r = run_moncc(moncc, ["schema"])
    if r.returncode != 0:
        fail("`moncc schema` exited %d: %s" % (r.returncode, r.stderr.decode()[:300]))
    elif r.stdout != text.encode("utf-8"):
        fail("`moncc schema` does not print schema/moncc.schema.json byte for byte "
             "(rebuild, or the embedding is broken)")


def check_moncc_examples(moncc, root):
    for rel in ("examples/anythingllm/monitoring.yaml", "examples/minimal/monitoring.yaml"):
        r = run_moncc(moncc, ["check", os.path.join(root, rel)])
        if r.returncode != 0:
            fail("`moncc check %s` exited %d:\n%s" % (rel, r.returncode,
                                                      r.stderr.decode("utf-8", "replace")))


# The condition parser (compiler/sema/condition.c) takes condition strings over from the
# schema's pattern (`x-moncc-format: condition`) to point inside them, so its grammar codes
# count as the validator's answer for conditions.
CONDITION_GRAMMAR = {"E0200", "E0202", "E0203", "E0204", "E0205", "E0206", "E0207"}


def check_moncc_snippets(moncc):
    # Later phases (references, units) may reject what the schema accepts, so a valid
    # snippet only has to draw no structural (E01xx) or condition-grammar diagnostic.
    with tempfile.TemporaryDirectory(prefix="moncc-schema-") as tmp:
        for c in GOOD_CONDITIONS + BAD_CONDITIONS:
            doc = mutate(S + ["alarms", "x"], {"metric": "lb.requests", "warning": c})
            rc, codes = moncc_check(moncc, doc, tmp)
            got = structural(codes) | (codes & {"E0200", "E0202"})
            if c in GOOD_CONDITIONS and got:
                fail("moncc check: condition %r should be valid, got %s"
                     % (c, ", ".join(sorted(got))))
            elif c not in GOOD_CONDITIONS and (
                    rc != 1 or not (structural(codes) | (codes & CONDITION_GRAMMAR)
                                    | (codes & {"E0201"}))):
                fail("moncc check: condition %r should be rejected with an E01xx or a "
                     "condition-grammar code (exit %d, codes %s)"
                     % (c, rc, ", ".join(sorted(map(str, codes)))))
        for what, path, value, expect in BAD_SPECS:
            rc, codes = moncc_check(moncc, mutate(path, value), tmp)
            if rc != 1 or not (structural(codes) | (codes & CONDITION_GRAMMAR)):
                fail("moncc check: spec with %s should be rejected (exit %d, codes %s)"
                     % (what, rc, ", ".join(sorted(map(str, codes)))))
            elif (expect.startswith("E") and expect not in codes and
                  not (expect == "E0125" and codes & CONDITION_GRAMMAR)):
                fail("moncc check: spec with %s should report %s, got %s"
                     % (what, expect, ", ".join(sorted(map(str, codes)))))
        for what, path, value in GOOD_SPECS:
            rc, codes = moncc_check(moncc, mutate(path, value), tmp)
            if structural(codes):
                fail("moncc check: spec with %s should be valid, got %s"
                     % (what, ", ".join(sorted(structural(codes)))))


def check_format(text):
    if "\t" in text:
        fail("schema: contains a tab; indent with 2 spaces")
    if not text.endswith("}\n"):
        fail("schema: must end with `}` and a newline")
    for n, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" "))
        if indent % 2:
            fail("schema:%d: indentation is not a multiple of 2 spaces" % n)
            break
        if line != line.rstrip():
            fail("schema:%d: trailing whitespace" % n)
            break


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")),
                    help="the repository (default: two folders up from this script)")
    ap.add_argument("--moncc", metavar="PATH",
                    help="instead of checking the schema itself, check that this moncc "
                         "binary embeds it and that its validator agrees with jsonschema")
    args = ap.parse_args()

    schema_path = os.path.join(args.root, "schema", "moncc.schema.json")
    with open(schema_path, encoding="utf-8") as f:
        text = f.read()
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as e:
        print("check_schema: %s is not JSON: %s" % (schema_path, e))
        return 1
    with open(os.path.join(args.root, "compiler", "diag", "codes.def"), encoding="utf-8") as f:
        codes = set(re.findall(r"MC_CODE\((E[0-9]{4}),", f.read()))

    if args.moncc:
        steps = [
            ("moncc schema", lambda: check_moncc_schema(args.moncc, text)),
            ("moncc check: contract examples", lambda: check_moncc_examples(args.moncc,
                                                                            args.root)),
            ("moncc check: snippets", lambda: check_moncc_snippets(args.moncc)),
        ]
    else:
        steps = [
            ("meta-schema", lambda: check_meta(schema)),
            ("descriptions", lambda: check_descriptions(schema)),
            ("keywords", lambda: check_keywords(schema, codes)),
            ("contract examples", lambda: check_examples(schema, args.root)),
            ("snippets", lambda: check_snippets(schema)),
            ("format", lambda: check_format(text)),
        ]
    passed = failed = 0
    for name, step in steps:
        before = len(failures)
        if name != "format" and any(m.startswith("meta-schema") for m in failures):
            # The other checks assume a well-formed schema.
            print("skip %s (the schema is not a valid 2020-12 schema)" % name)
            failed += 1
            continue
        try:
            step()
        except Exception as e:  # a broken schema can make jsonschema itself raise
            fail("%s: %s: %s" % (name, type(e).__name__, str(e)[:3000]))
        if len(failures) == before:
            print("ok   %s" % name)
            passed += 1
        else:
            print("FAIL %s" % name)
            for msg in failures[before:]:
                print("  " + msg)
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
