"""Survey and indicator journeys: a resident answers the questionnaire on a phone (with and
without JavaScript); an officer sets up a wave, a question of the council's own, imports answers
and weights them; an officer changes an indicator's target and recomputes; a partner enters
values on the form and from a file; the public dashboard's and an indicator page's choices
work without JavaScript. Mistakes first, every time."""
from __future__ import annotations

import random
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from harness import MOBILE, Browser, expect
from journeys import h1, journey

OPEN_WAVE_TITLE = "Residents' survey 2026 (synthetic)"
PLECK = "E05001314"


@contextmanager
def phone(b: Browser):
    """A phone-sized window (375 px, as the mobile screenshots and `horizontal_overflow` use) for
    everything inside the block. Yields a function that sets it again: `horizontal_overflow`
    puts the window back to desktop size when it has looked."""
    def narrow():
        b.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                 {"width": MOBILE[0], "height": MOBILE[1], "deviceScaleFactor": 1, "mobile": True})
    narrow()
    try:
        yield narrow
    finally:
        b.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@contextmanager
def without_javascript(b: Browser):
    """Pages run none of their own script inside the block: every .js request is refused (the
    app's only script is /js/app.js, and its Content-Security-Policy allows no inline script).
    Chromium can't switch scripts off for the page alone: doing it for the whole tab
    (Emulation.setScriptExecutionDisabled) also stops WebDriver's and axe's, so nothing could be
    checked. The proof that the page's script did not run is `expect_no_page_script`."""
    b.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*.js", "*.js?*"]})
    try:
        yield
    finally:
        b.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def expect_no_page_script(b: Browser):
    """The page's script really did not run: it has no inline script (JSON-LD is data), and every
    script it asked for was refused (Resource Timing's status 0; a script that loaded has 200).
    The error summary still takes focus: it has `autofocus`, which needs no script."""
    inline = b.driver.execute_script(
        "return [...document.scripts].filter(s => !s.src && s.type !== 'application/ld+json').length")
    expect(inline == 0, f"{b.path} has {inline} inline scripts")
    loaded = b.driver.execute_script(
        "return performance.getEntriesByType('resource').filter(e => /[.]js([?]|$)/.test(e.name) && e.responseStatus !== 0)"
        ".map(e => e.name + ' ' + e.responseStatus)")
    expect(not loaded, f"scripts were loaded although JavaScript was blocked: {loaded}")


def choose(b: Browser, name: str, value: str):
    b.find(f"input[name='{name}'][value='{value}']").click()


def chosen(b: Browser, name: str, value: str) -> bool:
    return b.find(f"input[name='{name}'][value='{value}']").is_selected()


def banner(b: Browser) -> str:
    found = b.find_all(".govuk-notification-banner")
    return found[0].text if found else ""


def open_questionnaire(b: Browser, label: str):
    b.get("/have-your-say", "Have your say")
    links = [a for a in b.find_all("main a[href^='/have-your-say/']") if a.text.strip() == OPEN_WAVE_TITLE]
    expect(links, f"the open wave {OPEN_WAVE_TITLE!r} is not listed on /have-your-say")
    b.click(f"main a[href='{path_of(links[0].get_attribute('href'))}']", label)
    expect(h1(b) == OPEN_WAVE_TITLE, f"<h1> is {h1(b)!r}")


def path_of(href: str) -> str:
    """The path of an absolute link the browser reports."""
    return "/" + href.split("/", 3)[3]


# --------------------------------------------------------------------------------------------

@journey("Questionnaire on a phone: sent empty, a postcode outside the area (answers kept), then a ward and 'Prefer not to say'")
def questionnaire_on_a_phone(b: Browser, state: dict):
    b.fresh()
    with phone(b) as narrow:
        open_questionnaire(b, "Questionnaire")
        overflow = b.horizontal_overflow()
        narrow()
        expect(not overflow, f"questionnaire: {overflow}")
        b.submit("Questionnaire (sent empty)", expect_status=422)
        b.expect_error_summary("Enter your postcode, or choose your ward from the list")
        link = b.find(".govuk-error-summary a[href='#postcode']")
        link.click()
        expect(b.driver.switch_to.active_element.get_attribute("id") == "postcode",
               "the error summary's link does not take focus to the postcode field")

        choose(b, "q-get_on_well", "definitely_agree")
        choose(b, "q-belonging", "fairly_strongly")
        choose(b, "age", "prefer-not")
        b.fill("postcode", "SW1A 1AA")
        b.submit("Questionnaire (a postcode outside the area)", expect_status=422)
        b.expect_error_summary("We can't find SW1A 1AA in the area")
        expect(b.value("postcode") == "SW1A 1AA", f"the postcode was not kept: {b.value('postcode')!r}")
        expect(chosen(b, "q-get_on_well", "definitely_agree") and chosen(b, "q-belonging", "fairly_strongly"),
               "the answers given before the mistake were not kept")
        expect(chosen(b, "age", "prefer-not"), "'Prefer not to say' for age was not kept")

        b.fill("postcode", "")
        b.select("ward", PLECK)
        choose(b, "q-trust", "some")
        choose(b, "sex", "prefer-not")
        b.select("ethnic-group", "prefer-not")
        b.submit("Questionnaire: thank you")
        expect(b.path.endswith("/thank-you"), f"after sending: at {b.path}")
        expect(h1(b) == "Thank you for your answers", f"<h1> is {h1(b)!r}")
        b.screenshot("survey-thank-you")


@journey("Questionnaire without JavaScript: sent empty, then a ward and an answer")
def questionnaire_without_javascript(b: Browser, state: dict):
    b.fresh()
    with without_javascript(b), phone(b):
        open_questionnaire(b, "Questionnaire (no JavaScript)")
        b.submit("Questionnaire (no JavaScript, sent empty)", expect_status=422)
        b.expect_error_summary("Enter your postcode, or choose your ward from the list")
        expect_no_page_script(b)
        b.select("ward", "E05001301")
        choose(b, "q-satisfaction", "fairly_satisfied")
        b.submit("Questionnaire: thank you (no JavaScript)")
        expect(h1(b) == "Thank you for your answers", f"<h1> is {h1(b)!r}")
        expect_no_page_script(b)


# --------------------------------------------------------------------------------------------

SAFE_OPTIONS = ["Very safe", "Fairly safe", "A bit unsafe", "Very unsafe", "Don't know"]
# Every ward (weighting to the wards needs someone from each), every age band for both sexes, and
# every broad ethnic group, written as a file from elsewhere would write them.
WARDS = [f"E050013{n:02d}" for n in range(1, 21)]
AGES = ["16-24", "25-34", "35-49", "50-64", "65-74", "75+"]
ANSWERS = 200
ETHNIC = ["White", "Indian", "African", "White and Asian", "Other ethnic group", "Pakistani", "White", "Prefer not to say"]
BELONGING = ["Very strongly", "Fairly strongly", "Not very strongly", "Not at all strongly"]
GET_ON = ["Definitely agree", "Tend to agree", "Tend to disagree", "Definitely disagree"]


def answers_csv(key: str, rows: int, stamp: int, bad_line: int | None = None) -> str:
    """A file of answers: id, ward, two standard questions, the council's own, age, sex and ethnic
    group, drawn with a fixed seed (the same answers every run; the ids differ). Line `bad_line`
    (the header is line 1) gets an answer that isn't one of the question's."""
    rng = random.Random(2027)
    lines = [f"respondent_id,ward,belonging,get_on_well,{key},age,sex,ethnic_group"]
    for n in range(rows):
        belonging = "Quite strongly" if bad_line == n + 2 else rng.choice(BELONGING)
        lines.append(",".join([f"E2E-{stamp}-{n}", WARDS[n % len(WARDS)], belonging, rng.choice(GET_ON),
                               SAFE_OPTIONS[n % 5], rng.choice(AGES), rng.choice(["Female", "Male"]), rng.choice(ETHNIC)]))
    return "\n".join(lines) + "\n"


def import_file(b: Browser, wave: str, path: Path, label: str):
    """The wave's import page, the file chosen, Continue: the columns page."""
    b.get(f"{wave}/import", "Import answers")
    b.find("#csv_file").send_keys(str(path.resolve()))
    b.submit(label)
    expect(h1(b) == "Match the columns", f"after choosing {path.name}: <h1> is {h1(b)!r}")


@journey("Survey wave: a blank name and dates the wrong way round first; a question of our own with a mistake; answers from a file with a bad line, then a good one; weighting and estimates")
def survey_wave(b: Browser, state: dict):
    stamp = int(time.time())
    title = f"Residents' survey spring 2027 (e2e {stamp})"
    b.as_user("officer@example.org")
    b.get("/surveys", "Surveys")
    b.click("main a[href='/surveys/waves/new']", "New survey wave")
    b.fill("starts", "1/3/2027")
    b.fill("ends", "1/2/2027")
    b.submit("New survey wave (no name, ends before it starts)", expect_status=422)
    b.expect_error_summary("Enter a name for the wave", "The last day must be on or after the first day")
    expect(b.value("starts") == "1/3/2027" and b.value("ends") == "1/2/2027", "the dates typed were not kept")
    b.fill("title", title)
    b.fill("ends", "31/5/2027")
    b.submit("Survey wave (created)")
    expect(h1(b) == title, f"<h1> is {h1(b)!r}")
    expect("Wave created" in banner(b), f"no 'Wave created' message: {banner(b)!r}")
    wave = b.path.split("?", 1)[0]

    # A question of the council's own, with an answer that counts which isn't among the answers.
    key = f"feel_safe_e2e{stamp % 100000}"
    b.get("/surveys/questions", "Question bank")
    b.click("main a[href='/surveys/questions/new']", "Add a question")
    b.fill("question", "How safe do you feel walking alone in your area after dark?")
    b.fill("options", "\n".join(SAFE_OPTIONS))
    b.fill("counted", "Very safe\nQuite safe")
    b.fill("excluded", "Don't know")
    b.fill("indicator", "Feel safe outside after dark")
    b.fill("key", key)
    b.submit("Add a question (an answer that counts isn't one of the answers)", expect_status=422)
    b.expect_error_summary("“Quite safe” is not one of the answers")
    expect("Very unsafe" in b.value("options"), "the answers typed were not kept")
    b.fill("counted", "Very safe\nFairly safe")
    b.submit("Question bank (question added)")
    expect("Question added" in banner(b), f"no 'Question added' message: {banner(b)!r}")
    expect("Feel safe outside after dark" in b.text("main table"), "the new question is not in the bank")

    # The wave asks it too.
    b.get(f"{wave}/edit", "Change the survey wave")
    box = b.find(f"input[name=items][value='{key}']")
    expect(not box.is_selected(), "a new question was already ticked for the wave")
    box.click()
    b.submit("Survey wave (saved with our question)")
    expect("Wave saved" in banner(b), f"no 'Wave saved' message: {banner(b)!r}")

    # Answers from a file: a bad line first; nothing is imported.
    folder = Path(tempfile.mkdtemp(prefix="e2e-survey-"))
    bad = folder / "answers-with-a-mistake.csv"
    bad.write_text(answers_csv(key, ANSWERS, stamp, bad_line=5), encoding="utf-8")
    import_file(b, wave, bad, "Match the columns (file with a bad line)")
    for field, header in [("area", "ward"), ("item-belonging", "belonging"), ("item-get_on_well", "get_on_well"),
                          (f"item-{key}", key), ("age", "age"), ("sex", "sex"), ("ethnic-group", "ethnic_group"),
                          ("id", "respondent_id")]:
        expect(b.value(field) == header, f"the column for {field} was guessed as {b.value(field)!r}, not {header!r}")
    b.submit("Match the columns (the file has a bad line)", expect_status=422)
    b.expect_error_summary("answers-with-a-mistake.csv has a problem", "Nothing was imported")
    rows = [[td.text.strip() for td in tr.find_elements("css selector", "td")] for tr in b.find_all("main table tbody tr")]
    expect(any(r[:2] == ["5", "belonging"] and "Quite strongly" in r[2] for r in rows),
           f"the problems table does not name line 5, column belonging: {rows}")
    b.screenshot("survey-import-problems")
    b.get(wave, "Survey wave (nothing imported)")
    expect("0 from the questionnaire, 0 imported" in b.text("main dl"), "a file with a bad line imported something")

    good = folder / "answers.csv"
    good.write_text(answers_csv(key, ANSWERS, stamp), encoding="utf-8")
    import_file(b, wave, good, "Match the columns (good file)")
    b.submit("Survey wave (answers imported)")
    expect(f"Imported {ANSWERS} answers from answers.csv" in banner(b), f"no 'Imported {ANSWERS} answers' message: {banner(b)!r}")
    expect(f"{ANSWERS} imported" in b.text("main dl"), f"the wave does not count {ANSWERS} imported answers")

    # Weighting, and the estimates.
    b.click(f"main form[action='{wave}/weight'] button", "Survey wave (weighted)")
    expect(f"Weighted {ANSWERS} answers to the census" in banner(b), f"no 'Weighted {ANSWERS} answers' message: {banner(b)!r}")
    expect("Weighting" in [e.text.strip() for e in b.find_all("main h2")], "no Weighting section after weighting")
    notes = [e.text for e in b.find_all("main .govuk-inset-text") if "left out" in e.text]
    expect(not notes, f"a weighting variable was left out although every category has answers: {notes}")
    tables = {t.find_element("css selector", "caption").text.strip(): t for t in b.find_all("main table")}
    ours = tables.get("Feel safe outside after dark")
    expect(ours is not None, f"no estimates table for our question; tables: {list(tables)}")
    first = [c.text.strip() for c in ours.find_elements("css selector", "tbody tr")[0].find_elements("css selector", "th, td")]
    # Every fifth answer is "Don't know", left out of the base.
    base = str(ANSWERS * 4 // 5)
    expect(first[0] == "Walsall Council" and first[1].endswith("%") and " to " in first[2] and first[3] == base,
           f"the borough's estimate for our question is {first}, expected a percentage, its interval and {base} answers")
    b.screenshot("survey-wave-weighted")
    b.click("main a[href$='?areas=wards']", "Survey wave (estimates with wards)")
    expect("Pleck" in b.text("main"), "wards are not shown after choosing 'Show wards too'")


# --------------------------------------------------------------------------------------------

@journey("Indicator target: amber above green when higher is better first, then a valid target; recompute")
def indicator_target(b: Browser, state: dict):
    b.as_user("officer@example.org")
    b.get("/indicators/manage", "Manage indicators")
    b.click("main a[href='/indicators/manage/COH-02']", "Change COH-02")
    expect(h1(b) == "Change COH-02", f"<h1> is {h1(b)!r}")
    expect(chosen(b, "polarity", "higher_is_better"), "COH-02 is not 'higher is better'")
    b.fill("target", "66")
    b.fill("green", "66")
    b.fill("amber", "70")
    b.submit("Change COH-02 (amber above green)", expect_status=422)
    b.expect_error_summary("When higher is better, the “close to target” value must be below the “on target” value")
    expect(b.value("amber") == "70" and b.value("target") == "66", "the thresholds typed were not kept")
    b.fill("amber", "61")
    b.submit("Manage indicators (COH-02 saved)")
    expect("Indicator saved" in banner(b), f"no 'Indicator saved' message: {banner(b)!r}")
    b.click(f"main form[action='/indicators/manage/recompute'] button", "Manage indicators (recomputed)")
    expect("recomputed" in banner(b), f"no 'recomputed' message: {banner(b)!r}")
    b.get("/indicators/COH-02", "Indicator (COH-02, new target)")
    summary = " ".join(b.text("main dl").split())
    expect("Target 66.0%" in summary and "Close to target from 61.0%" in summary,
           f"the indicator page does not show the new target and thresholds:\n{summary}")


def upload_values(b: Browser, path: Path, label: str, expect_status: int = 200):
    b.find("#values_file").send_keys(str(path.resolve()))
    b.submit(label, expect_status=expect_status, form_css="main form[enctype='multipart/form-data']")


@journey("Partner values for PTN-01: no area and not a number first, then a value; a file with a bad row, then a good file")
def partner_values(b: Browser, state: dict):
    b.as_user("partner@example.org")
    b.get("/indicators/manage", "Enter indicator values (partner)")
    expect(h1(b) == "Enter indicator values", f"<h1> is {h1(b)!r}")
    b.click("main a[href='/indicators/manage/PTN-01/values']", "Enter values (PTN-01)")
    b.fill("period", "2026/27")
    b.fill("starts", "1/4/2026")
    b.fill("ends", "31/3/2027")
    b.fill("value", "lots")
    b.submit("Enter values (no area, not a number)", expect_status=422, form_css="main form[action='/indicators/manage/PTN-01/values']")
    b.expect_error_summary("Choose the area", "“lots” is not a number")
    expect(b.value("period") == "2026/27" and b.value("value") == "lots", "what was typed was not kept")
    b.select("area", PLECK)
    b.fill("value", "2.4")
    b.submit("Enter values (value saved)", form_css="main form[action='/indicators/manage/PTN-01/values']")
    expect("Value saved for Pleck, 2026/27" in banner(b), f"no 'Value saved' message: {banner(b)!r}")

    folder = Path(tempfile.mkdtemp(prefix="e2e-values-"))
    header = "area_code,period,period_start,period_end,value,source\n"
    bad = folder / "values-with-a-mistake.csv"
    bad.write_text(header + "E05001301,2026/27,1/4/2026,31/3/2027,1.8,Police\n"
                            "E05001302,2026/27,1/4/2026,31/3/2027,about two,Police\n", encoding="utf-8")
    upload_values(b, bad, "Enter values (a file with a bad row)", expect_status=422)
    b.expect_error_summary("values-with-a-mistake.csv has a problem", "Nothing was saved")
    rows = [[td.text.strip() for td in tr.find_elements("css selector", "td")] for tr in b.find_all("main table tbody tr")]
    expect(any(r[:2] == ["3", "value"] and "about two" in r[2] for r in rows),
           f"the problems table does not name line 3, column value: {rows}")
    good = folder / "values.csv"
    good.write_text(header + "E05001301,2026/27,1/4/2026,31/3/2027,1.8,Police\n"
                             "E05001302,2026/27,2026-04-01,2027-03-31,2.05,Police\n", encoding="utf-8")
    upload_values(b, good, "Enter values (file saved)")
    expect("2 values saved from values.csv" in banner(b), f"no '2 values saved' message: {banner(b)!r}")
    recent = b.text("main")
    expect("Aldridge North and Walsall Wood" in recent, "the values from the file are not among the recent values")


# --------------------------------------------------------------------------------------------

@journey("Indicators without JavaScript: the dashboard's choice of area of work, an indicator's area and period")
def indicators_without_javascript(b: Browser, state: dict):
    b.fresh()
    with without_javascript(b):
        b.get("/indicators", "Indicators (no JavaScript)")
        expect_no_page_script(b)
        tiles = len(b.find_all("main .app-tile"))
        b.select("tag", "Community safety")
        b.submit("Indicators: Community safety (no JavaScript)", form_css="main form[method=get]")
        expect("tag=Community+safety" in b.path, f"the choice did not reach the address: {b.path}")
        shown = [a.text.strip() for a in b.find_all("main .app-tile h2 a")]
        expect(shown and len(shown) < tiles, f"choosing Community safety showed {len(shown)} of {tiles} tiles")
        expect(any("Hate incidents" in s for s in shown), f"PTN-01 is not among the community safety indicators: {shown}")

        b.get("/indicators", "Indicators (no JavaScript)")
        b.click("main a[href='/indicators/COH-02']", "Indicator COH-02 (no JavaScript)")
        b.select("area", PLECK)
        b.click("main form[method=get]:has(#area) button", "Indicator COH-02: Pleck (no JavaScript)")
        expect(f"area={PLECK}" in b.path, f"the area did not reach the address: {b.path}")
        expect(b.find("#area option:checked").text.strip() == "Ward: Pleck", "Pleck is not the chosen area after showing it")
        headers = [th.text.strip() for th in b.find_all("main table thead th")]
        expect("Pleck" in headers, f"the table over time has no Pleck column: {headers}")

        periods = b.find_all("#period option")
        expect(len(periods) >= 2, f"{len(periods)} periods to choose from")
        earlier = periods[0]
        label, value = earlier.text.strip(), earlier.get_attribute("value")
        b.select("period", value)
        b.click("main form[method=get]:has(#period) button", "Indicator COH-02: Pleck, the earlier period (no JavaScript)")
        expect(f"period={value}" in b.path and f"area={PLECK}" in b.path, f"period and area not both in the address: {b.path}")
        expect(f"Areas in {label}" in [e.text.strip() for e in b.find_all("main h2")], f"no 'Areas in {label}' heading")
        overflow = b.horizontal_overflow()
        expect(not overflow, f"indicator page: {overflow}")
        expect_no_page_script(b)
