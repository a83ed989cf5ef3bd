"""The viewer in a real browser: headless Chromium against a real ``corefine serve`` process.

A paragraph is typed into the page and resolved with Ctrl+Enter; what the
page shows (highlighted mentions, resolved text, replacements, the effect of
the confidence slider) is compared with what the API returns for the same
text, so nothing here is a hard-coded output. Chromium is required: when it is
missing these tests fail, with the command that installs it.

The screenshot of each run is saved under the test's tmp dir (its path is
printed); ``benchmarks/viewer_screenshot.py`` writes the README's copy.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tools.service_harness import (
    ServiceProcess,
    chromium_driver,
    get_json,
    missing_chromium,
    post_json,
    resolve_in_viewer,
    type_text,
    wait_for,
)

# An emoji (two UTF-16 units, one code point) early on: every highlight after
# it is off by one if the page slices the text with the API's offsets as they are.
PARAGRAPH = (
    "Louis Marinelli 🗳️, the leader of the Yes California campaign, said he would leave "
    "the United States for Russia. His wife teaches English in Yekaterinburg, where she "
    "has lived for years. Marinelli told reporters that the campaign would go on without "
    "him, and its volunteers said they were ready."
)


@pytest.fixture(scope="module")
def service() -> Iterator[ServiceProcess]:
    problem = missing_chromium()
    if problem:
        pytest.fail(problem)
    with ServiceProcess(["--resolver", "baseline", "--no-access-log"]) as s:
        yield s


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    driver = chromium_driver(tmp_path / "profile", 1280, 800)
    try:
        yield driver
    finally:
        driver.quit()


def api(service: ServiceProcess, text: str, min_confidence: float) -> dict[str, Any]:
    status, body = post_json(
        service.url + "/v1/resolve",
        {"text": text, "options": {"replace": "pronouns", "min_confidence": min_confidence}},
    )
    assert status == 200, body
    return body


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def shown_mentions(driver: Any) -> list[dict[str, Any]]:
    """Each mention as the page shows it: the text of its span(s), cluster and colour."""
    return list(
        driver.execute_script(
            """
            return Array.from(document.querySelectorAll('#mentions .m')).map(function (el) {
              return {cluster: Number(el.dataset.cluster), text: el.textContent,
                      colour: getComputedStyle(el).backgroundColor, title: el.title,
                      replaced: el.classList.contains('replaced')};
            });
            """
        )
    )


def test_viewer_highlights_mentions_and_shows_the_resolved_text(
    service: ServiceProcess, browser: Any, tmp_path: Path
) -> None:
    resolve_in_viewer(browser, service.url + "/", PARAGRAPH)
    threshold = float(browser.find_element(By.ID, "confidence").get_attribute("value"))
    expected = api(service, PARAGRAPH, threshold)
    assert expected["clusters"] and expected["replacements"]  # a text worth showing

    assert browser.find_element(By.ID, "mentions").text == PARAGRAPH
    assert browser.find_element(By.ID, "resolved").text == expected["resolved_text"]

    # Every mention is highlighted with exactly its text, in its cluster's colour.
    spans = shown_mentions(browser)
    outermost = [
        (c["id"], m["text"])
        for c in expected["clusters"]
        for m in c["mentions"]
        if not any(
            (o["start"], o["end"]) != (m["start"], m["end"])
            and o["start"] <= m["start"]
            and m["end"] <= o["end"]
            for c2 in expected["clusters"]
            for o in c2["mentions"]
        )
    ]
    assert sorted(outermost) == sorted((s["cluster"], s["text"]) for s in spans)
    colours: dict[int, set[str]] = {}
    for s in spans:
        colours.setdefault(s["cluster"], set()).add(s["colour"])
        assert s["title"].startswith(f"cluster {s['cluster']}")
    assert all(len(c) == 1 for c in colours.values()), colours
    assert len({next(iter(c)) for c in colours.values()}) == len(colours)

    # Replacements are marked in the resolved text, and the replaced mentions in the text.
    marked = browser.find_elements(By.CSS_SELECTOR, "#resolved .r")
    assert [m.text for m in marked] == [r["replacement"] for r in expected["replacements"]]
    assert sum(s["replaced"] for s in spans) == len(expected["replacements"])

    png = browser.get_screenshot_as_png()
    assert png_size(png) == (1280, 800)
    shot = tmp_path / "viewer.png"
    shot.write_bytes(png)
    print(f"screenshot: {shot}")


def test_hover_shows_the_cluster_and_its_confidence(service: ServiceProcess, browser: Any) -> None:
    resolve_in_viewer(browser, service.url + "/", PARAGRAPH)
    first = browser.find_element(By.CSS_SELECTOR, "#mentions .m")
    cluster = first.get_attribute("data-cluster")
    ActionChains(browser).move_to_element(first).perform()
    detail = browser.find_element(By.ID, "detail")
    wait_for(browser, lambda: detail.text.startswith(f"cluster {cluster}"), 10, "the hover")
    assert "confidence" in detail.text
    lit = browser.find_elements(By.CSS_SELECTOR, ".doc .on")
    assert lit and {e.get_attribute("data-cluster") for e in lit} == {cluster}
    # Keyboard: focusing a cluster's button lights up its mentions too.
    button = browser.find_elements(By.CSS_SELECTOR, "#clusters button")[-1]
    other = button.get_attribute("data-cluster")
    browser.execute_script("arguments[0].focus()", button)
    lit = browser.find_elements(By.CSS_SELECTOR, ".doc .on")
    assert lit and {e.get_attribute("data-cluster") for e in lit} == {other}


def test_confidence_slider_re_renders_the_replacements(
    service: ServiceProcess, browser: Any
) -> None:
    resolve_in_viewer(browser, service.url + "/", PARAGRAPH)
    confident = api(service, PARAGRAPH, 1.0)
    lenient = api(service, PARAGRAPH, 0.0)
    assert len(confident["replacements"]) < len(lenient["replacements"])  # the slider matters

    slider = browser.find_element(By.ID, "confidence")
    summary = browser.find_element(By.ID, "summary")
    for key, value, want in ((Keys.END, "1.00", confident), (Keys.HOME, "0.00", lenient)):
        slider.send_keys(key)  # the keyboard moves the slider as a user would
        assert browser.find_element(By.ID, "confidence-value").text == value
        wait_for(browser, lambda v=value: summary.text.endswith(f"{v}."), 30, "re-rendering")
        wait_for(
            browser,
            lambda w=want: browser.find_element(By.ID, "resolved").text == w["resolved_text"],
            30,
            f"the resolved text at {value}",
        )
        marked = browser.find_elements(By.CSS_SELECTOR, "#resolved .r")
        assert len(marked) == len(want["replacements"])


def test_controls_are_labelled_and_keyboard_focus_is_visible(
    service: ServiceProcess, browser: Any
) -> None:
    browser.get(service.url + "/")
    unlabelled = browser.execute_script(
        """
        return Array.from(document.querySelectorAll('textarea, select, input'))
          .filter(function (el) { return !el.labels || el.labels.length === 0; })
          .map(function (el) { return el.id; });
        """
    )
    assert unlabelled == []
    seen: list[str] = []
    for _ in range(10):  # through the page's controls, until focus leaves the page
        ActionChains(browser).send_keys(Keys.TAB).perform()  # as a keyboard user moves
        active = browser.switch_to.active_element
        if active.tag_name == "body":
            break
        seen.append(active.get_attribute("id") or active.tag_name)
        outline = browser.execute_script(
            "var s = getComputedStyle(document.activeElement);"
            "return [s.outlineStyle, parseFloat(s.outlineWidth)];"
        )
        assert outline[0] != "none" and outline[1] >= 2, (seen[-1], outline)
    assert seen == ["example", "text", "replace", "confidence", "resolve"]


def test_errors_are_shown_on_the_page(service: ServiceProcess, browser: Any) -> None:
    browser.get(service.url + "/")
    box = browser.find_element(By.ID, "text")
    status = browser.find_element(By.ID, "status")
    box.send_keys("   ", Keys.CONTROL, Keys.ENTER)
    wait_for(browser, lambda: "Type or paste a text first" in status.text, 10, "the message")
    assert "error" in (status.get_attribute("class") or "")
    # The service's own refusal, with its reason: a pasted text over the limit.
    limit = get_json(service.url + "/healthz")["limits"]["max_text_chars"]
    status_code, reply = post_json(service.url + "/v1/resolve", {"text": "a " * limit})
    assert status_code == 413
    browser.execute_script(
        "var t = document.getElementById('text'); t.value = arguments[0];"
        "t.dispatchEvent(new Event('input'));",
        "a " * limit,
    )
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    wait_for(browser, lambda: status.text.startswith("Error 413"), 30, "the 413")
    assert reply["detail"] in status.text
    assert browser.find_element(By.ID, "count").text.startswith(f"{2 * limit:,} / {limit:,}")


@pytest.mark.parametrize("width", [390, 1280])
def test_layout_fits_the_window(service: ServiceProcess, tmp_path: Path, width: int) -> None:
    driver = chromium_driver(tmp_path / "profile", width, 800)
    try:
        resolve_in_viewer(driver, service.url + "/", PARAGRAPH)
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"horizontal scrolling at {width} px"
        mentions = driver.find_element(By.ID, "mentions").rect
        resolved = driver.find_element(By.ID, "resolved").rect
        if width < 800:  # stacked: the resolved text below the mentions
            assert resolved["y"] >= mentions["y"] + mentions["height"]
        else:  # side by side, both on screen
            assert resolved["y"] == mentions["y"] and resolved["x"] > mentions["x"]
            assert resolved["y"] + 100 < 800
        (tmp_path / f"viewer-{width}.png").write_bytes(driver.get_screenshot_as_png())
    finally:
        driver.quit()


def test_the_slider_starts_at_the_services_own_default_threshold(browser: Any) -> None:
    # 0.68 (an earlier fast default) is off a 0.05 grid: such a slider showed and sent 0.70
    with ServiceProcess(
        ["--resolver", "baseline", "--no-access-log", "--min-confidence", "0.68"]
    ) as s:
        assert get_json(s.url + "/healthz")["min_confidence"] == 0.68
        browser.get(s.url + "/")
        label = browser.find_element(By.ID, "confidence-value")
        wait_for(browser, lambda: label.text == "0.68", 10, "the slider set from /healthz")
        slider = browser.find_element(By.ID, "confidence")
        assert float(slider.get_attribute("value")) == 0.68


class _FakeBox:
    def __init__(self) -> None:
        self.value = ""

    def send_keys(self, keys: str) -> None:
        # What newer ChromeDrivers do with characters outside the BMP.
        if any(ord(c) > 0xFFFF for c in keys):
            raise ValueError("ChromeDriver only supports characters in the BMP")
        self.value += keys


class _FakeDriver:
    def execute_script(self, script: str, box: _FakeBox, text: str) -> None:
        assert "setRangeText" in script and "input" in script
        box.value += text


def test_typing_sends_chromedriver_only_bmp_characters_and_inserts_the_rest() -> None:
    box = _FakeBox()
    type_text(_FakeDriver(), box, PARAGRAPH + " 👍🏽 end 𝔸")
    assert box.value == PARAGRAPH + " 👍🏽 end 𝔸"
