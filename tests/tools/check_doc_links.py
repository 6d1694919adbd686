#!/usr/bin/env python3
"""Every relative link in the Markdown documentation lands on a file that exists.

Scans README.md, docs/**/*.md and infra/monitoring/**/*.md (hand-written and generated alike)
for inline links `[text](target)`, skips absolute URLs (scheme:), mail and in-page anchors,
and resolves the rest against the linking file's folder; `#fragment` is ignored (the runbook
links into sections are checked by lint W0012). Usage: check_doc_links.py SRCDIR
"""
import glob
import os
import re
import sys

src = os.path.abspath(sys.argv[1])
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^\s*(```|~~~)")
files = [os.path.join(src, "README.md")]
for pattern in ("docs/**/*.md", "infra/monitoring/**/*.md"):
    files += glob.glob(os.path.join(src, pattern), recursive=True)

broken = []
for path in sorted(files):
    in_code = False
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if FENCE.match(line):
                in_code = not in_code
                continue
            if in_code:
                continue
            # Inline code spans may show link syntax as an example: drop them first.
            text = re.sub(r"`[^`]*`", "", line)
            for target in LINK.findall(text):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
                    continue
                file_part = target.split("#", 1)[0]
                resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part))
                if not os.path.exists(resolved):
                    broken.append(f"{os.path.relpath(path, src)}:{lineno}: {target}")

for b in broken:
    print("broken link:", b)
print(f"{len(files)} files checked, {len(broken)} broken links")
sys.exit(1 if broken else 0)
