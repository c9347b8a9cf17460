#!/usr/bin/env python3
"""Validates a 360Giving data package against the standard's own schemas, offline.

    python3 Tests/e2e/threesixtygiving_check.py --file PACKAGE.json
    python3 Tests/e2e/threesixtygiving_check.py --url http://127.0.0.1:8080/grants/360giving.json

JSON Schema Draft 2020-12 (the dialect the schemas declare), with formats asserted. jsonschema
asserts `date-time` only with the optional `rfc3339-validator` (in requirements.txt): without it
every date passes as a date-time too, and the grant schema's dates, `oneOf` a date pattern or a
date-time, match both and fail. The date-times Cohesion writes (`issued`, `modified`, each
grant's `dateModified`) are also checked here as RFC 3339 by pattern. The package schema refers to the grant schema by an absolute GitHub URL (1.4.2); it is
resolved to the copy in Tests/Fixtures/360giving/ (1.4.3, the same grant schema) and never
fetched. Beyond JSON Schema, the standard's identifier rule is checked: every grant `id` starts
`360G-`.

`check_package(package)` returns the failures as strings (empty: all passed).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from pathlib import Path

import jsonschema
import rfc3339_validator  # noqa: F401  (makes jsonschema assert `date-time`; see above)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

FIXTURES = Path(__file__).resolve().parent.parent / "Fixtures" / "360giving"


def registry() -> Registry:
    grant = json.loads((FIXTURES / "360giving-schema.json").read_text())
    resource = Resource.from_contents(grant, default_specification=DRAFT202012)
    registry = Registry().with_resource(grant["$id"], resource)
    # The package schema's reference names the previous patch release's URL.
    return registry.with_resource(
        "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json", resource)


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def check_package(package: object) -> list[str]:
    schema = json.loads((FIXTURES / "360giving-package-schema.json").read_text())
    validator = jsonschema.Draft202012Validator(
        schema, registry=registry(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    failures = [f"{'/'.join(str(p) for p in error.absolute_path) or '(package)'}: {error.message}"
                for error in validator.iter_errors(package)]
    if not isinstance(package, dict):
        return failures
    for key in ("issued", "modified"):
        if key in package and not RFC3339.match(str(package[key])):
            failures.append(f"{key}: {package[key]!r} is not an RFC 3339 date-time")
    for index, grant in enumerate(package.get("grants", [])):
        if not str(grant.get("id", "")).startswith("360G-"):
            failures.append(f"grants/{index}/id: {grant.get('id')!r} does not start 360G-")
        if "dateModified" in grant and not RFC3339.match(str(grant["dateModified"])):
            failures.append(f"grants/{index}/dateModified: {grant['dateModified']!r} is not an RFC 3339 date-time")
    return failures


def fetch(url: str) -> object:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--file")
    source.add_argument("--url")
    args = parser.parse_args()
    if args.file:
        package = json.loads(Path(args.file).read_text())
    else:
        package = fetch(args.url)
    failures = check_package(package)
    for failure in failures:
        print("FAIL", failure)
    print(f"{len(package.get('grants', []))} grants checked; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
