"""Proves the checks can fail: each is run, through the same code as the real run, on something
broken on purpose (selftest/broken.html, selftest/fake_api.py), and must report it. A correct page
(selftest/good.html) must pass, so the checks are not simply failing everything."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

import checks
from harness import Browser, Results, Settings, expect

HERE = Path(__file__).resolve().parent / "selftest"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(s: Settings, results: Results):
    server_log_selftest(s, results)
    port = free_port()
    server = subprocess.Popen([sys.executable, str(HERE / "fake_api.py"), str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/openapi.json", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        _run(s, results, base)
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()


def _run(s: Settings, results: Results, base: str):
    # The browser checks, in a Settings of their own so the pages don't join the real HTML set.
    inner_s = Settings(base_url=base + "/", artifacts=s.artifacts / "selftest", axe_js=s.axe_js, vnu_jar=s.vnu_jar)
    inner = Results()
    browser = Browser(inner_s, inner)
    try:
        with _Quiet():
            browser.get("/broken.html", "broken page")
            browser.get("/good.html", "good page")
    except Exception as e:  # noqa: BLE001
        results.record("self-test: the browser could show the test pages", False, repr(e))
        return
    finally:
        browser.quit()
    by_name = {o.name: o for o in inner.outcomes}

    def axe_catches_missing_label():
        o = by_name.get("axe: broken page (/broken.html)")
        expect(o is not None, f"axe did not run on the broken page; got {list(by_name)}")
        expect(not o.passed, "axe passed the broken page")
        expect(o.detail.startswith("label ") or "\nlabel " in o.detail, f"axe did not report the 'label' rule:\n{o.detail}")
        expect("input" in o.detail, f"axe's report does not show the element:\n{o.detail}")
        good = by_name.get("axe: good page (/good.html)")
        expect(good is not None and good.passed, f"axe failed the correct page:\n{good.detail if good else ''}")
    results.run("self-test: axe reports the unlabelled input (and passes the correct page)", axe_catches_missing_label)

    def header_check_catches_missing_headers():
        o = by_name.get("headers: broken page (/broken.html)")
        expect(o is not None and not o.passed, "the header check passed a response with no security headers")
        for needed in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "frame protection"):
            expect(needed in o.detail, f"the header check did not mention {needed}:\n{o.detail}")
    results.run("self-test: the security header check reports a response without them", header_check_catches_missing_headers)

    def vnu_catches_unclosed_element():
        pages = {Path(p.html_file).name: p.html_file for p in browser.visited if p.html_file}
        broken = next(f for n, f in pages.items() if "broken" in n)
        good = next(f for n, f in pages.items() if "good" in n)
        found = checks.run_vnu(s.vnu_jar, [broken, good])
        errors = found.get(broken.resolve(), [])
        expect(errors, "the Nu checker found no errors in the broken page")
        expect(any("span" in e for e in errors), "the Nu checker did not report the unclosed <span>:\n" + "\n".join(errors))
        expect(not found.get(good.resolve()), "the Nu checker found errors in the correct page:\n" + "\n".join(found[good.resolve()]))
    results.run("self-test: the Nu checker reports the unclosed element (and passes the correct page)", vnu_catches_unclosed_element)

    fuzzed: dict[str, str] = {}

    def schemathesis_output() -> str:
        if "out" not in fuzzed:
            code, out = checks.schemathesis(base + "/openapi.json", s.artifacts / "selftest" / "schemathesis", None, max_examples=5)
            (s.artifacts / "selftest" / "schemathesis.log").write_text(out)
            expect(code != 0, f"schemathesis passed an API that is broken three ways:\n{out[-3000:]}")
            fuzzed["out"] = out
        return fuzzed["out"]

    def failures_for(path: str) -> str:
        """The FAILURES section's block for one operation."""
        out = schemathesis_output()
        m = re.search(rf"_+ GET {re.escape(path)} _+\n(.*?)(?=\n_{{5,}} |\n=+ SUMMARY)", out, re.S)
        return m.group(1) if m else ""

    def schemathesis_catches_500():
        found = failures_for("/items")
        expect("Server error" in found, f"schemathesis did not report the 500 of /items:\n{schemathesis_output()[-3000:]}")
    results.run("self-test: schemathesis reports the API route that answers 500", schemathesis_catches_500)

    def schemathesis_catches_refused_valid_data():
        found = failures_for("/picky")
        expect("Schema-valid request rejected" in found,
               f"schemathesis did not report /picky refusing a limit its document allows:\n{schemathesis_output()[-3000:]}")
    results.run("self-test: schemathesis reports a route that refuses what its document allows", schemathesis_catches_refused_valid_data)

    def schemathesis_catches_accepted_invalid_data():
        found = failures_for("/lenient")
        expect("Schema-violating request accepted" in found,
               f"schemathesis did not report /lenient accepting a limit its document forbids:\n{schemathesis_output()[-3000:]}")
    results.run("self-test: schemathesis reports a route that accepts what its document forbids", schemathesis_catches_accepted_invalid_data)

    def wrk_catches_errors():
        f = checks.wrk(base + "/items", seconds=2, connections=4, threads=1)
        problems = checks.load_problems(f)
        expect(any("not 2xx" in p for p in problems), f"the load check accepted 500s: {checks.describe_load(f)}")
        ok = checks.wrk(base + "/good.html", seconds=1, connections=2, threads=1)
        expect(not checks.load_problems(ok), f"the load check failed a healthy page: {checks.load_problems(ok)}")
    results.run("self-test: the load check counts non-2xx answers as failures", wrk_catches_errors)

    def cookie_check_catches_bad_flags():
        expect(checks.cookie_problems(["cohesion_session=abc; Path=/; SameSite=Lax"], "cohesion_session"),
               "a cookie without HttpOnly passed")
        expect(checks.cookie_problems(["cohesion_csrf=abc; Path=/; HttpOnly"], "cohesion_csrf"),
               "a cookie without SameSite passed")
        expect(not checks.cookie_problems(["cohesion_csrf=abc; Path=/; HttpOnly; SameSite=Lax"], "cohesion_csrf"),
               "a correct cookie failed")
    results.run("self-test: the cookie check reports missing HttpOnly or SameSite", cookie_check_catches_bad_flags)


def server_log_selftest(s: Settings, results: Results):
    def check():
        log = s.artifacts / "selftest" / "fake-demo.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("[ INFO ] GET /areas 200 [duration_ms: 3.1, status: 200]\n"
                       "[ INFO ] GET /organisations 500 [duration_ms: 3.1, status: 500]\n")
        fake = Settings(base_url=s.base_url, artifacts=s.artifacts / "selftest", axe_js=s.axe_js,
                        vnu_jar=s.vnu_jar, demo_log=log)
        inner = Results()
        with _Quiet():
            checks.server_log(fake, inner)
        expect(inner.failed == 1 and "GET /organisations 500" in inner.outcomes[0].detail,
               f"the server log check missed a 500: {[(o.name, o.passed) for o in inner.outcomes]}")
    results.run("self-test: the server log check reports a 5xx answer", check)


class _Quiet:
    """Hides the inner checks' PASS/FAIL lines: they are expected to fail."""

    def __enter__(self):
        import io
        self._old = sys.stdout
        sys.stdout = io.StringIO()

    def __exit__(self, *exc):
        sys.stdout = self._old
        return False
