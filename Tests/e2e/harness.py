"""Shared machinery for the end-to-end checks: the tally of checks, the browser wrapper that
records every page it visits (served HTML, response headers, axe results), and small helpers.

Nothing here knows about particular pages; journeys.py says where to go and what to expect.
"""
from __future__ import annotations

import base64
import json
import os
import re
import time
import traceback
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import requests
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = (1280, 900)
MOBILE = (375, 812)
REQUIRED_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")

# Browser cookies of signed-in sessions by email, and signed-in requests sessions, reused so
# that a run stays well inside the app's sign-in rate limit (30 per 5 minutes per address).
SESSIONS: dict[str, list[dict]] = {}
HTTP_SESSIONS: dict[str, requests.Session] = {}


class CheckFailed(AssertionError):
    """Raised inside a check to fail it with a readable message (no traceback printed)."""


def expect(condition, message: str):
    if not condition:
        raise CheckFailed(message)


# --------------------------------------------------------------------------------------------
# The tally
# --------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    name: str
    passed: bool
    detail: str = ""


class Results:
    """Every check adds one outcome. The closing line counts them."""

    def __init__(self):
        self.outcomes: list[Outcome] = []

    def record(self, name: str, passed: bool, detail: str = "") -> bool:
        self.outcomes.append(Outcome(name, passed, detail))
        mark = "PASS" if passed else "FAIL"
        print(f"[{mark}] {name}", flush=True)
        if detail and not passed:
            for line in detail.rstrip().splitlines():
                print(f"       {line}", flush=True)
        return passed

    def run(self, name: str, fn, *args, **kwargs) -> bool:
        """Runs fn as one check: it passes unless it raises."""
        try:
            fn(*args, **kwargs)
        except CheckFailed as e:
            return self.record(name, False, str(e))
        except Exception:  # noqa: BLE001 - a crash in a check is a failed check, with its trace
            return self.record(name, False, traceback.format_exc(limit=6))
        return self.record(name, True)

    @property
    def passed(self) -> int:
        return sum(1 for o in self.outcomes if o.passed)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if not o.passed)

    def summary(self) -> str:
        lines = []
        if self.failed:
            lines.append("Failed checks:")
            lines += [f"  - {o.name}" for o in self.outcomes if not o.passed]
        lines.append(f"{self.passed} passed, {self.failed} failed")
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Configuration shared by every part of the run
# --------------------------------------------------------------------------------------------

@dataclass
class Settings:
    base_url: str
    artifacts: Path
    axe_js: Path
    vnu_jar: Path
    password: str = "e2e-demo-password"
    demo_log: Path | None = None
    readme_screenshots: Path | None = None
    html_dir: Path = field(init=False)
    shots_dir: Path = field(init=False)

    def __post_init__(self):
        self.html_dir = self.artifacts / "html"
        self.shots_dir = self.artifacts / "screenshots"
        for d in (self.html_dir, self.shots_dir):
            d.mkdir(parents=True, exist_ok=True)

    def url(self, path: str) -> str:
        return urllib.parse.urljoin(self.base_url, path)


# --------------------------------------------------------------------------------------------
# Header checks (used for browser pages and for plain HTTP responses)
# --------------------------------------------------------------------------------------------

def security_header_problems(headers) -> list[str]:
    """What is missing from one response's headers. `headers` is any case-insensitive mapping
    or a plain dict (looked up without regard to case)."""
    lower = {k.lower(): v for k, v in dict(headers).items()}
    problems = []
    for name in REQUIRED_HEADERS:
        if not lower.get(name.lower(), "").strip():
            problems.append(f"missing {name}")
    if lower.get("x-content-type-options", "").strip().lower() not in ("", "nosniff"):
        problems.append(f"X-Content-Type-Options is {lower['x-content-type-options']!r}, not nosniff")
    csp = lower.get("content-security-policy", "")
    xfo = lower.get("x-frame-options", "").strip().upper()
    if xfo not in ("DENY", "SAMEORIGIN") and "frame-ancestors" not in csp:
        problems.append("no frame protection (X-Frame-Options DENY/SAMEORIGIN or CSP frame-ancestors)")
    return problems


# --------------------------------------------------------------------------------------------
# The browser
# --------------------------------------------------------------------------------------------

@dataclass
class VisitedPage:
    label: str
    url: str
    status: int | None
    html_file: Path | None
    headers: dict


class Browser:
    """Headless Chromium with a record of every page it shows.

    Call `page(label)` after anything that loads a new document (`get`, `submit`, a click on a
    link). It saves the HTML exactly as the server sent it (read back through the DevTools
    protocol, so POST results are captured too), checks the response's security headers and
    runs axe on the rendered page. Each of those is one check in the tally.
    """

    def __init__(self, settings: Settings, results: Results, check_headers: bool = True):
        self.s = settings
        self.results = results
        self.check_headers = check_headers
        self.visited: list[VisitedPage] = []
        self.axe_source = settings.axe_js.read_text(encoding="utf-8")
        opts = webdriver.ChromeOptions()
        opts.binary_location = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                  f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=en-GB", "--hide-scrollbars",
                  "--disable-extensions", "--no-first-run", "--password-store=basic"):
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        service = Service(os.environ.get("E2E_CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(service=service, options=opts)
        self.driver.set_page_load_timeout(30)
        self.driver.execute_cdp_cmd("Network.enable", {})
        self._counter = 0

    def quit(self):
        try:
            self.driver.quit()
        except Exception:  # noqa: BLE001
            pass

    # ---- navigation -----------------------------------------------------------------------
    def fresh(self):
        """A clean browser for the next journey: no cookies, blank page, desktop size."""
        self.driver.get("about:blank")
        self.driver.delete_all_cookies()
        self.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        self.driver.set_window_size(*DESKTOP)
        self._drain_log()

    def get(self, path: str, label: str, expect_status: int = 200) -> VisitedPage:
        self._drain_log()
        self.driver.get(self.s.url(path))
        return self.page(label, expect_status=expect_status)

    def click(self, css: str, label: str, expect_status: int = 200) -> VisitedPage:
        """Clicks something that loads a new page (a link or a submit button)."""
        self._drain_log()
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.find(css).click()
        WebDriverWait(self.driver, 20).until(lambda d: _stale(old))
        return self.page(label, expect_status=expect_status)

    def submit(self, label: str, expect_status: int | None = None, form_css: str = "main form") -> VisitedPage:
        """Presses the submit button of the form being filled in: the first form matching
        `form_css` that has a field people type in or choose (so a "Remove" or "Revoke" form
        that holds only hidden fields is never pressed by accident)."""
        forms = self.driver.find_elements(By.CSS_SELECTOR, form_css)
        with_fields = [f for f in forms if f.find_elements(
            By.CSS_SELECTOR, "input:not([type=hidden]), select, textarea")]
        chosen = (with_fields or forms)[:1]
        buttons = chosen[0].find_elements(By.CSS_SELECTOR, "button[type=submit]") if chosen else []
        expect(buttons, f"no submit button in {form_css!r} on {self.driver.current_url}")
        self._drain_log()
        old = self.driver.find_element(By.TAG_NAME, "html")
        buttons[-1].click()
        WebDriverWait(self.driver, 20).until(lambda d: _stale(old))
        return self.page(label, expect_status=expect_status)

    def wait_for_new_page(self, old_html, label: str, expect_status: int | None = None) -> VisitedPage:
        WebDriverWait(self.driver, 20).until(lambda d: _stale(old_html))
        return self.page(label, expect_status=expect_status)

    def find(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css: str) -> str:
        return self.find(css).text.strip()

    def fill(self, field_id: str, value: str):
        el = self.driver.find_element(By.ID, field_id)
        el.clear()
        el.send_keys(value)

    def select(self, field_id: str, value: str):
        from selenium.webdriver.support.ui import Select
        Select(self.driver.find_element(By.ID, field_id)).select_by_value(value)

    def value(self, field_id: str) -> str:
        return self.driver.find_element(By.ID, field_id).get_attribute("value") or ""

    @property
    def path(self) -> str:
        u = urllib.parse.urlsplit(self.driver.current_url)
        return u.path + (f"?{u.query}" if u.query else "")

    def cookies_header(self) -> str:
        return "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())

    def cookie(self, name: str) -> str | None:
        c = self.driver.get_cookie(name)
        return c["value"] if c else None

    # ---- journeys' common steps --------------------------------------------------------------
    def sign_in(self, email: str, password: str | None = None, label: str | None = None) -> VisitedPage:
        """Signs in through the form (counts against the sign-in rate limit: 30 per 5 minutes
        per address). Journeys that only need to *be* someone should use `as_user`."""
        self.get("/sign-in", "Sign in")
        self.fill("email", email)
        self.fill("password", password or self.s.password)
        page = self.submit(label or f"Dashboard ({email})")
        expect(self.path.startswith("/dashboard"), f"after signing in as {email}: at {self.path}, not /dashboard")
        expect(self.find_all("header button[type=submit]"), "no Sign out button in the header after signing in")
        self.remember_session(email)
        return page

    def as_user(self, email: str) -> VisitedPage:
        """A fresh browser signed in as `email`, reusing a session from an earlier sign-in when
        there is one (so journeys don't use up the sign-in rate limit), and showing the dashboard."""
        self.fresh()
        cached = SESSIONS.get(email)
        if cached:
            for c in cached:
                params = {k: c[k] for k in ("name", "value", "domain", "path", "secure", "httpOnly") if k in c}
                if c.get("sameSite"):
                    params["sameSite"] = c["sameSite"]
                if c.get("expiry"):
                    params["expires"] = c["expiry"]
                self.driver.execute_cdp_cmd("Network.setCookie", params)
            page = self.get("/dashboard", f"Dashboard ({email})")
            if self.path.startswith("/dashboard"):
                return page
            SESSIONS.pop(email, None)
            self.fresh()
        return self.sign_in(email)

    def remember_session(self, email: str):
        SESSIONS[email] = self.driver.get_cookies()
        self._current_user = email

    def sign_out(self) -> VisitedPage:
        page = self.submit("Home (signed out)", form_css="header form[action='/sign-out']")
        expect(not self.find_all("header form[action='/sign-out']"), "still signed in after pressing Sign out")
        SESSIONS.pop(getattr(self, "_current_user", None), None)
        return page

    def expect_error_summary(self, *messages: str):
        """The GOV.UK error summary is shown, has focus, and lists each message."""
        summaries = self.find_all(".govuk-error-summary")
        expect(summaries, f"no .govuk-error-summary on {self.path}")
        focused = self.driver.switch_to.active_element
        expect(focused == summaries[0] or self.driver.execute_script(
            "return arguments[0].contains(document.activeElement)", summaries[0]),
            f"focus is on <{focused.tag_name} id={focused.get_attribute('id')!r} "
            f"class={focused.get_attribute('class')!r}>, not on the error summary")
        listed = summaries[0].text
        for m in messages:
            expect(m in listed, f"error summary does not say {m!r}; it says:\n{listed}")
        # Every summary link points at a field that exists and has an inline message.
        for link in summaries[0].find_elements(By.CSS_SELECTOR, "a[href^='#']"):
            target = link.get_attribute("href").split("#", 1)[1]
            expect(self.find_all(f"[id='{target}']"), f"error summary links to #{target}, which is not on the page")
            expect(self.find_all(f"[id='{target}-error'].govuk-error-message"),
                   f"field {target} has no inline .govuk-error-message (id {target}-error)")

    # ---- recording a page ------------------------------------------------------------------
    def page(self, label: str, expect_status: int | None = 200) -> VisitedPage:
        """Records the document now shown: saves the served HTML, checks headers, runs axe."""
        WebDriverWait(self.driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
        url = self.driver.current_url
        status, headers, body = self._served_document(url)
        self._counter += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60] or "page"
        html_file = None
        if body is not None:
            html_file = self.s.html_dir / f"{self._counter:03d}-{slug}.html"
            html_file.write_text(body, encoding="utf-8")
        visited = VisitedPage(label, url, status, html_file, headers)
        self.visited.append(visited)
        where = f"{label} ({urllib.parse.urlsplit(url).path})"
        if expect_status is not None:
            expect(status == expect_status, f"{where}: status {status}, expected {expect_status}")
        expect(body is not None, f"{where}: could not read the HTML the server sent")
        if self.check_headers:
            problems = security_header_problems(headers)
            self.results.record(f"headers: {where}", not problems, "\n".join(problems))
        self.results.record(f"axe: {where}", *self.axe_verdict(where))
        return visited

    def axe_verdict(self, where: str) -> tuple[bool, str]:
        violations = self.run_axe()
        return (not violations, format_axe(violations, where))

    def run_axe(self) -> list[dict]:
        if not self.driver.execute_script("return typeof window.axe === 'object'"):
            self.driver.execute_script(self.axe_source)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
            ".then(r => done({violations: r.violations})).catch(e => done({error: String(e)}));",
            AXE_TAGS)
        if "error" in result:
            raise CheckFailed(f"axe failed to run: {result['error']}")
        return result["violations"]

    def _drain_log(self):
        try:
            self.driver.get_log("performance")
        except WebDriverException:
            pass

    def _served_document(self, url: str):
        """(status, headers, body) of the document now shown, as the server sent them."""
        doc = None
        for entry in self.driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.responseReceived" and msg["params"].get("type") == "Document":
                doc = msg["params"]
        if doc is not None:
            r = doc["response"]
            try:
                got = self.driver.execute_cdp_cmd("Network.getResponseBody", {"requestId": doc["requestId"]})
                body = base64.b64decode(got["body"]).decode("utf-8") if got.get("base64Encoded") else got["body"]
                return r.get("status"), dict(r.get("headers", {})), body
            except WebDriverException:
                pass
        # Fallback: fetch the same address again with the browser's cookies (GET only).
        resp = requests.get(url, headers={"Cookie": self.cookies_header()}, allow_redirects=False, timeout=30)
        return resp.status_code, dict(resp.headers), resp.text

    # ---- screenshots -----------------------------------------------------------------------
    def screenshot(self, name: str, readme: str | None = None):
        """Full-page PNGs at desktop (1280) and mobile (375) width, plus an axe run at mobile width.
        `readme="desktop"` or `"mobile"` also writes a small viewport-sized copy of that one to
        docs/screenshots/ when the run was asked to (--readme-screenshots)."""
        for suffix, (w, h), mobile in (("desktop", DESKTOP, False), ("mobile", MOBILE, True)):
            self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                        {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile})
            time.sleep(0.15)
            if mobile:
                where = f"{name} at {w}px wide ({urllib.parse.urlsplit(self.driver.current_url).path})"
                self.results.record(f"axe: {where}", *self.axe_verdict(where))
            height = self.driver.execute_script(
                "return Math.ceil(Math.max(document.documentElement.scrollHeight, document.body.scrollHeight))")
            shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": w, "height": max(h, min(height, 8000)), "scale": 1}})
            (self.s.shots_dir / f"{name}-{suffix}.png").write_bytes(base64.b64decode(shot["data"]))
            if readme == suffix and self.s.readme_screenshots:
                # Small, viewport-only pictures for the README (scaled down to keep them light).
                scale = 0.6 if not mobile else 0.9
                small = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
                    "format": "png", "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": scale}})
                self.s.readme_screenshots.mkdir(parents=True, exist_ok=True)
                (self.s.readme_screenshots / f"{name}-{suffix}.png").write_bytes(base64.b64decode(small["data"]))
                self.driver.execute_script("window.scrollTo(0, 0)")
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def horizontal_overflow(self, width: int = MOBILE[0]) -> str | None:
        """WCAG 1.4.10 (reflow): at `width` px wide, as a phone (the same emulation as the mobile
        screenshot), the page must not scroll sideways. None when it doesn't; otherwise what
        sticks out (the outermost elements reaching past `width`). Compared with `width` as well
        as window.innerWidth: a phone-emulating Chromium zooms out to fit a page that is too wide,
        which makes innerWidth grow to the page's width and hide the overflow."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": MOBILE[1], "deviceScaleFactor": 1, "mobile": True})
        try:
            time.sleep(0.15)
            got = self.driver.execute_script("""
                const limit = arguments[0], vw = window.innerWidth, sw = document.documentElement.scrollWidth;
                const wide = [];
                for (const e of document.body.querySelectorAll('*')) {
                  const r = e.getBoundingClientRect();
                  if (r.right > limit + 0.5 && r.width > 0) {
                    // Only the outermost element that sticks out, not each of its children.
                    if (!wide.some(w => w.el.contains(e))) wide.push({el: e, right: r.right});
                  }
                }
                return {scrollWidth: sw, innerWidth: vw, wide: wide.slice(0, 5).map(w =>
                  `<${w.el.tagName.toLowerCase()}${w.el.id ? ' id=' + w.el.id : ''}` +
                  `${w.el.className && typeof w.el.className === 'string' ? ' class="' + w.el.className + '"' : ''}>` +
                  ` reaches ${Math.round(w.right)}px`)};
            """, width)
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        if got["scrollWidth"] <= min(got["innerWidth"], width):
            return None
        return (f"at {width}px wide the page scrolls sideways: document scrollWidth {got['scrollWidth']}px, "
                f"window.innerWidth {got['innerWidth']}px\n" + "\n".join(got["wide"]))

    def failure_screenshot(self, name: str):
        try:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
            self.driver.save_screenshot(str(self.s.shots_dir / f"FAILED-{slug}.png"))
        except Exception:  # noqa: BLE001
            pass


def _stale(element) -> bool:
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        return True


def format_axe(violations: list[dict], where: str) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} on {where}")
        lines.append(f"  {v.get('helpUrl', '')}")
        for node in v.get("nodes", [])[:8]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"  element: {target}")
            lines.append(f"    {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"    {summary[:300]}")
        if len(v.get("nodes", [])) > 8:
            lines.append(f"  ... and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Plain HTTP helpers (no browser)
# --------------------------------------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    m = CSRF_FIELD.search(html)
    expect(m, "no csrf_token field on the page")
    return m.group(1)


def http_session(s: Settings, email: str) -> requests.Session:
    """A requests session signed in as `email`, reused between checks while it still works."""
    session = HTTP_SESSIONS.get(email)
    if session is not None:
        r = session.get(s.url("/dashboard"), allow_redirects=False, timeout=30)
        if r.status_code == 200:
            return session
    HTTP_SESSIONS[email] = http_sign_in(s, email)
    return HTTP_SESSIONS[email]


def http_sign_in(s: Settings, email: str) -> requests.Session:
    """A new requests session signed in as `email` through the sign-in form."""
    session = requests.Session()
    page = session.get(s.url("/sign-in"), timeout=30)
    r = session.post(s.url("/sign-in"), data={"csrf_token": csrf_from(page.text), "email": email,
                                               "password": s.password, "next": "/dashboard"},
                     allow_redirects=False, timeout=30)
    expect(r.status_code in (302, 303) and r.headers.get("Location", "").endswith("/dashboard"),
           f"signing in as {email} over HTTP gave {r.status_code} {r.headers.get('Location')}")
    expect(session.cookies.get("cohesion_session"), f"no cohesion_session cookie after signing in as {email}")
    return session


def set_cookie_headers(response) -> list[str]:
    """Every Set-Cookie header of one response, unmerged."""
    raw = getattr(response.raw, "headers", None)
    if raw is not None and hasattr(raw, "getlist"):
        return raw.getlist("Set-Cookie")
    value = response.headers.get("Set-Cookie")
    return [value] if value else []
