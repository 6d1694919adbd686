#!/usr/bin/env python3
"""Round trip of moncc's YAML scalars through PyYAML (the YAML 1.1 reader of cfn-lint and the
AWS CLI): every string and number the writer quotes must read back as the same value.

Usage: yaml_roundtrip.py TEST_YAML_OUT
Consumes: the unit-test binary test_yaml_out, run as `test_yaml_out --roundtrip FILE` (FILE: a
JSON array of strings and numbers; it prints them as one YAML sequence through mc_yaml_str /
mc_yaml_double). The corpus is the YAML 1.1 and 1.2 special words and number forms, indicator
characters in every position, escapes, non-ASCII text, and seeded random strings.
Produces: exit 0 when everything reads back equal; 1 with the differences; 77 (skipped)
without PyYAML.
"""

import json
import math
import os
import random
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("PyYAML is not installed: skipped")
    sys.exit(77)

WORDS = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
         "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null",
         "NULL", "~", "", "=", "<<", ".inf", "-.inf", "+.inf", ".Inf", ".nan", ".NaN", "0",
         "-0", "+1", "1e3", "1E3", "1.0e+3", "1e-3", "0x1F", "0o17", "0b101", "017", "1_000",
         "1:20", "12:30:45", "1.5", ".5", "5.", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
         "---", "...", "- x", "-x", "? x", "a: b", "a:b", "a:", "a #b", "a#b", "#x", " x",
         "x ", "  ", "*x", "&x", "!x", "!!str", "@x", "`x", "%x", "'x", "\"x", "{x}", "[x]",
         "|", ">", "x, y", "x,y", ",x", "x\ny", "x\n", "\n", "x\ty", "\t", "x\r\ny",
         "x\\y", "\\", "\\n", "\x00", "\x01\x1f", "\x7f", "\u0085", "\u00a0x", "\u2028",
         "\u2029", "\ufeffx", "caf\u00e9", "\u2265 1 for 2m", "\u65e5\u672c", "\U0001f600",
         "ALARM(\"a\") AND NOT ALARM(\"b\")", "it's", "say \"it's\"", "$ref",
         "${AWS_ACCOUNT_ID}", "arn:aws:sns:us-east-1:${AWS_ACCOUNT_ID}:pager",
         "https://example.com/runbook#chat-memory", "AWS/EC2", "TC(:2)", "p99.9"]
NUMBERS = [0, 1, -1, 5, 60, 86400, 0.5, 0.072, 14.4 * 0.005, 1e21, -2e30, 1.5e-07, 1e-07,
           123456789.125, 9007199254740993.0, 1e300, 5e-324, 0.1 + 0.2]


def corpus():
    rnd = random.Random(4)
    alphabet = "ab yY:#-?*&!@`%'\"{}[],|>\\\n\t.0159eE+_=~<$()/" + "\u00e9\u2028\u0085"
    strings = list(WORDS)
    for _ in range(3000):
        strings.append("".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 8))))
    return strings, NUMBERS


def same(a, b):
    if isinstance(a, float) and isinstance(b, (int, float)):
        return a == b or (math.isnan(a) and math.isnan(b)) or abs(a - b) <= abs(a) * 1e-11
    if isinstance(a, int) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    strings, numbers = corpus()
    values = strings + numbers
    with tempfile.TemporaryDirectory(prefix="moncc-yaml-") as tmp:
        path = os.path.join(tmp, "in.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(values, f)
        p = subprocess.run([sys.argv[1], "--roundtrip", path], stdout=subprocess.PIPE,
                           timeout=60)
    if p.returncode != 0:
        print("test_yaml_out --roundtrip failed with exit code %d" % p.returncode)
        return 1
    text = p.stdout.decode("utf-8")
    got = yaml.safe_load(text)
    bad = 0
    if not isinstance(got, list) or len(got) != len(values):
        print("expected a list of %d values, got %r" % (len(values), type(got)))
        return 1
    for want, have in zip(values, got):
        if not same(want, have):
            bad += 1
            if bad <= 20:
                print("%r read back as %r" % (want, have))
    # The same text through the C loader (libyaml, YAML 1.1 as well), when PyYAML has it.
    if getattr(yaml, "CSafeLoader", None):
        if yaml.load(text, Loader=yaml.CSafeLoader) != got:
            bad += 1
            print("PyYAML's pure and libyaml loaders disagree")
    print("%d values, %d differences" % (len(values), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
