#!/usr/bin/env python3
"""junit_summary.py FILE: prints "PASSED FAILED SKIPPED" for a JUnit XML report (ctest
--output-junit, pytest --junitxml). A missing or unreadable file exits 1."""
import sys
import xml.etree.ElementTree as ET

try:
    root = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError) as e:
    print(f"junit_summary: {e}", file=sys.stderr)
    sys.exit(1)
suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
passed = failed = skipped = 0
for suite in suites:
    for case in suite.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None or case.get("status") in ("notrun", "disabled"):
            skipped += 1
        else:
            passed += 1
print(passed, failed, skipped)
