"""Grant journeys: a group applies with no account, by the private link the demo prints."""
from __future__ import annotations

import time

from harness import Browser, expect
from journeys import demo_log_mark, emailed_link, h1, journey

ROUND = "Winter round 2026 (example)"
CONTINUE = "main form button.govuk-button:not(.govuk-button--secondary)"


def answer(b: Browser, label: str, expect_status: int = 200):
    """Presses "Save and continue" (not "Save and come back later")."""
    return b.click(CONTINUE, label, expect_status=expect_status)


@journey("Apply for a grant: a round, a private link by email, every question page, a budget that doesn't add up, check answers, send")
def grant_application(b: Browser, state: dict):
    b.fresh()
    b.get("/grants", "Community grants")
    b.click(f"main a[href^='/grants/rounds/']", "Grant round")
    expect(h1(b) == ROUND, f"<h1> is {h1(b)!r}")
    b.submit("Grant round (no email)", expect_status=422)
    b.expect_error_summary("Enter your email address")
    email = f"chair{int(time.time())}@example.org"
    b.fill("email", email)
    mark = demo_log_mark(b)
    b.submit("Check your email")
    expect(h1(b) == "Check your email", f"<h1> is {h1(b)!r}")
    link = emailed_link(b, mark, path="/grants/continue")
    if link is None:
        return  # without the demo's output there is no link to follow
    b.get(link, "Your application (from the emailed link)")
    expect(b.path == "/grants/application", f"the link led to {b.path}")
    expect("token=" not in b.driver.current_url, "the token stayed in the address bar")
    b.screenshot("grant-task-list")

    b.click("main a[href='/grants/application/eligibility']", "Can your group apply?")
    for code, value in [("local", "yes"), ("profit", "no"), ("bank", "yes")]:
        b.find(f"input[name=eligibility_{code}][value={value}]").click()
    answer(b, "About your group")
    b.fill("organisation_name", "Bentley Friends Table Tennis Club")
    b.find("input[name=organisation_type][value=vcs_group]").click()
    b.fill("charity_number", "12")
    b.find("input[name=constituted][value=yes]").click()
    b.fill("address", "Bentley Community Hall, Walsall")
    b.fill("postcode", "WS2 0BX")
    answer(b, "About your group (a charity number that can't be right)", expect_status=422)
    b.expect_error_summary("Enter a registered charity number")
    expect(b.value("organisation_name") == "Bentley Friends Table Tennis Club", "the group's name was not kept")
    b.fill("charity_number", "")
    answer(b, "Who we should contact")
    b.fill("contact_name", "Grace Okafor")
    answer(b, "Your project")
    b.fill("project_title", "Table tennis for all ages")
    b.fill("summary", "Friday evening table tennis for young people and older residents together.")
    b.fill("activities", "Weekly coached sessions, a summer tournament and a shared meal.")
    b.find("input[name=themes][value=sport]").click()
    answer(b, "Where and who the project is for")
    b.find("input[name=localities][value=north]").click()
    b.fill("beneficiaries", "45")
    for name, (day, month, year) in [("start_date", ("1", "4", "2027")), ("end_date", ("31", "10", "2027"))]:
        b.fill(name, day)
        b.fill(f"{name}_month", month)
        b.fill(f"{name}_year", year)
    answer(b, "How much you are asking for")
    b.fill("requested", "900")
    b.fill("item_1", "Hall hire, 30 evenings")
    b.fill("amount_1", "600")
    b.fill("item_2", "Tables, bats and balls")
    b.fill("amount_2", "200")
    answer(b, "How much you are asking for (lines that don't add up)", expect_status=422)
    b.expect_error_summary("Your budget lines add up to £800, but you are asking for £900")
    b.fill("amount_2", "300")
    answer(b, "Declarations")
    for box in b.find_all("input[name=declarations]"):
        box.click()
    answer(b, "Check your answers")
    expect(h1(b) == "Check your answers before sending your application", f"<h1> is {h1(b)!r}")
    body = b.text("main")
    for shown in ["Bentley Friends Table Tennis Club", "Grace Okafor", "North Walsall", "£900", "Hall hire, 30 evenings"]:
        expect(shown in body, f"check your answers does not show {shown!r}")
    b.screenshot("grant-check-answers")
    b.submit("Application sent")
    panel = b.text(".govuk-panel")
    expect("CMG-" in panel, f"no reference in the confirmation: {panel!r}")
    state["grant_reference"] = panel.split()[-1]
    b.get("/grants/application", "Your application (sent)")
    expect("We are assessing it" in b.text("main"), "the application's page does not say where it has got to")


def application_href(b: Browser, reference: str) -> str:
    links = [a for a in b.find_all("main table a") if a.text.strip() == reference]
    expect(links, f"{reference} is not listed on {b.path}")
    return "/" + links[0].get_attribute("href").split("/", 3)[3]


def record_step(b: Browser, action: str, label: str, expect_status: int = 200, **fields):
    b.find(f"input[name=action][value={action}]").click()
    for name, value in fields.items():
        b.fill(name, value)
    b.submit(label, expect_status=expect_status)


@journey("Assess and fund the application: eligibility, a reviewer's conflict question and scores, the panel pack, an award, payment, the group's report, sign-off, close")
def grant_assessment(b: Browser, state: dict):
    reference = state.get("grant_reference")
    expect(reference, "the application journey did not send an application")
    b.as_user("officer@example.org")
    b.get("/grants/manage", "Grants (funds and rounds)")
    b.click(f"main table a[href^='/grants/manage/rounds/']", "Grant round's applications")
    href = application_href(b, reference)
    b.get(href, "Application (received)")
    record_step(b, "confirm_eligible", "Application (eligible)")
    b.find("input[name=action][value=start_review]").click()
    b.submit("Application (no reviewer chosen)", expect_status=422)
    b.expect_error_summary("Choose at least one reviewer")
    b.find("input[name=action][value=start_review]").click()
    b.find("input[name=reviewers]").click()
    b.submit("Application (in review)")

    b.as_user("panel@example.org")
    b.get("/grants/reviews", "Your grant reviews")
    b.click(f"main table a[href$='{href.rsplit('/', 1)[1]}']", "Review: conflict of interest")
    expect("Weekly coached sessions" not in b.text("main"), "the application was shown before the conflict question was answered")
    b.find("input[name=conflicted][value=no]").click()
    b.submit("Review (no conflict)")
    for code, score in [("mixing", "5"), ("need", "4"), ("value", "4")]:
        b.fill(f"score_{code}", score)
    b.fill("comments", "Good mix of ages; realistic costs.")
    b.click("main form button[name=send]", "Your grant reviews (scores sent)")

    b.as_user("officer@example.org")
    b.get(href, "Application (reviews in)")
    record_step(b, "send_to_panel", "Application (at panel)")
    round_href = [a.get_attribute("href") for a in b.find_all("nav.govuk-breadcrumbs a") if "/grants/manage/rounds/" in a.get_attribute("href")]
    expect(round_href, "no link back to the round")
    b.get("/" + round_href[0].split("/", 3)[3] + "/panel-pack", "Panel pack")
    expect(reference in b.text("main") and "88%" in b.text("main"), "the panel pack does not rank our application at 88%")
    b.screenshot("grant-panel-pack")
    b.get(href, "Application (at panel)")
    record_step(b, "award", "Application (award over the amount asked)", expect_status=422, amount="5000")
    b.expect_error_summary()
    record_step(b, "award", "Application (awarded)", amount="900", conditions="Send us photos of the summer tournament.")
    b.fill("payment_amount", "900")
    b.fill("payment_due", "1/4/2027")
    b.click("main form[action$='/payments'] button", "Application (payment scheduled)")
    b.click("main table form button", "Application (payment made)")
    mark = demo_log_mark(b)
    record_step(b, "start_monitoring", "Application (monitoring)", report_due="31/10/2027")
    link = emailed_link(b, mark, path="/grants/continue")
    if link is None:
        return

    b.fresh()
    b.get(link, "Your application (to report)")
    b.click("main a[href='/grants/application/report']", "Tell us how your project went")
    b.submit("Report (nothing filled in)", expect_status=422)
    b.expect_error_summary("Say what happened in your project")
    b.fill("what_happened", "Thirty Friday evenings and a summer tournament.")
    b.fill("people_north", "52")
    b.fill("what_changed", "Young and older players now run the Friday sessions together.")
    b.submit("Your application (report sent)")

    b.as_user("officer@example.org")
    b.get(href, "Application (report in)")
    b.click("main form[action$='/report'] button", "Application (report signed off)")
    record_step(b, "close", "Application (closed)")
    expect("Closed" in b.text("main dl"), "the application is not closed")
