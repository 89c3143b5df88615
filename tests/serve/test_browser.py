"""One full review in a real browser: Chromium (Debian package) driven by Selenium.

Queue -> bill -> keyboard and form decisions -> sign off -> publishable page, then
``statute export`` and the exported evaluation checked. Skipped (with the reason) only when
chromium / chromedriver or selenium are absent; ``.ci/run`` installs them.
Set ``STATUTE_SCREENSHOTS=DIR`` to save screenshots of the pages (docs/ was made that way).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner
from werkzeug.serving import make_server

from pipeline.cli import app as cli
from pipeline.review import history

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FOI = "Partially meets standard. Connecticut's FOI act (C.G.S. 1-210) opens records, some only once a complaint is sustained."
BILL = "ct-cgs-52-571k"

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[test]')")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("chromium / chromedriver not installed (apt-get install -y chromium chromium-driver)", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture()
def server(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(timeout=10)


@pytest.fixture()
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1500,1100"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def _shot(driver, name):
    folder = os.environ.get("STATUTE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def _decided(driver, criterion, action):
    """Wait for the page that follows a decision on ``criterion``. The decision reloads the page,
    so a message found on the old page may go stale before its text is read: poll again."""
    WebDriverWait(driver, 15, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".message")
        and f"{criterion}: {action} recorded" in d.find_element(By.CSS_SELECTOR, ".message").text
    )


def _keys(driver, keys):
    driver.find_element(By.TAG_NAME, "body").send_keys(keys)


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_full_review_of_one_bill_in_chromium(server, browser, app, drafts, tmp_path):
    db = app.config["DB"]
    # the queue names the bill; the jurisdiction filter keeps it
    browser.get(server + "/")
    assert BILL in [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a.bill-link")]
    browser.find_element(By.CSS_SELECTOR, "select[name=jurisdiction] option[value=Connecticut]").click()
    browser.find_element(By.CSS_SELECTOR, ".filters button").click()
    WebDriverWait(browser, 10).until(ec.url_contains("jurisdiction=Connecticut"))
    _shot(browser, "queue")
    browser.find_element(By.LINK_TEXT, BILL).click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "bill-text")))
    _shot(browser, "bill")

    # keyboard: accept the first criterion, move on with j and accept the next
    current = browser.find_element(By.CSS_SELECTOR, "section.criterion.current")
    assert current.get_attribute("data-criterion") == "end_qi_law_enforcement"
    _keys(browser, "a")
    _decided(browser, "end_qi_law_enforcement", "accept")
    _keys(browser, "j")
    assert browser.find_element(By.CSS_SELECTOR, "section.criterion.current").get_attribute("data-criterion") == "end_qi_public_employees"
    _keys(browser, "a")
    _decided(browser, "end_qi_public_employees", "accept")

    # change a verdict with p, then back with y (both recorded)
    browser.find_element(By.CSS_SELECTOR, "#c-end_qi_state_constitution h2").click()
    _keys(browser, "p")
    _decided(browser, "end_qi_state_constitution", "change")
    assert browser.find_element(By.CSS_SELECTOR, "#c-end_qi_state_constitution .verdict").text == "Partial"
    _keys(browser, "y")
    # the page reloads after the decision: an element found just before the reload goes stale
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#c-end_qi_state_constitution .verdict").text == "Yes"
    )

    # edit an explanation: e focuses the editor, Ctrl+Enter saves
    browser.find_element(By.CSS_SELECTOR, "#c-public_records h2").click()
    _keys(browser, "e")
    editor = browser.switch_to.active_element
    assert editor.get_attribute("name") == "explanation"
    editor.clear()
    editor.send_keys(FOI)
    editor.send_keys(Keys.CONTROL, Keys.ENTER)
    _decided(browser, "public_records", "edit")

    # a note from the form
    section = browser.find_element(By.ID, "c-failure_to_intervene")
    section.find_element(By.NAME, "note").send_keys("checked: no intervention clause")
    section.find_element(By.CSS_SELECTOR, "button[value=note]").click()
    _decided(browser, "failure_to_intervene", "note")

    # sign off the bill with s (confirm), land on the publishable page
    _keys(browser, "s")
    WebDriverWait(browser, 5).until(ec.alert_is_present()).accept()
    WebDriverWait(browser, 15).until(ec.url_contains(f"/bill/{BILL}/page"))
    _shot(browser, "page")
    totals = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section.group h2")]
    assert [" ".join(t.split()) for t in totals] == [
        "End Qualified Immunity 2/4 legislation passed", "Start Real Accountability 1.5/5"
    ]
    assert browser.find_element(By.CSS_SELECTOR, "#public_records p").text.startswith("Partially Meets Standard. Connecticut's FOI act")

    actions = [(d.criterion, d.action) for d in history(BILL, db_path=db)]
    assert actions[:6] == [
        ("end_qi_law_enforcement", "accept"), ("end_qi_public_employees", "accept"),
        ("end_qi_state_constitution", "change"), ("end_qi_state_constitution", "change"),
        ("public_records", "edit"), ("failure_to_intervene", "note"),
    ]

    # what the browser decided is what statute export publishes
    out = tmp_path / "final"
    result = CliRunner().invoke(cli, ["export", str(out), "--drafts", str(drafts), "--db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / f"{BILL}.json").read_text())
    assert data["review_status"] == "complete" and data["reviewed_by"] == ["ann"]
    assert data["criteria"]["public_records"]["explanation"] == FOI
    assert data["totals"]["overall"] == 3.5
    page = (out / f"{BILL}.page.html").read_text()
    assert "2/4 legislation passed" in page and "1.5/5" in page and "3.5/9" in page
