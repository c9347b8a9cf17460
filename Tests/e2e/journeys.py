"""The journeys the browser takes through the demo, in order. Add new ones here.

A journey is a function taking the Browser (`b`) and a dict `state` shared by all journeys (for
example the API token that the tokens journey creates). Decorate it with `@journey("name")`.
Every page it shows must be recorded with `b.get(...)`, `b.submit(...)`, `b.click(...)` or
`b.page(...)`: that runs axe, saves the served HTML for the Nu checker and checks the security
headers. Fail with `expect(condition, message)`. `b.screenshot(name)` takes the desktop and mobile
pictures (and runs axe at 375px).

Simple pages that only need to be shown to one role go in PAGES below: one line each.
"""
from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import Browser, expect

# The real ONS files for the data journey: E2E_SHARED_DATA, else the copies in Tests/Fixtures.
REPO_ROOT = Path(__file__).resolve().parents[2]

PASSWORD = "e2e-demo-password"
COUNCIL = "Walsall"

# One account per role, as `cohesion demo` seeds them: (email, role label on the dashboard,
# dashboard cards this role must see, cards it must not see). Other cards may come and go as
# features are added.
ADMIN_ONLY = ["Users", "Audit log"]
OFFICER_ONLY = ["Data"]            # administrators and cohesion officers
ROLES = [
    ("admin@example.org", "Administrator",
     ["Areas", "Maps", "Organisations", "Data", "Users", "Audit log", "API tokens"], []),
    ("officer@example.org", "Cohesion officer", ["Areas", "Maps", "Organisations", "Data", "API tokens"], ADMIN_ONLY),
    ("lead.north@example.org", "Locality lead", ["Areas", "Maps", "Organisations", "API tokens"],
     ADMIN_ONLY + OFFICER_ONLY),
    ("partner@example.org", "Partner organisation", ["Areas", "Maps", "Organisations", "API tokens"],
     ADMIN_ONLY + OFFICER_ONLY),
    ("panel@example.org", "Grant panel member", ["Areas", "Maps", "Organisations", "API tokens"],
     ADMIN_ONLY + OFFICER_ONLY),
    ("safety@example.org", "Community safety partner", ["Areas", "Maps", "Organisations", "API tokens"],
     ADMIN_ONLY + OFFICER_ONLY),
    ("councillor@example.org", "Elected member or leader", ["Areas", "Maps", "API tokens"],
     ["Organisations"] + ADMIN_ONLY + OFFICER_ONLY),
]


@dataclass
class Page:
    """A page that is checked just by showing it: `who` is None (signed out) or an email."""
    path: str
    label: str
    h1: str | None = None          # text the <h1> must contain
    who: str | None = None
    status: int = 200
    screenshot: str | None = None  # name for the desktop/mobile pictures
    readme: str | None = None      # "desktop" or "mobile": also a small picture for docs/screenshots/
    # A path with an id in it: (page to read, regular expression). `{link}` in `path` becomes the
    # first match on that page as `who` sees it (its first group, when it has one), like a link
    # from a listing page.
    link: tuple[str, str] | None = None


# The `link` patterns of PAGES: the demo's open wave, as the public list and the team's list link
# to it (journeys add waves of their own to the team's list).
OPEN_WAVE = r'href="(/have-your-say/[0-9A-Fa-f-]{36})">Residents&#39; survey 2026 \(synthetic\)<'
SURVEY_WAVE = r'href="(/surveys/waves/[0-9A-Fa-f-]{36})">Residents&#39; survey 2026 \(synthetic\)<'

PAGES = [
    Page("/", "Home", h1=f"Community cohesion in {COUNCIL}", screenshot="home", readme="desktop"),
    Page("/areas", "Areas", h1="Areas", screenshot="areas", readme="mobile"),
    Page("/areas/E05001301", "Ward page", h1="Aldridge Central and South", screenshot="ward"),
    Page("/areas/north", "Locality page", h1="North"),
    Page("/areas/E08000030", "District page", h1=COUNCIL),
    Page("/areas/E05001314", "Ward profile (Pleck, census figures)", h1="Pleck", screenshot="ward-profile"),
    Page("/maps", "Maps", h1="Ethnic diversity index (TS021) by ward, Census 2021", screenshot="maps"),
    Page("/maps?level=ward&sort=value&order=desc", "Maps (sorted by value, highest first)", h1="by ward, Census 2021"),
    # TS030:6 is an option of /maps' measure select (Religion: Muslim, from the demo's TS030 seed);
    # the <h1> proves the app mapped it rather than falling back to the diversity index.
    Page("/maps?measure=TS030%3A6&level=ward", "Maps (religion: Muslim)", h1="Religion: Muslim by ward"),
    Page("/accessibility", "Accessibility statement", h1="Accessibility statement for Community cohesion"),
    Page("/privacy", "Privacy notice", h1="Privacy notice"),
    Page("/cookies", "Cookies", h1="Cookies"),
    Page("/contact", "Contact us", h1="Contact us"),
    Page("/source", "Source code", h1="Source code"),
    Page("/sign-in", "Sign in", h1="Sign in", screenshot="sign-in"),
    Page("/forgot-password", "Forgot password", h1="Reset your password"),
    Page("/set-password?token=not-a-real-token", "Set password (expired link)",
         h1="This link has expired or has been used", status=404),
    Page("/no-such-page", "Not found", status=404),
    Page("/areas/E05999999", "Unknown area", status=404),
    Page("/organisations", "Organisations", h1="Organisations", who="officer@example.org", screenshot="organisations"),
    Page("/organisations?q=ESOL&type=cic&locality=east&partnership_member=yes", "Organisations (filtered)",
         h1="Organisations", who="officer@example.org"),
    Page("/account/tokens", "API tokens", h1="API tokens", who="officer@example.org"),
    Page("/account", "Your account", h1="Your account", who="partner@example.org", screenshot="account"),
    Page("/admin/users", "Users", h1="Users", who="admin@example.org", screenshot="users"),
    Page("/admin/users/invite", "Invite a user", h1="Invite a user", who="admin@example.org"),
    Page("/admin/audit", "Audit log", h1="Audit log", who="admin@example.org", screenshot="audit"),
    Page("/admin/audit?action=sign_in", "Audit log (filtered)", h1="Audit log", who="admin@example.org"),
    Page("/admin/audit?per=2&page=2", "Audit log (page 2)", h1="Audit log", who="admin@example.org"),
    Page("/admin/audit?from=not-a-date", "Audit log (bad filter)", h1="Audit log", who="admin@example.org", status=400),
    Page("/organisations?per=3&page=2", "Organisations (page 2)", h1="Organisations", who="officer@example.org"),
    Page("/organisations/00000000-0000-0000-0000-000000000000", "Unknown organisation", who="officer@example.org",
         status=404),
    Page("/admin/localities", "Localities", h1="Localities", who="officer@example.org", screenshot="localities"),
    Page("/admin/localities/new", "Add a locality", h1="Add a locality", who="officer@example.org"),
    Page("/admin/localities/north", "Change a locality", who="officer@example.org"),
    Page("/admin/data", "Data", h1="Data", who="officer@example.org", screenshot="data"),
    Page("/admin/data", "Data (forbidden to a partner)", who="partner@example.org", status=403),
    Page("/admin/users", "Users (forbidden to a partner)", who="partner@example.org", status=403),
    Page("/admin/localities", "Localities (forbidden to a locality lead)", who="lead.north@example.org", status=403),
    Page("/organisations/new", "New organisation (forbidden to a viewer)", who="councillor@example.org", status=403),
    # Assets: the public directory, and the register for staff.
    Page("/directory?category=physical_spaces&access=step_free_access&space_for_all=yes",
         "Directory (spaces, step-free, Space for All)", h1="Find community groups and places"),
    Page("/directory?open_now=yes&language=Urdu&cost=free", "Directory (open now, Urdu, free)", h1="Find community groups and places"),
    Page("/directory?q=zzzzqqq", "Directory (nothing found)", h1="Find community groups and places"),
    Page("/grants/reports", "Grants reports", h1="Grants reports", who="councillor@example.org", screenshot="grant-reports"),
    Page("/grants/manage/funds/new", "New grant fund", h1="New grant fund", who="officer@example.org"),
    Page("/grants/manage/rounds/new", "New grant round", h1="New grant round", who="officer@example.org"),
    Page("/directory?postcode=WS9+9ZZ", "Directory (postcode not found)", h1="Find community groups and places", status=400),
    Page("/directory?page=3", "Directory (page 3)", h1="Find community groups and places"),
    Page("/directory/00000000-0000-0000-0000-000000000000", "Unknown directory entry", status=404),
    Page("/assets", "Asset register", h1="Asset register", who="officer@example.org", screenshot="assets"),
    Page("/assets?category=individuals", "Asset register (individuals)", h1="Asset register", who="officer@example.org"),
    Page("/assets?status=draft&locality=north", "Asset register (drafts in North)", h1="Asset register", who="lead.north@example.org"),
    Page("/assets/new", "Add an asset (locality lead)", h1="Add an asset", who="lead.north@example.org"),
    Page("/assets/reviews", "Assets due for review", h1="Assets due for review", who="officer@example.org"),
    Page("/assets/reviews", "Assets due for review (partner)", h1="Assets due for review", who="partner@example.org"),
    Page("/assets/taxonomy", "Types of asset", h1="Types of asset", who="officer@example.org"),
    Page("/assets/taxonomy/new", "Add a type of asset", h1="Add a type of asset", who="officer@example.org"),
    Page("/assets", "Asset register (forbidden to a panel member)", who="panel@example.org", status=403),
    Page("/assets/gaps", "Asset gaps (elected member)", h1="Gaps in what communities have", who="councillor@example.org",
         screenshot="asset-gaps", readme="desktop"),
    Page("/assets/gaps?locality=south&category=physical_spaces", "Asset gaps (South, spaces)", h1="Gaps in what communities have",
         who="officer@example.org"),
    Page("/assets/gaps?locality=atlantis", "Asset gaps (unknown locality)", h1="Gaps in what communities have",
         who="officer@example.org", status=400),
    Page("/assets/gaps", "Asset gaps (locality lead)", h1="Gaps in what communities have", who="lead.north@example.org"),
    Page("/assets/hosts", "Who could host this?", h1="Who could host this?", who="partner@example.org"),
    Page("/assets/import", "Import or export assets", h1=None, who="officer@example.org"),
    Page("/directory/suggest", "Suggest a group, place or service", h1="Suggest a group, place or service", screenshot="asset-suggest"),
    Page("/assets/suggestions", "Suggestions from residents (locality lead)", h1="Suggestions from residents", who="lead.north@example.org"),
    # Surveys: the public questionnaire, and the team's pages.
    Page("/have-your-say", "Have your say (open surveys)", h1="Have your say about your area"),
    Page("{link}", "Questionnaire (the open wave)", h1="Residents' survey 2026 (synthetic)", screenshot="survey-questionnaire",
         link=("/have-your-say", OPEN_WAVE)),
    Page("{link}/thank-you", "Questionnaire: thank you", h1="Thank you for your answers", link=("/have-your-say", OPEN_WAVE)),
    Page("/have-your-say/00000000-0000-0000-0000-000000000000", "Questionnaire (no such wave)",
         h1="This survey is not taking answers", status=404),
    Page("/surveys", "Surveys", h1="Cohesion survey", who="officer@example.org", screenshot="surveys"),
    Page("/surveys/questions", "Question bank", h1="Question bank", who="officer@example.org"),
    Page("/surveys/questions/new", "Add a question", h1="Add a question", who="officer@example.org"),
    Page("/surveys/waves/new", "New survey wave", h1="New survey wave", who="officer@example.org"),
    Page("{link}", "Survey wave", h1="Residents' survey 2026 (synthetic)", who="officer@example.org", screenshot="survey-wave",
         link=("/surveys", SURVEY_WAVE)),
    Page("{link}?areas=wards", "Survey wave (with wards)", h1="Residents' survey 2026 (synthetic)", who="officer@example.org",
         link=("/surveys", SURVEY_WAVE)),
    Page("{link}/edit", "Change a survey wave", h1="Change Residents' survey 2026 (synthetic)", who="officer@example.org",
         link=("/surveys", SURVEY_WAVE)),
    Page("{link}/import", "Import answers", h1="Import answers", who="officer@example.org", link=("/surveys", SURVEY_WAVE)),
    Page("/surveys", "Surveys (forbidden to a partner)", who="partner@example.org", status=403),
    Page("/surveys", "Surveys (forbidden to an elected member)", who="councillor@example.org", status=403),
    # Indicators: the public dashboard and an indicator's page, and their management.
    Page("/indicators", "Indicators", h1="Cohesion indicators", screenshot="indicators"),
    Page("/indicators/COH-02", "Indicator (COH-02)", h1="Feel they belong strongly to their neighbourhood", screenshot="indicator"),
    Page("/indicators/COH-02?area=E05001314", "Indicator (COH-02, Pleck)", h1="Feel they belong strongly to their neighbourhood"),
    Page("/indicators/COH-02?period={link}", "Indicator (COH-02, the earlier wave)", h1="Feel they belong strongly to their neighbourhood",
         link=("/indicators/COH-02", r'<option value="(wave-[0-9a-fA-F-]{36})"')),
    Page("/indicators/NOPE-99", "Unknown indicator", status=404),
    Page("/indicators/manage", "Manage indicators", h1="Manage indicators", who="officer@example.org"),
    Page("/indicators/manage/new", "Add a partner indicator", h1="Add a partner indicator", who="officer@example.org"),
    Page("/indicators/manage/COH-02", "Change an indicator (COH-02)", h1="Change COH-02", who="officer@example.org"),
    Page("/indicators/manage/PTN-01/values", "Enter values (PTN-01)", h1="Enter values", who="officer@example.org"),
    Page("/indicators/manage", "Enter indicator values (partner)", h1="Enter indicator values", who="partner@example.org"),
    Page("/indicators/manage/PTN-01/values", "Enter values (PTN-01, partner)", h1="Enter values", who="partner@example.org"),
    Page("/indicators/manage/COH-02", "Change an indicator (forbidden to a partner)", who="partner@example.org", status=403),
]

JOURNEYS: list[tuple[str, callable]] = []
_LAST: list[tuple[str, callable]] = []


def journey(name: str, last: bool = False):
    """Registers a journey. They run in the order they are defined, except that `last=True`
    ones (those that change the demo's data for everyone after them) always run after the rest."""
    def register(fn):
        entry = (name, fn)
        if last:
            JOURNEYS.append(entry)
            _LAST.append(entry)
        else:
            JOURNEYS.insert(len(JOURNEYS) - len(_LAST), entry)
        return fn
    return register


def h1(b: Browser) -> str:
    found = b.find_all("h1")
    expect(len(found) == 1, f"{b.path}: {len(found)} <h1> elements, expected exactly one")
    return found[0].text.strip()


def demo_log_mark(b: Browser) -> int:
    """Where the demo's output ends now: emails sent after this are read by `emailed_link`."""
    log = b.s.demo_log
    return len(log.read_bytes()) if log and log.exists() else 0


def emailed_link(b: Browser, mark: int, path: str = "/set-password") -> str | None:
    """The path of the newest `path?token=…` link the demo printed (emails go to its stdout)
    since `mark`, or None when the demo's output isn't available."""
    log = b.s.demo_log
    if not log:
        return None
    pattern = re.escape(path).encode() + rb"\?token=[A-Za-z0-9_\-]+"
    for _ in range(50):
        found = re.findall(pattern, log.read_bytes()[mark:])
        if found:
            return found[-1].decode()
        time.sleep(0.1)
    raise AssertionError(f"no {path} link appeared in the demo's output (where it prints emails)")


# --------------------------------------------------------------------------------------------

@journey("Pages in the PAGES list, each as its role")
def listed_pages(b: Browser, state: dict):
    current = "nobody"
    for page in sorted(PAGES, key=lambda p: p.who or ""):
        if page.who != current:
            b.as_user(page.who) if page.who else b.fresh()
            current = page.who
        b.get(page_path(b, page), page.label, expect_status=page.status)
        if page.h1:
            expect(page.h1 in h1(b), f"{page.label}: <h1> is {h1(b)!r}, expected it to contain {page.h1!r}")
        if page.screenshot:
            b.screenshot(page.screenshot, readme=page.readme)


def page_path(b: Browser, page: Page) -> str:
    """`page.path`, with `{link}` filled in from the page `page.link` names, read over plain HTTP
    with the browser's cookies (so as the same person, and not counted as a page shown)."""
    if not page.link:
        return page.path
    source, pattern = page.link
    r = requests.get(b.s.url(source), headers={"Cookie": b.cookies_header()}, allow_redirects=False, timeout=30)
    found = re.search(pattern, r.text)
    expect(found, f"{page.label}: nothing on {source} (status {r.status_code}) matches {pattern!r}")
    return page.path.replace("{link}", found.group(1) if found.groups() else found.group(0))


@journey("Public pages by following links: home, areas, a ward, its locality")
def public_by_links(b: Browser, state: dict):
    b.fresh()
    b.get("/", "Home")
    b.click("main a[href='/areas']", "Areas (from home)")
    expect(h1(b) == "Areas", f"expected the Areas page, got {h1(b)!r}")
    wards = b.find_all("main table a[href^='/areas/E05']")
    expect(len(wards) == 20, f"expected 20 ward links on /areas, found {len(wards)}")
    localities = b.find_all("main caption a")
    expect(len(localities) == 4, f"expected 4 localities on /areas, found {len(localities)}")
    b.click("main table a[href='/areas/E05001301']", "Ward (from areas)")
    expect(b.path == "/areas/E05001301", f"at {b.path}")
    locality_links = [a for a in b.find_all("main dl a") if "/areas/" in a.get_attribute("href")
                      and not a.get_attribute("href").endswith("/areas/E08000030")]
    expect(locality_links, "the ward page does not link to its locality")
    href = locality_links[0].get_attribute("href").split("127.0.0.1", 1)[-1].split(":", 1)[-1]
    href = "/" + href.split("/", 1)[1]
    b.click(f"main dl a[href='{href}']", "Locality (from ward)")
    expect(b.find_all("main a[href='/areas/E05001301']"), "the locality page does not list the ward we came from")
    b.click("nav.govuk-service-navigation a[href='/sign-in']", "Sign in (from menu)")
    expect(h1(b) == "Sign in", f"expected the sign-in page, got {h1(b)!r}")


def _role_journey(email: str, role_label: str, cards: list[str], hidden: list[str]):
    def run(b: Browser, state: dict):
        b.fresh()
        b.sign_in(email)
        caption = b.text(".govuk-caption-l")
        expect(role_label.lower() in caption.lower(), f"dashboard caption is {caption!r}, expected the role {role_label!r}")
        expect(h1(b).startswith("Welcome"), f"dashboard <h1> is {h1(b)!r}")
        shown = [a.text.strip() for a in b.find_all(".app-card__title a")]
        missing = [c for c in cards if c not in shown]
        extra = [c for c in hidden if c in shown]
        expect(not missing and not extra, f"{email}: dashboard has cards {shown}; missing {missing}, "
                                          f"should not have {extra}")
        if email == "officer@example.org":
            b.screenshot("dashboard", readme="desktop")
        b.sign_out()
        expect(b.path == "/", f"after signing out: at {b.path}, expected /")
        banner = b.find_all(".govuk-notification-banner")
        expect(banner and "signed out" in banner[0].text, "no 'You have signed out' message after signing out")
        b.get("/dashboard", "Sign in (dashboard after signing out)")
        expect(b.path.startswith("/sign-in"), f"/dashboard after signing out went to {b.path}, expected /sign-in")
    return run


for _email, _label, _cards, _hidden in ROLES:
    journey(f"Sign in as {_label} ({_email}), see the dashboard, sign out")(_role_journey(_email, _label, _cards, _hidden))


@journey("Sign in with a mistake first: error summary gets focus, email is kept")
def sign_in_mistake(b: Browser, state: dict):
    b.fresh()
    b.get("/organisations", "Sign in (sent from /organisations)")
    expect(b.path.startswith("/sign-in"), f"/organisations when signed out went to {b.path}")
    b.submit("Sign in (nothing entered)", expect_status=422)
    b.expect_error_summary("Enter your email address", "Enter your password")
    b.fill("email", "officer@example.org")
    b.fill("password", "not-the-password")
    b.submit("Sign in (wrong password)", expect_status=422)
    b.expect_error_summary("The email address or password is not right")
    expect(b.value("email") == "officer@example.org", f"email not kept: {b.value('email')!r}")
    expect(b.value("password") == "", "the password was sent back into the page")
    b.screenshot("sign-in-error")
    b.fill("password", PASSWORD)
    b.submit("Organisations (after signing in)")
    expect(b.path == "/organisations", f"after signing in: at {b.path}, expected to go back to /organisations")


@journey("Create and edit an organisation, with a mistake first each time")
def organisation_create_edit(b: Browser, state: dict):
    b.as_user("officer@example.org")
    b.get("/organisations", "Organisations")
    b.click("main a[href='/organisations/new']", "New organisation")
    expect(h1(b) == "Add an organisation" or "organisation" in h1(b).lower(), f"<h1> is {h1(b)!r}")
    name = f"Caldmore Friendship Café {int(time.time())}"
    b.fill("name", name)
    b.select("type", "charity")                       # a charity needs a charity number...
    b.fill("contact_email", "not-an-email")          # ...and this is not an email address
    b.fill("postcode", "WS1 1TP")
    b.select("locality", "south")
    b.find("#partnership_member").click()
    b.fill("notes", "Weekly drop-in; English conversation.")
    b.submit("New organisation (with mistakes)", expect_status=422)
    b.expect_error_summary("Enter the charity number of a registered charity",
                           "Enter an email address in the correct format")
    expect(b.value("name") == name, f"name not kept: {b.value('name')!r}")
    expect(b.value("contact_email") == "not-an-email", "typed email not kept")
    expect(b.value("postcode") == "WS1 1TP", "postcode not kept")
    expect(b.value("type") == "charity", "type not kept")
    expect(b.value("locality") == "south", "locality not kept")
    expect(b.find("#partnership_member").is_selected(), "partnership checkbox not kept")
    expect("English conversation" in b.value("notes"), "notes not kept")
    expect(b.find("#charity_number").get_attribute("aria-describedby") == "charity_number-hint charity_number-error",
           f"charity_number aria-describedby is {b.find('#charity_number').get_attribute('aria-describedby')!r}")
    b.screenshot("organisation-form-errors", readme="desktop")
    # Follow the summary link to the field, as a user would.
    b.find(".govuk-error-summary a[href='#charity_number']").click()
    expect(b.driver.switch_to.active_element.get_attribute("id") == "charity_number",
           "the error summary link did not move focus to the charity number field")
    b.fill("charity_number", "1012345")
    b.fill("contact_email", "hello@example.org")
    b.submit("Organisation (created)")
    expect(re.fullmatch(r"/organisations/[0-9A-Fa-f-]{36}", b.path), f"after creating: at {b.path}")
    state["organisation_path"] = b.path
    expect(h1(b) == name, f"<h1> is {h1(b)!r}, expected {name!r}")
    banner = b.find_all(".govuk-notification-banner")
    expect(banner, "no success banner after creating the organisation")
    details = b.text("dl.govuk-summary-list")
    for bit in ("1012345", "hello@example.org", "WS1 1TP"):
        expect(bit in details, f"organisation page does not show {bit!r}:\n{details}")
    b.screenshot("organisation")

    b.click("main a[href$='/edit']", "Edit organisation")
    expect(b.value("name") == name, "edit form is not filled in with the organisation")
    b.fill("name", "")
    b.fill("website", "example.org")                  # needs https://
    b.submit("Edit organisation (with mistakes)", expect_status=422)
    b.expect_error_summary("Enter the organisation's name", "Enter a web address starting with https://")
    expect(b.value("website") == "example.org", "typed website not kept")
    b.fill("name", name + " (renamed)")
    b.fill("website", "https://example.org/cafe")
    b.submit("Organisation (edited)")
    expect(b.path == state["organisation_path"], f"after saving: at {b.path}")
    expect(h1(b) == name + " (renamed)", f"<h1> is {h1(b)!r} after renaming")

    b.get("/organisations?q=" + "Friendship", "Organisations (search)")
    names = [a.text for a in b.find_all("main table a")]
    expect(any("Friendship" in n for n in names), f"search for 'Friendship' found {names}")


@journey("Keyboard only: sign in, then add an organisation (Tab, Enter, Space)")
def keyboard_only(b: Browser, state: dict):
    b.fresh()
    b.get("/sign-in", "Sign in (keyboard)")
    keys = ActionChains(b.driver)

    def active():
        return b.driver.switch_to.active_element

    def tab_to(what: str, matches, limit: int = 80):
        for _ in range(limit):
            ActionChains(b.driver).send_keys(Keys.TAB).perform()
            if matches(active()):
                expect_visible_focus(b, active(), what)
                return active()
        raise AssertionError(f"pressed Tab {limit} times without reaching {what}")

    def type_text(text: str):
        ActionChains(b.driver).send_keys(text).perform()

    def press_and_wait(key, label, expect_status=None):
        old = b.find("html")
        ActionChains(b.driver).send_keys(key).perform()
        return b.wait_for_new_page(old, label, expect_status=expect_status)

    # The skip link is the first thing Tab reaches.
    first = tab_to("the skip link", lambda e: True, limit=1)
    expect("govuk-skip-link" in (first.get_attribute("class") or ""),
           f"first Tab stop is {first.tag_name} {first.text!r}, not the skip link")
    tab_to("the email field", lambda e: e.get_attribute("id") == "email")
    type_text("officer@example.org")
    tab_to("the password field", lambda e: e.get_attribute("id") == "password", limit=1)
    type_text(PASSWORD)
    tab_to("the Sign in button", lambda e: e.tag_name == "button" and e.text == "Sign in", limit=1)
    press_and_wait(Keys.ENTER, "Dashboard (keyboard)")
    expect(b.path == "/dashboard", f"after signing in by keyboard: at {b.path}")

    tab_to("the Organisations card", lambda e: e.tag_name == "a" and e.text.strip() == "Organisations"
           and "app-card" in (e.find_element(By.XPATH, "..").get_attribute("class") or ""))
    press_and_wait(Keys.ENTER, "Organisations (keyboard)")
    tab_to("Add an organisation", lambda e: e.text.strip() == "Add an organisation")
    press_and_wait(Keys.ENTER, "New organisation (keyboard)")
    name = f"Keyboard Kitchen {int(time.time())}"
    tab_to("the name field", lambda e: e.get_attribute("id") == "name")
    type_text(name)
    tab_to("the type select", lambda e: e.get_attribute("id") == "type", limit=1)
    # Typing on a focused <select> picks the matching option, as it does for a real user.
    type_text("Faith")
    expect(b.value("type") == "faith_group", f"typing on the type select chose {b.value('type')!r}")
    tab_to("the checkbox", lambda e: e.get_attribute("id") == "partnership_member")
    expect(not active().is_selected(), "checkbox was already ticked")
    ActionChains(b.driver).send_keys(Keys.SPACE).perform()
    expect(active().is_selected(), "Space did not tick the partnership checkbox")
    tab_to("the notes", lambda e: e.get_attribute("id") == "notes", limit=1)
    type_text("Added without a mouse.")
    tab_to("the submit button", lambda e: e.tag_name == "button" and e.get_attribute("type") == "submit", limit=3)
    press_and_wait(Keys.ENTER, "Organisation (created by keyboard)")
    expect(h1(b) == name, f"after submitting by keyboard: <h1> is {h1(b)!r}")
    details = b.text("dl.govuk-summary-list")
    expect("Faith" in details, f"the type was not saved:\n{details}")
    expect(re.search(r"Partnership member\s*Yes", details), f"partnership not saved:\n{details}")
    del keys


def expect_visible_focus(b: Browser, element, what: str):
    """WCAG 2.4.7: the focused control shows a focus indicator (outline, box-shadow or a
    highlighted background), checked on the computed style."""
    style = b.driver.execute_script("""
        const e = arguments[0], s = getComputedStyle(e), label = e.labels && e.labels[0];
        const before = label ? getComputedStyle(label, '::before') : null;
        return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                shadow: s.boxShadow !== 'none',
                background: s.backgroundColor,
                labelShadow: before ? before.boxShadow !== 'none' || (before.outlineStyle !== 'none' && parseFloat(before.outlineWidth) >= 2) : false};
    """, element)
    expect(style["outline"] or style["shadow"] or style["labelShadow"],
           f"{what} has no visible focus indicator when focused (computed style {style})")


@journey("API tokens: a mistake first, then create one and use it")
def api_tokens(b: Browser, state: dict):
    import requests
    b.as_user("admin@example.org")
    b.get("/account/tokens", "API tokens")
    b.submit("API tokens (no name)", expect_status=422)
    b.expect_error_summary("Enter a name for the token")
    b.fill("label", "e2e schemathesis")
    b.submit("API tokens (created)")
    token = b.text("#new-token")
    expect(len(token) >= 20, f"#new-token holds {token!r}")
    state["api_token"] = token
    b.screenshot("tokens")
    r = requests.get(b.s.url("/api/v1/organisations"), headers={"Authorization": f"Bearer {token}"}, timeout=30)
    expect(r.status_code == 200 and r.json()["total"] >= 7, f"the new token got {r.status_code} from /api/v1/organisations")
    # A second token, revoked at once: it must stop working.
    b.fill("label", "e2e revoked")
    b.submit("API tokens (second created)")
    second = b.text("#new-token")
    row = [tr for tr in b.find_all("main table tbody tr") if "e2e revoked" in tr.text]
    expect(row, "the new token is not listed")
    old = b.find("html")
    row[0].find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    b.wait_for_new_page(old, "API tokens (revoked)")
    r = requests.get(b.s.url("/api/v1/organisations"), headers={"Authorization": f"Bearer {second}"}, timeout=30)
    expect(r.status_code == 401, f"a revoked token got {r.status_code}, expected 401")


@journey("Your account: change the password with a mistake first, see sessions, change it back")
def your_account(b: Browser, state: dict):
    email, new_password = "councillor@example.org", "e2e-account-password-3"
    b.as_user(email)
    b.click("nav.govuk-service-navigation a[href='/account']", "Your account (from the menu)")
    expect(h1(b) == "Your account", f"<h1> is {h1(b)!r}")
    expect("This browser" in b.text("main table"), "the sessions table does not mark this browser")
    b.fill("current_password", "not the password")
    b.fill("password", new_password)
    b.fill("confirm", new_password)
    b.submit("Your account (wrong current password)", expect_status=422, form_css="main form[action='/account/password']")
    b.expect_error_summary("Your current password is not right")
    b.fill("current_password", PASSWORD)
    b.fill("password", new_password)
    b.fill("confirm", new_password)
    b.submit("Your account (password changed)", form_css="main form[action='/account/password']")
    banners = b.find_all(".govuk-notification-banner--success")
    expect(banners and "Your password has been changed" in banners[0].text, "no success banner after changing the password")
    # Back to the demo password, so the journeys after this one can sign in.
    b.fill("current_password", new_password)
    b.fill("password", PASSWORD)
    b.fill("confirm", PASSWORD)
    b.submit("Your account (password changed back)", form_css="main form[action='/account/password']")
    b.fresh()
    b.sign_in(email, label="Dashboard (demo password again)")


@journey("Admin: users, a user's page, invite with a mistake first, audit log")
def admin_pages(b: Browser, state: dict):
    b.as_user("admin@example.org")
    b.get("/admin/users", "Users")
    rows = b.find_all("main table tbody tr")
    expect(len(rows) >= 7, f"expected at least 7 users, found {len(rows)}")
    b.click("main table a[href^='/admin/users/']", "User")
    expect("account" in h1(b).lower(), f"user page <h1> is {h1(b)!r}")
    b.get("/admin/users/invite", "Invite a user")
    b.fill("name", "Priya Example")
    b.find("#role").click()                               # the first role, then no email
    b.submit("Invite a user (with mistakes)", expect_status=422)
    b.expect_error_summary("Enter the person's email address")
    expect(b.value("name") == "Priya Example", "typed name not kept")
    b.fill("email", "priya@example.org")
    mark = demo_log_mark(b)
    b.submit("Users (after inviting)")
    expect("priya@example.org" in b.text("main"), "the invited person is not listed")
    link = emailed_link(b, mark)
    if link:
        b.get(link, "Set up your account (invitation link)")
        expect(h1(b) == "Set up your account", f"the invitation link shows {h1(b)!r}")
        b.get("/admin/users", "Users")
    b.get("/admin/audit", "Audit log")
    expect("invited" in b.text("main table"), "the audit log does not show the invitation")


@journey("Forgotten password: a mistake first, the email link, a new password")
def forgot_password(b: Browser, state: dict):
    email, new_password = "safety@example.org", "e2e-new-password-2"
    b.fresh()
    b.get("/sign-in", "Sign in")
    b.click("main a[href='/forgot-password']", "Forgot password")
    b.submit("Forgot password (nothing entered)", expect_status=422)
    b.expect_error_summary("Enter your email address")
    b.fill("email", email)
    mark = demo_log_mark(b)
    b.submit("Forgot password (sent)")
    expect(h1(b) == "Check your email", f"<h1> is {h1(b)!r}")
    link = emailed_link(b, mark)
    if not link:
        return                                   # testing a server whose output we can't read
    b.get(link, "Choose a new password")
    b.fill("password", new_password)
    b.fill("confirm", new_password + "x")
    b.submit("Choose a new password (mismatch)", expect_status=422)
    b.expect_error_summary("The passwords do not match")
    b.fill("password", new_password)
    b.fill("confirm", new_password)
    b.submit("After choosing a new password", expect_status=None)
    b.fresh()
    b.sign_in(email, password=new_password, label="Dashboard (new password)")


@journey("Localities: add one with a mistake first, then remove it")
def localities(b: Browser, state: dict):
    b.as_user("officer@example.org")
    b.get("/admin/localities", "Localities")
    b.click("main a[href='/admin/localities/new']", "Add a locality")
    b.fill("code", "Not A Code!")
    wards = b.find_all("input[name='wards']")
    expect(len(wards) >= 20, f"expected a checkbox per ward, found {len(wards)}")
    b.find("input[name='wards'][value='E05001301']").click()
    b.submit("Add a locality (with mistakes)", expect_status=422)
    b.expect_error_summary("Enter the locality's name", "Short code must be")
    expect(b.value("code") == "Not A Code!", "typed code not kept")
    expect(b.find("input[name='wards'][value='E05001301']").is_selected(), "ticked ward not kept")
    b.fill("name", "Town Centre (e2e)")
    b.fill("code", "town-centre-e2e")
    b.submit("Localities (after adding)")
    expect(b.path == "/admin/localities", f"after adding: at {b.path}")
    expect("Town Centre (e2e)" in b.text("main"), "the new locality is not listed")
    b.get("/areas/town-centre-e2e", "Locality page (new)", expect_status=200)
    expect(b.find_all("main a[href='/areas/E05001301']"), "the new locality does not list its ward")
    b.get("/admin/localities/town-centre-e2e", "Change a locality (new)")
    links = b.find_all("main a[href$='/delete']")
    expect(links, "no link to remove the locality")
    old = b.find("html")
    links[0].click()
    b.wait_for_new_page(old, "Remove a locality (are you sure?)")
    expect("Are you sure" in b.text("h1"), "no confirmation before removing")
    b.submit("Localities (after removing)")
    expect("Town Centre (e2e)" not in b.text("main table") if b.find_all("main table") else True,
           "the removed locality is still listed")
    # Put the ward back in its locality, so later checks see the demo as seeded.
    b.get("/admin/localities/east", "Change a locality (east)")
    ward = b.find("input[name='wards'][value='E05001301']")
    expect(not ward.is_selected(), "the ward is still in east after moving it away")
    ward.click()
    b.submit("Localities (after changing east)")
    b.get("/areas/E05001301", "Ward page (back in east)")
    expect(b.find_all("main dl a[href='/areas/east']"), "the ward is not back in the east locality")


# --------------------------------------------------------------------------------------------
# Census profiles, maps and the data page
# --------------------------------------------------------------------------------------------

def census_section(b: Browser, topic: str) -> dict | None:
    """What follows the <h3> `topic` on an area page, up to the next heading: how many charts
    (<svg role=img> with an accessible name), the table's column headers and its row count."""
    return b.driver.execute_script("""
        const h = [...document.querySelectorAll('main h3')].find(e => e.textContent.trim() === arguments[0]);
        if (!h) return null;
        const out = {charts: 0, headers: [], rows: 0, caption: ''};
        for (let n = h.nextElementSibling; n && !/^H[1-3]$/.test(n.tagName); n = n.nextElementSibling) {
          for (const svg of n.querySelectorAll('svg[role=img]'))
            if ((svg.getAttribute('aria-label') || '').trim()) out.charts += 1;
          n.querySelectorAll('table thead th').forEach(th => out.headers.push(th.textContent.trim()));
          out.rows += n.querySelectorAll('table tbody tr').length;
          const c = n.querySelector('table caption');
          if (c && !out.caption) out.caption = c.textContent.trim();
        }
        return out;
    """, topic)


def sort_header(b: Browser, label: str):
    """The map table's column header (<th>) whose sort link says `label`."""
    for th in b.find_all("main table thead th"):
        if (th.get_attribute("textContent") or "").strip().startswith(label):
            return th
    raise AssertionError(f"no column header {label!r} in the table on {b.path}")


def map_table_values(b: Browser) -> list[float]:
    """The figures in the map table's value column (the second), as numbers."""
    values = []
    for td in b.find_all("main table tbody tr td:first-of-type"):
        text = (td.get_attribute("textContent") or "").strip().replace(",", "").rstrip("%")
        expect(re.fullmatch(r"-?[0-9.]+", text), f"map table value {text!r} is not a number")
        values.append(float(text))
    return values


def expect_visible_stroke_focus(b: Browser, element, what: str):
    """WCAG 2.4.7 for an SVG shape: it shows focus by a thicker stroke, not an outline (which
    `expect_visible_focus` looks for), so compare its computed stroke focused and not."""
    style = "const s = getComputedStyle(arguments[0]); return {width: parseFloat(s.strokeWidth) || 0, stroke: s.stroke};"
    focused = b.driver.execute_script(style, element)
    b.driver.execute_script("arguments[0].blur()", element)
    unfocused = b.driver.execute_script(style, element)
    b.driver.execute_script("arguments[0].focus()", element)
    expect(focused["stroke"] not in ("none", "") and focused["width"] > unfocused["width"],
           f"{what} shows no focus: stroke {focused} when focused, {unfocused} when not")


@journey("Profiles and maps: a ward's census figures, a map by another measure, sorted, by keyboard, on a phone")
def profiles_and_maps(b: Browser, state: dict):
    b.fresh()
    b.get("/areas", "Areas")
    b.click("main table a[href='/areas/E05001314']", "Ward profile (from areas)")
    expect(h1(b) == "Pleck", f"expected the Pleck ward page, got {h1(b)!r}")
    h2s = [e.text.strip() for e in b.find_all("main h2")]
    expect("Census 2021" in h2s, f"the ward page has no 'Census 2021' section; its <h2>s are {h2s}")
    for topic in ("Ethnic group", "Religion"):
        found = census_section(b, topic)
        expect(found, f"the ward page has no <h3> {topic!r}")
        expect(found["charts"] >= 1, f"{topic}: no chart (<svg role=img> with an aria-label) under the heading")
        expect(found["rows"] >= 5 and found["caption"], f"{topic}: table has {found['rows']} rows, "
                                                        f"caption {found['caption']!r}")
        for header in ("Share in South Walsall", "Share in Walsall Council"):
            expect(header in found["headers"], f"{topic}: no {header!r} column to compare with; "
                                               f"headers are {found['headers']}")
    insets = [e.text for e in b.find_all("main .govuk-inset-text") if "Ethnic diversity index" in e.text]
    expect(insets and "Pleck is the most diverse of 20 wards" in insets[0],
           f"no diversity index inset ranking Pleck among the 20 wards: {insets}")
    overflow = b.horizontal_overflow()
    expect(not overflow, f"ward profile: {overflow}")

    b.click("nav.govuk-service-navigation a[href='/maps']", "Maps (from menu)")
    expect(b.path == "/maps", f"the Maps menu link went to {b.path}")
    first_h1 = h1(b)
    expect(first_h1 == "Ethnic diversity index (TS021) by ward, Census 2021", f"/maps <h1> is {first_h1!r}")
    # The demo loads the wards' real 2022 boundaries, so the map is a choropleth, not hexagons.
    expect(not any("have not been imported" in e.text for e in b.find_all("main .govuk-inset-text")),
           "the demo's map says its ward boundaries have not been imported (it should load them)")
    areas = b.find_all("main svg path.cohesion-map-area")
    expect(len(areas) == 20, f"expected 20 map areas, found {len(areas)}")
    titles = [a.find_element(By.TAG_NAME, "title").get_attribute("textContent") for a in areas]
    expect(all(re.fullmatch(r".+: [0-9.,]+%?", t) for t in titles), f"map area titles are not 'Name: value': {titles[:3]}")
    expect(all(a.get_attribute("tabindex") == "0" for a in areas), "not every map area can take keyboard focus")
    expect(len(b.find_all("main ul.app-map-legend li")) >= 2, "no HTML key (ul.app-map-legend) under the map")
    expect(b.text("main table caption") == first_h1, f"map table caption is {b.text('main table caption')!r}")

    # Another measure: the first one in the Religion group of the select, as read from the page.
    options = b.find_all("#measure optgroup[label='Religion'] option")
    expect(options, "the measure select has no Religion group")
    choice = next((o for o in options if "Muslim" in o.text), options[0])
    value, wanted = choice.get_attribute("value"), choice.text.strip().lstrip("% ")
    b.select("measure", value)
    expect(b.text("main form button[type=submit]") == "Show map", "the map form's button does not say 'Show map'")
    b.click("main form button[type=submit]", f"Maps ({wanted})")
    expect(f"measure={value}".replace(":", "%3A") in b.path or f"measure={value}" in b.path,
           f"after Show map: at {b.path}")
    expect(h1(b) != first_h1 and wanted in h1(b), f"after choosing {wanted!r} the <h1> is {h1(b)!r}")
    expect(b.value("measure") == value, f"the select does not keep the chosen measure: {b.value('measure')!r}")
    rows = b.find_all("main table tbody tr")
    expect(len(rows) == 20, f"expected a table row per ward (20), found {len(rows)}")
    expect(b.text("main table caption") == h1(b), "the table caption does not follow the chosen measure")

    # Sort by the figures, then the other way.
    seen = []
    for turn in (1, 2):
        header = sort_header(b, "Share of residents")
        b.click(f"main table thead th:nth-of-type({b.find_all('main table thead th').index(header) + 1}) a",
                f"Maps ({wanted}, sorted {turn})")
        order = sort_header(b, "Share of residents").get_attribute("aria-sort")
        expect(order in ("ascending", "descending"), f"after sorting, aria-sort is {order!r}")
        expect(sort_header(b, "Area").get_attribute("aria-sort") == "none",
               "the Area column still claims to be sorted")
        values = map_table_values(b)
        expect(values == sorted(values, reverse=order == "descending"),
               f"aria-sort says {order} but the figures are {values}")
        seen.append(order)
    expect(seen[0] != seen[1], f"following the sort link twice gave aria-sort {seen}")

    # Keyboard: Tab from the top of the (just loaded) page to the first map area; its focus must show.
    focused = None
    for _ in range(80):
        ActionChains(b.driver).send_keys(Keys.TAB).perform()
        active = b.driver.switch_to.active_element
        if "cohesion-map-area" in (active.get_attribute("class") or ""):
            focused = active
            break
    expect(focused is not None, "pressed Tab 80 times without reaching a map area")
    expect_visible_stroke_focus(b, focused, "the focused map area")
    b.screenshot("maps-religion")
    overflow = b.horizontal_overflow()
    expect(not overflow, f"map page: {overflow}")


def shared_data_dir() -> Path:
    return Path(os.environ.get("E2E_SHARED_DATA") or REPO_ROOT / "Tests" / "Fixtures")


def upload(b: Browser, kind: str, path: Path, label: str, expect_status: int = 200):
    """Chooses the kind of file and the file on /admin/data and presses Import file."""
    b.find(f"input[name='kind'][value='{kind}']").click()
    b.find("#file").send_keys(str(path.resolve()))
    expect(b.text("main form button[type=submit]") == "Import file", "the data form's button does not say 'Import file'")
    return b.submit(label, expect_status=expect_status)


def expect_success_banner(b: Browser, *bits: str):
    banners = b.find_all(".govuk-notification-banner--success")
    expect(b.path == "/admin/data", f"after importing: at {b.path}, expected /admin/data")
    expect(banners, "no success banner after importing")
    for bit in bits:
        expect(bit in banners[0].text, f"the success banner does not say {bit!r}; it says {banners[0].text!r}")


@journey("Data: load files with a mistake first (runs last: it changes the demo's data)", last=True)
def data_files(b: Browser, state: dict):
    b.as_user("officer@example.org")
    b.click(".app-card__title a[href='/admin/data']", "Data (from the dashboard)")
    expect(h1(b) == "Data", f"the Data card went to a page with <h1> {h1(b)!r}")
    form = b.find("main form[action='/admin/data']")
    expect(form.get_attribute("enctype") == "multipart/form-data", "the data form is not multipart/form-data")
    kinds = [r.get_attribute("value") for r in b.find_all("input[type=radio][name='kind']")]
    for kind in ("lookup", "census", "boundaries-ward", "boundaries-lsoa", "boundaries-district", "postcodes"):
        expect(kind in kinds, f"no {kind!r} choice among the kinds of file: {kinds}")
    loaded_before = b.text("main ul.govuk-list")

    b.submit("Data (nothing chosen)", expect_status=422)
    b.expect_error_summary("Select the kind of file", "Choose a file to import")

    with tempfile.TemporaryDirectory(prefix="e2e-data-") as tmp:
        broken = Path(tmp) / "broken-census.csv"
        broken.write_text("date,geography,geography code,Religion: Total: All usual residents,Religion: Christian\n"
                          "2021,Pleck,E05001314,lots,5\n", encoding="utf-8")
        upload(b, "census", broken, "Data (a census file with a mistake)", expect_status=422)
    b.expect_error_summary(broken.name)
    message = b.find("#file-error").get_attribute("textContent").strip()
    message = re.sub(r"^Error:\s*", "", message)
    expect(message.startswith(broken.name) and "Line 2" in message,
           f"the inline message should name the file and the line (Line 2); it is {message!r}")
    expect(b.find("input[name='kind'][value='census']").is_selected(), "the chosen kind (census) was not kept")
    b.get("/admin/data", "Data (after the refused file)")
    expect(b.text("main ul.govuk-list") == loaded_before, "a refused file changed what is loaded")
    expect("census2021-ts030-ward-walsall.csv" in b.text("main table"),
           "the refused religion file replaced the loaded TS030 table")

    data = shared_data_dir()
    files = {"lookup": data / "census2021-walsall" / "walsall_lsoa21_to_ward24_lookup.csv",
             "boundaries-ward": data / "boundaries" / "walsall_wards_2022_geographr.geojson",
             "boundaries-lsoa": data / "boundaries" / "walsall_lsoa2021_geographr.geojson",
             "census": data / "census2021-walsall" / "census2021-ts021-lsoa-walsall-broad.csv"}
    missing = [str(p) for p in files.values() if not p.is_file()]
    expect(not missing, f"the real ONS files are missing: {', '.join(missing)} "
                        f"(E2E_SHARED_DATA, if set, must hold census2021-walsall/ and boundaries/)")

    upload(b, "lookup", files["lookup"], "Data (lookup imported)")
    expect_success_banner(b, "20 wards", "169 LSOAs", files["lookup"].name)
    upload(b, "boundaries-ward", files["boundaries-ward"], "Data (ward boundaries imported)")
    expect_success_banner(b, "Imported 20 ward boundaries from", files["boundaries-ward"].name)
    upload(b, "boundaries-lsoa", files["boundaries-lsoa"], "Data (LSOA boundaries imported)")
    expect_success_banner(b, "169 LSOA boundaries", files["boundaries-lsoa"].name)
    loaded = b.text("main ul.govuk-list")
    for bit in ("20 wards (20 with boundaries)", "169 LSOAs (169 with boundaries)"):
        expect(bit in loaded, f"'What is loaded' does not say {bit!r}:\n{loaded}")

    b.click("nav.govuk-service-navigation a[href='/maps']", "Maps (ward boundaries)")
    expect(not any("have not been imported" in e.text for e in b.find_all("main .govuk-inset-text")),
           "the map says the ward boundaries have not been imported")
    expect(len(b.find_all("main svg path.cohesion-map-area")) == 20,
           f"expected 20 ward shapes, found {len(b.find_all('main svg path.cohesion-map-area'))}")
    levels = [o.get_attribute("value") for o in b.find_all("#level option")]
    expect(levels == ["ward", "lsoa"], f"with LSOAs loaded the level choices are {levels}, expected ward and lsoa")

    # An LSOA map needs an LSOA-level table.
    b.get("/admin/data", "Data")
    upload(b, "census", files["census"], "Data (LSOA census table imported)")
    expect_success_banner(b, "TS021", "169 LSOAs", files["census"].name)
    b.get("/maps", "Maps")
    b.select("level", "lsoa")
    b.click("main form button[type=submit]", "Maps (by LSOA)")
    expect("by LSOA" in h1(b), f"the LSOA map's <h1> is {h1(b)!r}")
    shapes = b.find_all("main svg path.cohesion-map-area")
    expect(len(shapes) == 169, f"expected 169 LSOA shapes, found {len(shapes)}")
    expect(len(b.find_all("main table tbody tr")) == 169, "the LSOA map's table does not have a row per LSOA")
    b.screenshot("map-boundaries")
    overflow = b.horizontal_overflow()
    expect(not overflow, f"LSOA map: {overflow}")
    # Ward figures now come from the LSOA table; the profile must still rank Pleck.
    b.get("/areas/E05001314", "Ward profile (after loading LSOA figures)")
    expect(any("Pleck is the most diverse of 20 wards" in e.text for e in b.find_all("main .govuk-inset-text")),
           "after loading the LSOA table the Pleck profile lost its diversity ranking")


@journey("A resident finds an ESOL class near a postcode, on the directory, mistakes first")
def directory_search(b: Browser, state: dict):
    b.fresh()
    b.get("/directory", "Directory")
    expect(h1(b) == "Find community groups and places", f"<h1> is {h1(b)!r}")
    b.fill("q", "English")
    b.fill("postcode", "WS9 9ZZ")                    # not in the council's postcodes
    b.submit("Directory (postcode not found)", expect_status=400, form_css="main form[method=get]")
    b.expect_error_summary("We couldn")
    expect(b.value("q") == "English", "search words not kept")
    b.fill("postcode", "ws1 1ab")
    b.submit("Directory (English near WS1 1AB)", form_css="main form[method=get]")
    status = b.text("main [role=status] h2")
    expect("nearest to WS1 1AB first" in status, f"results heading is {status!r}")
    away = [p.text for p in b.find_all("main .app-secondary-text")]
    expect(away and all("away" in a for a in away), f"distances missing: {away}")
    expect(b.find_all("main figure.app-map svg"), "no ward map of the results")
    b.screenshot("directory", readme="mobile")
    b.click("main .app-results a", "Directory entry (first result)")
    expect(b.find_all("main h2"), "the entry has no sections")
    sections = [h.text for h in b.find_all("main h2")]
    for wanted in ("Opening times", "How to get in touch"):
        expect(wanted in sections, f"entry sections are {sections}, missing {wanted!r}")
    ld = b.driver.execute_script(
        "var s = document.querySelector('script[type=\"application/ld+json\"]'); return s ? s.textContent : null;")
    expect(ld, "the entry has no schema.org JSON-LD")
    import json as _json
    data = _json.loads(ld)
    expect(data.get("@context") == "https://schema.org" and data.get("@type") in ("Place", "CivicStructure", "Organization"),
           f"JSON-LD is {ld[:200]}")
    b.screenshot("directory-entry")
    state["directory_entry"] = b.path


@journey("Add an asset to the register, with mistakes first, then edit it")
def asset_create_edit(b: Browser, state: dict):
    b.as_user("officer@example.org")
    b.get("/assets", "Asset register")
    b.click("main a[href='/assets/new']", "Add an asset")
    name = f"Pleck Chess Club {int(time.time())}"
    b.fill("name", name)
    b.find("input[name=category][value=associations]").click()
    b.fill("postcode", "NOT A POSTCODE")
    b.fill("opening_times", "Mon 13:00-12:00")
    b.fill("capacity", "lots")
    b.find("input[name=accessibility][value=step_free_access]").click()
    b.submit("Add an asset (with mistakes)", expect_status=422)
    b.expect_error_summary("Enter a real postcode", "closes at 12:00, before it opens at 13:00",
                           "Enter the capacity as a whole number")
    expect(b.value("name") == name, "name not kept")
    expect(b.find("input[name=accessibility][value=step_free_access]").is_selected(), "accessibility not kept")
    expect(b.find("input[name=category][value=associations]").is_selected(), "category not kept")
    b.screenshot("asset-form-errors")
    b.fill("postcode", "WS2 9AB")
    b.fill("opening_times", "Mon-Fri 18:00-21:00\nclosed bank holidays")
    b.fill("capacity", "24")
    b.find("input[name=status][value=published]").click()
    b.submit("Asset (created)")
    expect(re.fullmatch(r"/assets/[0-9A-Fa-f-]{36}", b.path), f"after creating: at {b.path}")
    expect(h1(b) == name, f"<h1> is {h1(b)!r}")
    details = b.text("dl.govuk-summary-list")
    expect("Pleck" in details, f"the ward was not found from the postcode:\n{details}")
    b.click("main a[href$='/edit']", "Edit asset")
    b.fill("name", "")
    b.submit("Edit asset (with a mistake)", expect_status=422)
    b.expect_error_summary("Enter the asset's name")
    b.fill("name", name + " (renamed)")
    b.submit("Asset (edited)")
    expect(h1(b) == name + " (renamed)", f"<h1> is {h1(b)!r} after renaming")
    b.click("main a[href^='/directory/']", "Directory entry (of the new asset)")
    expect(h1(b) == name + " (renamed)", "the published asset is not in the directory")
    b.get("/assets?q=" + name.split()[-1], "Asset register (search for the new asset)")
    b.click("main table a[href^='/assets/']", "Asset (from the register)")
    b.click("main a[href$='/delete']", "Delete an asset (are you sure?)")
    expect(h1(b).startswith("Delete"), f"<h1> is {h1(b)!r}")
    b.submit("Asset register (after deleting)")
    banner = b.find_all(".govuk-notification-banner")
    expect(banner and "has been deleted" in banner[0].text, "no message after deleting the asset")

    # The taxonomy: an officer renames a type.
    b.get("/assets/taxonomy", "Types of asset")
    b.click("main table a[href^='/assets/taxonomy/']", "Edit a type of asset")
    b.fill("name", "")
    b.submit("Edit a type of asset (with a mistake)", expect_status=422)
    b.expect_error_summary("Enter the type's name")
    b.fill("name", "Youth club or group")
    b.submit("Types of asset (after renaming)")


@journey("Who could host this? An officer looks for a step-free space for 50 on a Tuesday evening, mistakes first")
def who_could_host(b: Browser, state: dict):
    b.as_user("officer@example.org")
    b.get("/assets/hosts", "Who could host this?")
    b.fill("capacity", "fifty")
    b.select("day", "tuesday")
    b.fill("from", "25:00")
    b.fill("to", "20:30")
    b.submit("Who could host this? (with mistakes)", expect_status=400, form_css="main form[method=get]")
    b.expect_error_summary("Enter the number of people as a whole number", "Enter the start time")
    expect(b.value("capacity") == "fifty", "capacity not kept")
    b.fill("capacity", "50")
    b.fill("from", "18:00")
    b.find("input[name=access][value=step_free_access]").click()
    b.submit("Who could host this? (step-free, 50, Tuesday 18:00-20:30)", form_css="main form[method=get]")
    rows = b.find_all("main .app-results li")
    expect(rows, "no spaces found for a Tuesday evening")
    b.screenshot("asset-hosts")


@journey("A resident suggests a new group and a correction (mistakes first); an officer approves in part and rejects", last=True)
def suggestions(b: Browser, state: dict):
    b.fresh()
    b.get("/directory", "Directory")
    b.click("main a[href='/directory/suggest']", "Suggest a group, place or service")
    expect(h1(b) == "Suggest a group, place or service", f"<h1> is {h1(b)!r}")
    b.fill("description", "Knitting and a chat on Thursday mornings.")
    b.fill("postcode", "WS1 1TZZ")
    b.fill("opening_times", "Thu 11:00-10:00")
    b.submit("Suggest (with mistakes)", expect_status=422)
    b.expect_error_summary("Enter the name of the group, place or service", "Select what kind of thing it is")
    expect("Knitting" in b.value("description"), "description not kept")
    name = f"Willenhall Knit and Natter {int(time.time())}"
    b.fill("name", name)
    b.find("input[name=category][value=associations]").click()
    b.fill("postcode", "WV13 2AB")
    b.fill("opening_times", "Thu 10:00-12:00")
    b.submit("Directory (after suggesting)")
    banner = b.find_all(".govuk-notification-banner")
    expect(banner and "Thank you" in banner[0].text, "no thank-you message after suggesting")
    b.get("/directory?q=" + name.split()[-1], "Directory (the suggestion is not public)")
    expect(name not in b.text("main"), "a suggestion appeared in the directory before anyone approved it")

    # A correction to a published entry.
    b.get("/directory?q=willenhall+library", "Directory (Willenhall Library)")
    b.click("main .app-results a", "Directory entry (Willenhall Library)")
    b.click("main a[href$='/suggest']", "Suggest a correction")
    expect(h1(b) == "Suggest a correction", f"<h1> is {h1(b)!r}")
    b.fill("contact_phone", "01902 000000")
    b.fill("website", "https://willenhall-library.example.org")
    b.fill("message", "New phone number and website.")
    b.submit("Directory entry (after suggesting a correction)")
    expect(b.find_all(".govuk-notification-banner"), "no thank-you message after suggesting a correction")

    # The officer decides: the correction in part, the new group rejected with a reason.
    b.as_user("officer@example.org")
    b.get("/assets/suggestions", "Suggestions from residents")
    b.screenshot("asset-suggestions")
    links = [a.get_attribute("href") for a in b.find_all("main table a[href*='/assets/suggestions/']")]
    expect(len(links) >= 3, f"the queue lists {len(links)} suggestions, expected the demo's two and ours")
    correction = next((a for a in b.find_all("main table a[href*='/assets/suggestions/']") if "Willenhall Library" in a.text
                       and "New:" not in a.text), None)
    expect(correction is not None, "the correction is not in the queue")
    href = "/" + correction.get_attribute("href").split("/", 3)[3]
    b.get(href, "Suggestion (correction)")
    boxes = b.find_all("input[name=apply]")
    expect(len(boxes) >= 2, f"expected a checkbox per proposed change, found {len(boxes)}")
    boxes[0].click()                                  # leave the first change out...
    b.find("input[name=decision][value=approve]").click()
    b.submit("Suggestion (part approved without a reason)", expect_status=422)
    b.expect_error_summary()
    b.fill("reason", "The phone number is the council's switchboard; the website is right.")
    b.submit("Suggestions from residents (after approving in part)")
    b.screenshot("asset-suggestion-decided")
    new = next((a for a in b.find_all("main table a[href*='/assets/suggestions/']") if name in a.text), None)
    expect(new is not None, "our new suggestion is not in the queue")
    b.get("/" + new.get_attribute("href").split("/", 3)[3], "Suggestion (new group)")
    b.find("input[name=decision][value=reject]").click()
    b.fill("reason", "This group already meets at the library, which is listed.")
    b.submit("Suggestions from residents (after rejecting)")


ASSET_CSV_HEADER = ("id,name,description,category,taxonomy_term,organisation,address,postcode,latitude,longitude,ward_code,"
                    "contact_name,contact_email,contact_phone,website,opening_times,accessibility,languages,communities_served,"
                    "cost,cost_details,capacity,space_for_all,status,last_verified,next_review")


@journey("Import assets from CSV: a file with a bad row changes nothing and names the line, then a good file", last=True)
def asset_import(b: Browser, state: dict):
    b.as_user("officer@example.org")
    b.get("/assets/import", "Import or export assets")
    stamp = int(time.time())
    rows = [
        f",Darlaston Seed Library {stamp},Swap seeds and tips.,associations,,,1 King Street,WS10 8AB,,,,,,,,Sat 10:00-12:00,,English,,free,,,no,published,,",
        f",Darlaston Tool Share {stamp},Borrow tools.,economic_exchange,,,2 King Street,WS10 8AB,,,,,,,,Mon 13:00-12:00,,English,,free,,lots,no,published,,",
    ]
    folder = Path(tempfile.mkdtemp())
    bad = folder / "assets-bad.csv"
    bad.write_text(ASSET_CSV_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    b.find("#csv_file").send_keys(str(bad.resolve()))
    b.submit("Import or export assets (a file with a bad row)", expect_status=422)
    report = b.text("main")
    for bit in ("3", "opening_times", "capacity"):
        expect(bit in report, f"the import report does not mention {bit!r}:\n{report[:1500]}")
    b.screenshot("asset-import-errors")
    b.get(f"/directory?q=seed+library+{stamp}", "Directory (nothing imported)")
    expect(f"Darlaston Seed Library {stamp}" not in b.text("main"), "a file with a bad row imported its good row")
    good = folder / "assets-good.csv"
    rows[1] = rows[1].replace("Mon 13:00-12:00", "Mon 10:00-12:00").replace(",lots,", ",12,")
    good.write_text(ASSET_CSV_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    b.get("/assets/import", "Import or export assets")
    b.find("#csv_file").send_keys(str(good.resolve()))
    b.submit("Asset register (after importing)")
    banner = b.find_all(".govuk-notification-banner")
    expect(banner and "Imported 2 assets" in banner[0].text, f"no 'Imported 2 assets' message: {[x.text for x in banner]}")
