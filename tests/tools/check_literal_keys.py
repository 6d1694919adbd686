#!/usr/bin/env python3
"""Every string-literal key the emitters pass to the YAML writer is a plain YAML scalar.

compiler/emit/yaml_out.h writes literal keys (`mc_yaml_key(y, "AlarmName")`, the
`mc_yaml_kv_*` shorthands) as they are, without the quoting check (a fifth of the writer's
time). That is right only if each such key needs no quotes; this test reads every call in
compiler/ and checks the literal with a rule stricter than mc_yaml_plain_ok (a letter, then
letters, digits, `_`, `-`, `.` or `:` followed by a letter), which also rejects YAML 1.1's
boolean and null words. The sanitizer build checks the same at run time (MC_EXTRA_CHECKS).
Usage: check_literal_keys.py SRCDIR
"""
import glob
import os
import re
import sys

src = os.path.abspath(sys.argv[1])
CALL = re.compile(r'\bmc_yaml_(?:key|kv_[a-z]+)\(\s*[^,()]+,\s*"((?:[^"\\]|\\.)*)"', re.S)
PLAIN = re.compile(r"^[A-Za-z](?:[A-Za-z0-9_.-]|:(?=[A-Za-z]))*$")
RESERVED = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}

bad, count = [], 0
for path in sorted(glob.glob(os.path.join(src, "compiler", "**", "*.c"), recursive=True)):
    text = open(path, encoding="utf-8").read()
    for m in CALL.finditer(text):
        key = m.group(1)
        count += 1
        if not PLAIN.match(key) or key.lower() in RESERVED:
            line = text.count("\n", 0, m.start()) + 1
            bad.append("%s:%d: literal key `%s` is not a plain YAML scalar"
                       % (os.path.relpath(path, src), line, key))
for b in bad:
    print(b)
if count < 50:
    # The pattern no longer finds the calls: a silent pass would check nothing.
    print("check_literal_keys: only %d literal keys found; has the API changed?" % count)
    sys.exit(1)
print("%d literal keys checked, %d not plain" % (count, len(bad)))
sys.exit(1 if bad else 0)
