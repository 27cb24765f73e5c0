"""Open every HTML report in headless Chromium with the network blocked.

Run by ``make test-browser`` after ``make report``. Checks, for every page: no
console errors, every image loaded, no request leaves the machine, and article
markup never becomes live; a title of its own and a text description on every
image. Saves a 1280 px wide screenshot of each page to ``<reports>/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPORTS = Path(os.environ.get("REPORTS", Path(__file__).resolve().parents[2] / "reports")).resolve()
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = sorted(REPORTS.glob("*.html"))

pytestmark = pytest.mark.skipif(not PAGES, reason=f"no reports in {REPORTS}: run `make report`")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-quic"])
        yield browser
        browser.close()


@pytest.mark.parametrize("page_path", PAGES, ids=[p.name for p in PAGES])
def test_page_renders_offline(browser, page_path: Path) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    external: list[str] = []

    def route(route) -> None:
        url = route.request.url
        if urlparse(url).scheme in ("file", "data", "blob", "about"):
            route.continue_()
        else:  # the network is blocked: record and refuse
            external.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append(f"live script opened a dialog: {d.message}"),
                                 d.dismiss()))
    page.goto(page_path.as_uri(), wait_until="load")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # trigger lazy images
    page.wait_for_load_state("load")
    # Give every image time to finish decoding (a slow machine can lag behind
    # the load event); a broken image still fails the check below.
    try:
        page.wait_for_function("Array.from(document.images).every(i => i.complete)",
                               timeout=15_000)
    except PlaywrightTimeout:  # the assertion below names the images
        pass
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.getAttribute('src').slice(0, 80))")
    n_images = page.evaluate("document.images.length")
    live = page.evaluate(
        "[...document.querySelectorAll('*')].filter(e => [...e.attributes].some("
        "a => a.name.startsWith('on'))).length"
        " + [...document.scripts].filter(s => s.textContent.includes('alert(')).length"
        " + document.querySelectorAll('iframe, object, embed').length")
    shots = REPORTS / "screenshots"
    shots.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / f"{page_path.stem}.png"))
    context.close()
    assert not errors, f"console errors: {errors}"
    assert not external, f"requests to external hosts: {external}"
    assert not broken, f"{len(broken)} of {n_images} images did not load: {broken}"
    assert live == 0, "live markup (event handlers, injected scripts or frames) in the page"


@pytest.mark.parametrize("page_path", PAGES, ids=[p.name for p in PAGES])
def test_page_has_a_title_and_describes_every_image(page_path: Path) -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    title = soup.title.get_text().strip() if soup.title else ""
    assert title and title != "Notebook", f"page title {title!r}"
    if page_path.name != "index.html":  # NN-name.edition.html: "NN · Lesson — Edition edition"
        number, edition = page_path.name[:2], page_path.name.split(".")[-2]
        assert title.startswith(f"{number} · "), title
        assert title.endswith(f" — {edition.capitalize()} edition"), title
    assert "No description has been provided" not in soup.get_text(" ")
    missing = [img.get("src", "")[:60] for img in soup.find_all("img")
               if not img.get("alt", "").strip()]
    assert not missing, f"{len(missing)} images without alt text: {missing}"
