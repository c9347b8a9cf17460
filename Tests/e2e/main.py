"""Runs the end-to-end checks against a running Cohesion (started by Tests/e2e/run).

    python Tests/e2e/main.py --base-url http://127.0.0.1:18200/ --artifacts e2e-artifacts \
        --axe .venv-e2e/axe/axe.min.js --vnu path/to/vnu.jar [--demo-log demo.log] [--only journeys,html,...]

Prints one line per check and ends with "N passed, M failed". Exit status 1 if any check failed.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import checks  # noqa: E402
import journeys  # noqa: E402
import journeys_grants  # noqa: E402,F401  (registers its journeys)
import journeys_surveys  # noqa: E402,F401  (registers its journeys)
import selftest  # noqa: E402
from harness import Browser, Results, Settings  # noqa: E402

PARTS = ["selftest", "journeys", "html", "security", "api", "load"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-url", default=os.environ.get("E2E_BASE_URL", "http://127.0.0.1:18200/"))
    ap.add_argument("--artifacts", type=Path, default=Path("e2e-artifacts"))
    ap.add_argument("--axe", type=Path, required=True)
    ap.add_argument("--vnu", type=Path, required=True)
    ap.add_argument("--demo-log", type=Path)
    ap.add_argument("--password", default="e2e-demo-password")
    ap.add_argument("--only", default=",".join(PARTS), help="comma-separated parts: " + ", ".join(PARTS))
    ap.add_argument("--journey", action="append", default=[], help="run only journeys whose name contains this")
    ap.add_argument("--readme-screenshots", type=Path, help="also write small README pictures here")
    ap.add_argument("--load-seconds", type=int, default=int(os.environ.get("E2E_LOAD_SECONDS", "10")))
    args = ap.parse_args()

    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        ap.error(f"unknown parts {sorted(unknown)}; choose from {PARTS}")
    base = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    s = Settings(base_url=base, artifacts=args.artifacts, axe_js=args.axe, vnu_jar=args.vnu,
                 password=args.password, demo_log=args.demo_log, readme_screenshots=args.readme_screenshots)
    results = Results()
    started = time.monotonic()

    def section(title):
        print(f"\n== {title} ({time.monotonic() - started:.0f}s)", flush=True)

    if "selftest" in parts:
        section("Self-test: the checks must catch deliberately broken things")
        selftest.run(s, results)

    state: dict = {}
    visited = []
    if "journeys" in parts:
        section("Browser journeys (axe and security headers on every page)")
        browser = Browser(s, results)
        try:
            for name, fn in journeys.JOURNEYS:
                if args.journey and not any(j.lower() in name.lower() for j in args.journey):
                    continue
                t = time.monotonic()
                ok = results.run(f"journey: {name}", fn, browser, state)
                if not ok:
                    browser.failure_screenshot(name)
                print(f"       ({time.monotonic() - t:.1f}s)", flush=True)
        finally:
            visited = browser.visited
            browser.quit()
        print(f"       {len(visited)} pages visited; HTML saved in {s.html_dir}; screenshots in {s.shots_dir}")

    if "html" in parts and visited:
        section(f"HTML validity (Nu HTML checker, {len(visited)} pages in one run)")
        checks.html_validity(s, results, visited)

    if "security" in parts:
        section("Security headers, cookies and CSRF over plain HTTP")
        checks.security(s, results, visited)

    if "api" in parts:
        section("API fuzzing (schemathesis)")
        token = state.get("api_token") or os.environ.get("E2E_API_TOKEN")
        if not token and "journeys" not in parts:
            token = selftest_token(s)
        checks.api_fuzz(s, results, token)
        section("Open Referral UK 3.0 responses against the standard's schemas")
        import openreferral_check
        failures = openreferral_check.check(s.url("/openreferral"), postcode="WS1 1AB")
        results.record("Open Referral UK: every endpoint and filter matches the schemas", not failures, "\n".join(failures[:60]))
        section("360Giving: the demo's awarded grants against the standard's package and grant schemas")
        import threesixtygiving_check
        try:
            package = threesixtygiving_check.fetch(s.url("/grants/360giving.json"))
            failures = threesixtygiving_check.check_package(package)
            if not package.get("grants"):
                failures.append("the demo's package has no grants")
        except Exception as error:  # noqa: BLE001 (a fetch or parse failure is the check failing)
            failures = [f"could not read /grants/360giving.json: {error}"]
        results.record("360Giving: /grants/360giving.json is a valid data package", not failures, "\n".join(failures[:60]))

    if "load" in parts:
        section("Load (wrk)")
        checks.load(s, results, seconds=args.load_seconds)

    if args.demo_log and set(parts) - {"selftest"}:
        section("The server's log")
        checks.server_log(s, results)

    section("Summary")
    print(results.summary(), flush=True)
    return 1 if results.failed else 0


def selftest_token(s: Settings) -> str | None:
    """A token made over plain HTTP, for running the API part on its own."""
    import re
    from harness import csrf_from, http_sign_in
    try:
        session = http_sign_in(s, "admin@example.org")
        page = session.get(s.url("/account/tokens"), timeout=30)
        r = session.post(s.url("/account/tokens"), data={"csrf_token": csrf_from(page.text), "label": "e2e api"}, timeout=30)
        m = re.search(r'id="new-token">([^<]+)<', r.text)
        return m.group(1).strip() if m else None
    except Exception:  # noqa: BLE001
        return None


if __name__ == "__main__":
    sys.exit(main())
