"""The console in a real browser: Debian's chromium driven by Selenium against a real ``provguard serve``.

Screenshots go to $CONSOLE_SCREENSHOTS when set (docs/console/ for the README), else to a temp dir.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from PIL import Image

from tests.conftest import IMAGES
from tests.test_console_harness import *  # noqa: F403  (fixtures: console, console_upstream)
from tests.test_console_harness import ConsoleServer

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
C2PA_FIXTURE = IMAGES / "c2pa-extension-validator" / "DALL-E_cloud_surfing_puppy.webp"
HOSTILE = ('photo of Barack Obama <script>window.__pwned=1;alert(1)</script> '
           '"><img src=x onerror="window.__pwned=2;alert(2)"> \u202eevil\u202c')


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("the browser tests need Debian's chromium and chromium-driver "
                    "(apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager download anything
    profile = tmp_path_factory.mktemp("chromium-profile")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1280,1100", "--lang=en-US"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opts)
    drv.set_page_load_timeout(60)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Any, str], Path]:
    target = Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    target.mkdir(parents=True, exist_ok=True)

    def save(drv: Any, name: str) -> Path:
        height = drv.execute_script("return Math.min(2400, document.documentElement.scrollHeight)")
        drv.set_window_size(1280, max(800, int(height) + 120))
        path = target / f"{name}.png"
        drv.save_screenshot(str(path))
        drv.set_window_size(1280, 1100)
        assert path.stat().st_size > 10_000
        return path

    return save


def wait(drv: Any, predicate: Callable[[Any], Any], timeout: float = 20.0) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(drv, timeout, poll_frequency=0.2).until(predicate)


def css(drv: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return drv.find_element(By.CSS_SELECTOR, selector)


def css_all(drv: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(drv.find_elements(By.CSS_SELECTOR, selector))


def browser_sign_in(drv: Any, url: str, key: str) -> None:
    drv.get(url + "/console/login")
    css(drv, "#api_key").send_keys(key)
    css(drv, "#sign-in").click()
    wait(drv, lambda d: "/console/login" not in d.current_url or css_all(d, "#login-error"))


def no_alert(drv: Any) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        drv.switch_to.alert  # noqa: B018
    except NoAlertPresentException:
        return True
    return False


def csp_violations(drv: Any) -> list[str]:
    return [e["message"] for e in drv.get_log("browser")
            if "Content Security Policy" in e["message"] or "Refused to" in e["message"]]


def test_member_key_is_refused_in_the_browser(console: ConsoleServer, driver: Any) -> None:
    browser_sign_in(driver, console.url, console.key("acme", "member"))
    assert "member keys are refused" in css(driver, "#login-error").text
    assert driver.get_cookie("provguard_console") is None


def test_reviewer_works_the_queue_audits_inspects_and_signs_out(
        console: ConsoleServer, driver: Any, shots: Callable[[Any, str], Path], tmp_path: Path) -> None:
    member, reviewer = console.key("acme", "member"), console.key("acme", "reviewer")
    oa = openai.OpenAI(base_url=console.url + "/v1", api_key=member, max_retries=0, timeout=30)
    with pytest.raises(openai.BadRequestError):
        oa.images.generate(prompt="news photo of Joe Biden being arrested by police")
    signed = base64.b64decode(oa.images.generate(prompt="a watercolor lighthouse at dawn",
                                                 response_format="b64_json").data[0].b64_json or "")
    with httpx.Client(base_url=console.url, headers={"authorization": f"Bearer {member}"}) as http:
        for i in range(5):
            assert http.post("/v1/screen", json={"prompt": f"a cat on a sofa, take {i}"}).status_code == 200

    browser_sign_in(driver, console.url, reviewer)
    assert driver.current_url.endswith("/console/reviews")
    cookie = driver.get_cookie("provguard_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    # a request held after the page loaded appears without a reload (the page polls)
    marker = driver.execute_script("window.__sameDocument = 42; return window.__sameDocument")
    review_id = console.hold(member)
    row = wait(driver, lambda d: css_all(d, f'tr[data-review="{review_id}"] a'), timeout=30)[0]
    assert driver.execute_script("return window.__sameDocument") == marker  # no navigation happened
    shots(driver, "queue")
    row.click()
    wait(driver, lambda d: css_all(d, "mark.hl"))
    marks = css_all(driver, "mark.hl")
    assert any("Barack Obama" in m.text for m in marks)
    finding = next(li.text for li in css_all(driver, "ol.findings li") if "person.gazetteer" in li.text)
    assert "Barack Obama" in finding and "signal person" in finding and "category impersonation" in finding
    assert css(driver, "#requester").text != ""
    shots(driver, "review")
    css(driver, "#reason").send_keys("Satire column; the image is labelled as AI-generated.")
    css(driver, "#approve").click()
    wait(driver, lambda d: css_all(d, "#outcome"))
    assert "approved" in css(driver, "#outcome").text
    assert css(driver, "#review-status").text == "approved"

    # the approval is a review.override record with a verified inclusion proof
    css(driver, "#override-link").click()
    wait(driver, lambda d: css_all(d, "#proof-status"))
    assert "verified" in css(driver, "#proof-status").text
    assert "review.override" in css(driver, "#record-json").text
    # the held request itself, found by request id in the log
    request_id = console.sql("SELECT request_id FROM tenancy_reviews WHERE review_id = ?", (review_id,))[0][0]
    driver.get(console.url + "/console/audit")
    css(driver, "#f-request-id").send_keys(request_id)
    css(driver, "#apply-filter").click()
    from selenium.common.exceptions import StaleElementReferenceException

    def filtered(d: object) -> bool:
        # the table is re-rendered when the filter's answer arrives: read it again until it is that answer
        try:
            rows = css_all(d, "#records tbody tr[data-seq]")
            return bool(rows) and all(request_id in r.text for r in rows)
        except StaleElementReferenceException:
            return False

    wait(driver, filtered)
    shots(driver, "audit-log")
    css(driver, "#records tbody tr[data-seq] a").click()
    wait(driver, lambda d: css_all(d, "#proof-status"))
    assert "Inclusion proof verified" in css(driver, "#proof-status").text
    assert "Barack Obama" in css(driver, "#record-json").text
    shots(driver, "record")

    # inspect: a C2PA fixture and an image provguard signed (which links to its decision record)
    mine = tmp_path / "provguard-signed.webp"
    mine.write_bytes(signed)
    driver.get(console.url + "/console/inspect")
    css(driver, "#files").send_keys(f"{C2PA_FIXTURE}\n{mine}")
    css(driver, "#inspect-submit").click()
    wait(driver, lambda d: len(css_all(d, "article.result")) == 2)
    first, second = css_all(driver, "article.result")
    assert "DALL-E_cloud_surfing_puppy.webp" in first.text
    assert first.find_element("css selector", ".verdict").text == "ai_generated"
    assert "c2pa.created" in first.text or "c2pa.actions" in first.text
    assert first.find_element("css selector", ".active-manifest").text.startswith("urn:")
    assert "OpenAI" in first.text  # the signer of the manifest chain
    link = second.find_element("css selector", "a.decision-link")
    shots(driver, "inspect")
    link.click()
    wait(driver, lambda d: css_all(d, "#proof-status"))
    assert "verified" in css(driver, "#proof-status").text
    assert "generation.request" in css(driver, "#record-json").text

    # dashboard: charts render on canvases (pixels drawn), numbers match the team's decisions
    driver.get(console.url + "/console/dashboard?window=24h")
    wait(driver, lambda d: css(d, "#dashboard").get_attribute("data-ready") == "1")
    for canvas in css_all(driver, "canvas"):
        assert canvas.get_attribute("data-rendered") == "1"
        drawn = driver.execute_script(
            "var c = arguments[0], d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
            "for (var i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;", canvas)
        assert drawn > 500, canvas.get_attribute("id")
    assert int(css(driver, "#t-total").text) >= 4
    assert css(driver, "#t-p50").text != "–"
    shots(driver, "dashboard")
    assert csp_violations(driver) == []

    css(driver, "#sign-out").click()
    wait(driver, lambda d: d.current_url.endswith("/console/login"))
    assert driver.get_cookie("provguard_console") is None
    driver.get(console.url + "/console/reviews")
    assert driver.current_url.endswith("/console/login")


def test_hostile_prompt_and_file_name_render_as_inert_text(
        console: ConsoleServer, driver: Any, shots: Callable[[Any, str], Path], tmp_path: Path) -> None:
    member, reviewer = console.key("acme", "member"), console.key("acme", "reviewer")
    review_id = console.hold(member, prompt=HOSTILE)
    driver.get_log("browser")  # drop earlier entries
    browser_sign_in(driver, console.url, reviewer)
    driver.get(f"{console.url}/console/reviews/{review_id}")
    wait(driver, lambda d: css_all(d, "#prompt"))
    text = css(driver, "#prompt").text
    assert "<script>window.__pwned=1;alert(1)</script>" in text
    assert '"><img src=x onerror="window.__pwned=2;alert(2)">' in text
    assert "⟨U+202E⟩" in text and "⟨U+202C⟩" in text  # the override is shown, not obeyed
    assert no_alert(driver)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert css_all(driver, 'img[src="x"]') == []
    scripts = driver.execute_script(
        "return Array.from(document.scripts).map(function (s) { return s.getAttribute('src') || 'INLINE'; })")
    assert scripts and all(s.startswith("/console/static/") for s in scripts)
    shots(driver, "hostile-prompt")
    # the queue's JSON rows are built with textContent too
    driver.get(console.url + "/console/reviews")
    wait(driver, lambda d: css_all(d, f'tr[data-review="{review_id}"]'))
    wait(driver, lambda d: "updated" in css(d, "#queue-updated").text)  # a poll re-rendered the rows
    assert no_alert(driver) and driver.execute_script("return typeof window.__pwned") == "undefined"

    hostile = tmp_path / '"><img src=x onerror=alert(3)>\u202egnp.png'
    Image.new("RGB", (64, 48), (200, 30, 30)).save(hostile, "PNG")
    driver.get(console.url + "/console/inspect")
    css(driver, "#files").send_keys(str(hostile))
    css(driver, "#inspect-submit").click()
    wait(driver, lambda d: css_all(d, "article.result"))
    name = css(driver, "article.result h2.filename").text
    # (Chromium sends '"' in a multipart file name as %22, per the HTML spec)
    assert "><img src=x onerror=alert(3)>" in name and "⟨U+202E⟩" in name
    assert no_alert(driver) and css_all(driver, 'img[src="x"]') == []
    assert csp_violations(driver) == []


def test_keyboard_only_review(console: ConsoleServer, driver: Any, shots: Callable[[Any, str], Path]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    member, reviewer = console.key("acme", "member"), console.key("acme", "reviewer")
    review_id = console.hold(member)
    browser_sign_in(driver, console.url, reviewer)
    driver.get(f"{console.url}/console/reviews/{review_id}")
    wait(driver, lambda d: css_all(d, "#reason"))
    # every form control has an accessible name
    unlabelled = driver.execute_script("""
        return Array.from(document.querySelectorAll('input:not([type=hidden]), textarea, select, button'))
          .filter(function (e) {
            return !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.textContent.trim());
          }).map(function (e) { return e.outerHTML; });""")
    assert unlabelled == []
    order: list[str] = []
    actions = ActionChains(driver)
    for _ in range(60):
        actions.send_keys(Keys.TAB).perform()
        el = driver.switch_to.active_element
        ident = el.get_attribute("id") or el.get_attribute("href") or el.tag_name
        order.append(ident)
        style = driver.execute_script(
            "var s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];", el)
        assert style[0] != "none" and style[1] != "0px", f"no visible focus on {ident}"
        if ident == "reason":
            break
    assert order[0].endswith("#main")  # the skip link comes first
    assert order[-1] == "reason", order
    driver.switch_to.active_element.send_keys("Checked with the requester: a labelled parody.")
    actions.send_keys(Keys.TAB).perform()
    assert driver.switch_to.active_element.get_attribute("id") == "approve"
    shots(driver, "keyboard-focus")
    actions.send_keys(Keys.ENTER).perform()
    wait(driver, lambda d: css_all(d, "#outcome"))
    assert "approved" in css(driver, "#outcome").text


def test_drag_and_drop_inspects_the_dropped_image(console: ConsoleServer, driver: Any) -> None:
    browser_sign_in(driver, console.url, console.key("acme", "reviewer"))
    driver.get(console.url + "/console/inspect")
    payload = base64.b64encode(C2PA_FIXTURE.read_bytes()).decode()
    listed = driver.execute_script("""
        var raw = atob(arguments[0]), bytes = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
        var dt = new DataTransfer();
        dt.items.add(new File([bytes], "dropped-puppy.webp", {type: "image/webp"}));
        var zone = document.getElementById("dropzone");
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
        var over = zone.classList.contains("over");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
        return [over, document.getElementById("files").files.length,
                document.getElementById("chosen").textContent];
        """, payload)
    assert listed[0] is True and listed[1] == 1 and "dropped-puppy.webp" in listed[2]
    css(driver, "#inspect-submit").click()
    wait(driver, lambda d: css_all(d, "article.result"))
    result = css(driver, "article.result")
    assert "dropped-puppy.webp" in result.text
    assert result.find_element("css selector", ".verdict").text == "ai_generated"
    assert result.find_element("css selector", ".c2pa-state").text == "Valid"
