"""The page at ``/`` in a real headless browser (Debian's chromium and chromedriver, driven
by selenium): a known sentence's entities are rendered with the right labels and colours.
The screenshot is kept in ``$NLPTK_ARTEFACTS`` (default ``tmp/artefacts/`` in the checkout,
git-ignored). Skips where no browser is installed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

webdriver = pytest.importorskip("selenium.webdriver")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None, reason="no chromium and chromedriver installed"
)
ROOT = Path(__file__).resolve().parents[2]

SENTENCE = "江泽民在北京会见了克林顿。"
#: The entities the page must show: text (label included), label, the colour from
#: ``nlptk.doc.html.COLOURS`` as the browser computes it.
EXPECTED = [
    ("江泽民", "PER", "rgba(170, 156, 252, 1)"),
    ("北京", "LOC", "rgba(255, 149, 97, 1)"),
    ("克林顿", "PER", "rgba(170, 156, 252, 1)"),
]


@pytest.fixture
def browser(tmp_path):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # selenium must not look for drivers online
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1100,800",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    yield driver
    driver.quit()


def test_page_renders_entities_with_labels_and_colours(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from nlptk.doc import colour

    assert [colour(label) for _, label, _ in EXPECTED] == ["#aa9cfc", "#ff9561", "#aa9cfc"]
    browser.get(f"http://127.0.0.1:{server.port}/")
    box = browser.find_element(By.ID, "text")
    box.clear()
    box.send_keys(SENTENCE)
    ticked = {
        b.get_attribute("value") for b in browser.find_elements(By.NAME, "task") if b.is_selected()
    }
    assert ticked == {"seg", "pos", "ner"}
    browser.find_element(By.ID, "run").click()
    result = browser.find_element(By.ID, "result")
    WebDriverWait(browser, 60).until(lambda d: result.get_attribute("data-done") == "1")

    marks = result.find_elements(By.CSS_SELECTOR, ".nlptk-text mark.nlptk-ent")
    found = []
    for mark in marks:
        label = mark.find_element(By.CLASS_NAME, "nlptk-label").text
        words = "".join(  # each word's own text, its tag left out
            browser.execute_script("return arguments[0].firstChild.textContent", t)
            for t in mark.find_elements(By.CLASS_NAME, "nlptk-tok")
        )
        found.append((words, label, mark.value_of_css_property("background-color")))
    assert found == EXPECTED
    # POS tags under the words, and the legend of the types found
    tags = [t.text for t in result.find_elements(By.CLASS_NAME, "nlptk-tag")]
    assert tags == ["nr", "p", "ns", "v", "u", "nr", "w"]
    legend = result.find_elements(By.CSS_SELECTOR, "ul.nlptk-legend mark")
    assert [(m.text, m.value_of_css_property("background-color")) for m in legend] == [
        ("PER", "rgba(170, 156, 252, 1)"),
        ("LOC", "rgba(255, 149, 97, 1)"),
    ]
    out = Path(os.environ.get("NLPTK_ARTEFACTS", ROOT / "tmp" / "artefacts"))
    out.mkdir(parents=True, exist_ok=True)
    shot = out / "serve-page.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_page_shows_the_error_of_a_refused_request(server, browser):
    """Five lines with a limit of four: the page says so instead of posting."""
    from selenium.webdriver.common.by import By

    browser.get(f"http://127.0.0.1:{server.port}/")
    box = browser.find_element(By.ID, "text")
    box.clear()
    box.send_keys("\n".join(["李鹏"] * 5))
    browser.find_element(By.ID, "run").click()
    status = browser.find_element(By.ID, "status")
    assert status.text == "at most 4 lines" and status.get_attribute("class") == "error"
