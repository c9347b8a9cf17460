#!/usr/bin/env python3
"""Checks Open Referral UK 3.0 API responses against the standard's own schemas, offline.

    python3 Tests/e2e/openreferral_check.py --base-url http://127.0.0.1:8080/openreferral
    python3 Tests/e2e/openreferral_check.py --files DIR     # saved responses, DIR/<endpoint>.json

Each response is validated (JSON Schema Draft 2020-12, the dialect the UK profile's OpenAPI
declares) against the schema the profile's OpenAPI (`openapi30-compiled.json`) gives for that
endpoint's 200 answer: for lists the `Page` envelope and the item schema, for one record the
compiled record schema. The schemas' `$ref`s are absolute GitHub URLs; they are resolved to the
copies in Tests/Fixtures/openreferral/schemas/ (see the README there) and never fetched.

Beyond the JSON Schema keywords, four rules of the standard are checked and reported as such:
- `format` is asserted (uuid ids, email, uri, date-time), not only annotated;
- `datapackage_type` `date` / `time` / `datetime` (the Frictionless type the schemas give dates
  and times instead of a `format`) must be `YYYY-MM-DD` / `HH:MM:SS` / RFC 3339;
- a page must carry all of `total_items … empty` and `contents` (HSDS API reference: "the
  header returned must include these properties"; the OpenAPI's `Page` requires none of them),
  and `empty`, `page_number` and `per_page` must agree with what was asked and returned;
- every answer has `Access-Control-Allow-Origin: *` (UK compliance rules, "Security").

`check(base_url)` returns the failures as strings (empty: all passed) for the e2e runner.
"""
from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parent.parent / "Fixtures" / "openreferral" / "schemas"
# Where the OpenAPI's refs point, and the folders here that hold those files, in search order:
# the UK profile's merged schemas, the list-item schemas derived from them, and the three base
# HSDS schemas the merged service.json still refers to although the UK profile drops the tables.
UK_SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI_URI = UK_SCHEMA_BASE + "openapi.json"
LOCAL_FOLDERS = ("compiled", "derived", "hsds-3.0-base")

# Saved-file names and live paths: <endpoint>.json in --files mode ("services_id.json"); a
# suffix after "--" or "." distinguishes several samples ("services--page2.json").
ENDPOINTS = {
    "root": "/",
    "services": "/services",
    "services_id": "/services/{id}",
    "service_at_locations": "/service_at_locations",
    "service_at_locations_id": "/service_at_locations/{id}",
    "taxonomies": "/taxonomies",
    "taxonomies_id": "/taxonomies/{id}",
    "taxonomy_terms": "/taxonomy_terms",
    "taxonomy_terms_id": "/taxonomy_terms/{id}",
}
PAGE_KEYS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents")
MAX_ERRORS_PER_RESPONSE = 20

# --------------------------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------------------------


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def _retrieve(uri: str) -> Resource:
    """The local copy of a schema URL under the UK profile's schema folder (with or without
    `compiled/`). Anything else is refused: the check never uses the network."""
    if uri.startswith(UK_SCHEMA_BASE):
        name = uri.rsplit("/", 1)[-1]
        for folder in LOCAL_FOLDERS:
            path = SCHEMAS / folder / name
            if path.is_file():
                return Resource.from_contents(_load(path), default_specification=DRAFT202012)
    raise NoSuchResource(ref=uri)


def _openapi() -> dict:
    return _load(SCHEMAS / "openapi30-compiled.json")


def _registry() -> Registry:
    return Registry(retrieve=_retrieve).with_resource(
        OPENAPI_URI, Resource(contents=_openapi(), specification=DRAFT202012))


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def _is_date(text: str) -> bool:
    if not _DATE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_datetime(text: str) -> bool:
    if not _RFC3339.match(text):
        return False
    try:
        datetime.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_uri(text: str) -> bool:
    """An absolute URI (RFC 3986): a scheme, then no spaces; http(s) needs a host."""
    parts = urllib.parse.urlsplit(text)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*$", parts.scheme or "") or any(c.isspace() for c in text):
        return False
    return bool(parts.netloc) if parts.scheme.lower() in ("http", "https") else True


def _format_checker() -> jsonschema.FormatChecker:
    """The formats the schemas use, checked the same way wherever this runs (jsonschema's own
    `uri` and `date-time` checks depend on optional packages)."""
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("uuid")(lambda v: not isinstance(v, str) or bool(_UUID.match(v)))
    checker.checks("email")(lambda v: not isinstance(v, str) or bool(re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", v)))
    checker.checks("uri")(lambda v: not isinstance(v, str) or _is_uri(v))
    checker.checks("date-time")(lambda v: not isinstance(v, str) or _is_datetime(v))
    checker.checks("date")(lambda v: not isinstance(v, str) or _is_date(v))
    return checker


def _datapackage_type(validator, kind, instance, schema):
    """The Frictionless table type the schemas give dates and times (they have no `format`)."""
    if not isinstance(instance, str):
        return
    ok = {"date": _is_date, "time": lambda v: bool(_TIME.match(v)), "datetime": _is_datetime}.get(kind)
    if ok is not None and not ok(instance):
        wanted = {"date": "YYYY-MM-DD", "time": "HH:MM:SS", "datetime": "an RFC 3339 date-time"}[kind]
        yield jsonschema.ValidationError(f"{instance!r} is not a datapackage {kind} ({wanted})")


_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"datapackage_type": _datapackage_type})


class Schemas:
    """One validator per endpoint, built from the OpenAPI's 200 response schema."""

    def __init__(self) -> None:
        self.openapi = _openapi()
        registry = _registry()
        checker = _format_checker()
        self.validators = {}
        for name, path in ENDPOINTS.items():
            pointer = "/paths/" + _escape(path) + "/get/responses/200/content/application~1json/schema"
            self.validators[name] = _Validator({"$ref": OPENAPI_URI + "#" + pointer},
                                               registry=registry, format_checker=checker)

    def filters(self, endpoint: str) -> list[str]:
        """The query parameters the OpenAPI gives a list endpoint."""
        params = self.openapi["paths"][ENDPOINTS[endpoint]]["get"].get("parameters", [])
        names = []
        for p in params:
            if "$ref" in p:
                p = self.openapi["components"]["parameters"][p["$ref"].rsplit("/", 1)[-1]]
            names.append(p["name"])
        return names

    def problems(self, endpoint: str, document, asked: dict | None = None) -> list[str]:
        """Schema failures, then the page rules (`asked`: the query sent), each as 'where: what'."""
        found = []
        errors = sorted(self.validators[endpoint].iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors[:MAX_ERRORS_PER_RESPONSE]:
            found.append(f"{_where(error)}: {_message(error)}")
        if len(errors) > MAX_ERRORS_PER_RESPONSE:
            found.append(f"… and {len(errors) - MAX_ERRORS_PER_RESPONSE} more schema errors")
        if endpoint in LIST_ENDPOINTS and isinstance(document, dict):
            found += _page_problems(document, asked)
        return found


LIST_ENDPOINTS = {"services", "service_at_locations", "taxonomies", "taxonomy_terms"}


def _escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def _where(error: jsonschema.ValidationError) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(top level)"


def _message(error: jsonschema.ValidationError) -> str:
    """The deepest reason for errors inside allOf / $ref, with the schema keyword."""
    best = jsonschema.exceptions.best_match([error]) if error.context else error
    where = _where(best)
    prefix = f"at {where}: " if best is not error and where != _where(error) else ""
    return f"{prefix}{best.message} [{best.validator}]"


def _page_problems(page: dict, asked: dict | None = None) -> list[str]:
    found = [f"(top level): page lacks '{key}' [HSDS API reference: lists]" for key in PAGE_KEYS if key not in page]
    contents = page.get("contents")
    if isinstance(contents, list) and isinstance(page.get("empty"), bool) and page["empty"] != (len(contents) == 0):
        found.append(f"empty: {page['empty']} but contents has {len(contents)} items")
    asked = asked or {}
    if "page" in asked and page.get("page_number") != int(asked["page"]):
        found.append(f"page_number: {page.get('page_number')!r} but page {asked['page']} was asked for")
    if "per_page" in asked and isinstance(contents, list) and len(contents) > int(asked["per_page"]):
        found.append(f"contents: {len(contents)} items but per_page={asked['per_page']}")
    return found


# --------------------------------------------------------------------------------------------
# Saved files
# --------------------------------------------------------------------------------------------


def endpoint_for_file(path: Path) -> str | None:
    stem = path.name.split("--", 1)[0].split(".", 1)[0]
    return stem if stem in ENDPOINTS else None


def check_files(folder: str | Path) -> tuple[int, list[str]]:
    """Validates every `<endpoint>.json` in a folder; (files checked, failures)."""
    schemas = Schemas()
    failures, checked = [], 0
    files = sorted(Path(folder).glob("*.json"))
    if not files:
        return 0, [f"{folder}: no .json files"]
    for path in files:
        endpoint = endpoint_for_file(path)
        if endpoint is None:
            failures.append(f"{path.name}: not named after an endpoint ({', '.join(ENDPOINTS)})")
            continue
        try:
            document = _load(path)
        except (OSError, json.JSONDecodeError) as e:
            failures.append(f"{path.name}: not JSON: {e}")
            continue
        checked += 1
        failures += [f"{path.name} ({ENDPOINTS[endpoint]}): {p}" for p in schemas.problems(endpoint, document)]
    return checked, failures


# --------------------------------------------------------------------------------------------
# A live API
# --------------------------------------------------------------------------------------------


class _Client:
    def __init__(self, base_url: str, timeout: float) -> None:
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.requests = 0

    def get(self, path: str, query: dict | None = None) -> tuple[str, object | None, list[str]]:
        """(what was asked, the JSON or None, problems with the HTTP answer itself)."""
        url = self.base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        label = "GET " + path + ("?" + urllib.parse.urlencode(query) if query else "")
        self.requests += 1
        request = urllib.request.Request(url, headers={"Accept": "application/json", "Origin": "https://example.org"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as e:
            return label, None, [f"HTTP {e.code}, expected 200"]
        except (urllib.error.URLError, OSError) as e:
            return label, None, [f"no answer: {e}"]
        problems = []
        if status != 200:
            problems.append(f"HTTP {status}, expected 200")
        content_type = headers.get("Content-Type", "")
        if not content_type.split(";")[0].strip().lower() == "application/json":
            problems.append(f"Content-Type is {content_type!r}, expected application/json")
        if headers.get("Access-Control-Allow-Origin") != "*":
            problems.append("no 'Access-Control-Allow-Origin: *' header [UK compliance rules: security]")
        try:
            return label, json.loads(body), problems
        except json.JSONDecodeError as e:
            return label, None, problems + [f"not JSON: {e}"]


def _first_id(page) -> str | None:
    if isinstance(page, dict) and isinstance(page.get("contents"), list) and page["contents"]:
        first = page["contents"][0]
        if isinstance(first, dict) and isinstance(first.get("id"), str):
            return first["id"]
    return None


def _search_word(page) -> str:
    """A word from the first service's name, so the search has something to find."""
    if isinstance(page, dict) and page.get("contents"):
        first = page["contents"][0]
        name = first.get("name") or (first.get("service") or {}).get("name") or ""
        for word in re.findall(r"[A-Za-z]{4,}", name):
            return word
    return "community"


def check(base_url: str, postcode: str = "WS1 1TP", timeout: float = 30.0) -> list[str]:
    """Fetches every endpoint of the UK profile (and the list endpoints with each of their
    filters) from a running API and returns the failures; an empty list means all passed."""
    failures, _ = _check(base_url, postcode, timeout)
    return failures


def _check(base_url: str, postcode: str, timeout: float) -> tuple[list[str], int]:
    schemas = Schemas()
    client = _Client(base_url, timeout)
    failures: list[str] = []
    lists: dict[str, object] = {}

    def fetch(endpoint: str, path: str, query: dict | None = None, expect_id: str | None = None):
        label, document, problems = client.get(path, query)
        if document is not None:
            problems += schemas.problems(endpoint, document, query)
            if expect_id is not None and isinstance(document, dict) and document.get("id") != expect_id:
                problems.append(f"id: {document.get('id')!r}, but {expect_id!r} was asked for")
        failures.extend(f"{label}: {p}" for p in problems)
        return document

    fetch("root", "/")
    for endpoint in ("services", "service_at_locations", "taxonomies", "taxonomy_terms"):
        lists[endpoint] = fetch(endpoint, ENDPOINTS[endpoint])
    for endpoint in ("services", "service_at_locations", "taxonomies", "taxonomy_terms"):
        first = _first_id(lists[endpoint])
        detail = endpoint + "_id"
        if first is None:
            failures.append(f"GET {ENDPOINTS[endpoint]}: no items, so {ENDPOINTS[detail]} could not be checked")
            continue
        # The OpenAPI answers /service_at_locations/{id} with the service schema; its id is the
        # service's, so only the other three are held to the id asked for.
        fetch(detail, ENDPOINTS[endpoint] + "/" + urllib.parse.quote(first, safe=""),
              expect_id=None if endpoint == "service_at_locations" else first)

    values = {
        "search": _search_word(lists["services"]),
        "page": "2",
        "per_page": "1",
        "taxonomy_term_id": _first_id(lists["taxonomy_terms"]),
        "taxonomy_id": _first_id(lists["taxonomies"]),
        "day": "MO",
        "start_time": "09:00",
        "end_time": "17:00",
        "minimum_age": "18",
        "maximum_age": "65",
        "postcode": postcode,
        "proximity": "1000",
    }
    for endpoint in ("services", "service_at_locations", "taxonomies", "taxonomy_terms"):
        for name in schemas.filters(endpoint):
            if values.get(name) is None:
                failures.append(f"GET {ENDPOINTS[endpoint]}?{name}=…: no value to try (is /taxonomies or /taxonomy_terms empty?)")
                continue
            query = {name: values[name]}
            if name == "proximity":
                query = {"postcode": postcode, "proximity": values[name]}
            fetch(endpoint, ENDPOINTS[endpoint], query)
        fetch(endpoint, ENDPOINTS[endpoint], {"page": "1", "per_page": "1"})
    return failures, client.requests


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate Open Referral UK 3.0 API responses against the standard's schemas.")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--base-url", help="the API's root, e.g. http://127.0.0.1:8080/openreferral")
    where.add_argument("--files", metavar="DIR", help="a folder of saved responses named <endpoint>.json: " + ", ".join(ENDPOINTS))
    parser.add_argument("--postcode", default="WS1 1TP", help="postcode for the postcode and proximity filters (default WS1 1TP)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    args = parser.parse_args(argv)

    if args.files:
        count, failures = check_files(args.files)
        what = f"{count} file{'s' if count != 1 else ''}"
    else:
        failures, count = _check(args.base_url, args.postcode, args.timeout)
        what = f"{count} response{'s' if count != 1 else ''}"
    for failure in failures:
        print("FAIL " + failure)
    print(f"Open Referral UK 3.0: {what} checked, {len(failures)} failure{'s' if len(failures) != 1 else ''}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
