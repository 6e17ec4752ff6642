"""The built site in a real browser: Chromium, driven by Playwright, against 127.0.0.1.

The site is built once per session (the `built_site` fixture, sharing the session's lecture
cache) and served by a `http.server` thread on a free port. Each page is visited once; the
tests then check what that visit recorded, at 1280 x 900. Screenshots of the lecture pages go to
`test-artifacts/screenshots/`.

Without Chromium the tests skip, saying how to install it; with AEGAN_REQUIRE_BROWSER=1 (set
by .ci/run) a missing browser fails them instead.
"""

import functools
import http.server
import os
import re
import shutil
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Debian's Chromium (`apt-get install chromium`), wherever the PATH finds it; AEGAN_CHROMIUM
#: names another Chromium-based browser (GitHub's runners have Google Chrome).
CHROMIUM = Path(os.environ.get("AEGAN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
LECTURE_NAMES = sorted(path.stem for path in (ROOT / "lectures").glob("*.py"))
#: The hand-written pages, evidence pages included (docs/evidence/*.md), as the site serves them.
DOC_PAGES = sorted(
    "" if path.stem == "index" else f"{path.relative_to(ROOT / 'docs').with_suffix('')}/"
    for path in [*(ROOT / "docs").glob("*.md"), *(ROOT / "docs" / "evidence").glob("*.md")]
)
PAGES = [*DOC_PAGES, "api/", *(f"lectures/{name}/" for name in LECTURE_NAMES)]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]


@dataclass
class Visit:
    """What loading one page recorded."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    internal_links: set[str] = field(default_factory=set)
    math_elements: int = 0
    raw_math: list[str] = field(default_factory=list)
    mathjax_version: str | None = None
    details: list[dict] = field(default_factory=list)
    facts: str = ""
    overflowing: list[str] = field(default_factory=list)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page that is closed while a file is still streaming drops its connection.
        if not issubclass(sys.exc_info()[0], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site_url(built_site):
    """Serve the built site on 127.0.0.1 on a free port and return its address."""
    process, site_dir = built_site
    if process.returncode != 0:
        pytest.fail(f"the site did not build:\n{process.stderr[-3000:]}")
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """Launch Debian's Chromium headless with a fresh profile, or skip (fail in CI) without it."""
    if not CHROMIUM.is_file():
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
            "to run the browser tests"
        )
        if os.environ.get("AEGAN_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (AEGAN_REQUIRE_BROWSER=1 makes them mandatory)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


WAIT_FOR_MATH = """async () => {
  if (window.MathJax && window.MathJax.startup) await window.MathJax.startup.promise;
  if (window.mkdocsJupyterMathJax) await window.mkdocsJupyterMathJax.refresh();
}"""

DECODE_IMAGES = """async () => {
  const broken = [];
  for (const image of Array.from(document.images)) {
    image.loading = "eager";
    try { await image.decode(); } catch (error) {}
    if (!(image.complete && image.naturalWidth > 0)) broken.push(image.src.slice(0, 100));
  }
  return broken;
}"""

# The page's visible text without code, scripts and typeset math: raw TeX left here means
# MathJax did not typeset it.
VISIBLE_TEXT = """() => {
  const article = document.querySelector("article") || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll("pre, code, script, style, mjx-container, .highlight-ipynb")
    .forEach(node => node.remove());
  return copy.textContent;
}"""

# Whether a <details> is open, whether its body (the solution's code) can be seen, and whether
# an executed output inside it can.
DETAILS_STATE = """nodes => nodes.map(node => ({
  open: node.open,
  summary: node.querySelector("summary")?.textContent.trim(),
  body_visible: Array.from(node.children).filter(child => child.tagName !== "SUMMARY")
    .some(child => child.checkVisibility()),
  output_visible: Array.from(node.querySelectorAll(".jp-OutputArea-output"))
    .some(output => output.checkVisibility()),
}))"""

# Every code block, output and table of the article against the article's column: its right
# edge beyond the column's, content wider than its box (cut off or scrolling sideways), or
# text that wraps (the block is shorter with wrapping turned off).
OVERFLOWING = """() => {
  const article = document.querySelector("article") || document.body;
  const column = article.getBoundingClientRect();
  const wraps = block => {
    const before = block.getBoundingClientRect().height;
    const nodes = [block, ...block.querySelectorAll("*")];
    const saved = nodes.map(node => ["white-space", node.style.getPropertyValue("white-space"),
      node.style.getPropertyPriority("white-space")]);
    nodes.forEach(node => node.style.setProperty("white-space", "pre", "important"));
    const after = block.getBoundingClientRect().height;
    nodes.forEach((node, index) => node.style.setProperty(...saved[index]));
    return after < before - 1;
  };
  const found = [];
  for (const block of article.querySelectorAll("pre, pre > code, .jp-OutputArea-output, table")) {
    if (!block.checkVisibility()) continue;
    const cell = block.closest("[id^='cell-id=']")?.id.replace("cell-id=", "") || "page";
    const text = `${cell}: ${block.textContent.trim().split("\\n")[0].slice(0, 60)}`;
    if (block.getBoundingClientRect().right > column.right + 1)
      found.push(`wider than the column, ${text}`);
    if (block.scrollWidth > block.clientWidth + 1) found.push(`wider than its box, ${text}`);
    if (block.tagName === "PRE" && wraps(block)) found.push(`wraps, ${text}`);
  }
  return found;
}"""

RAW_MATH = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\$[^$\s][^$\n]*\$")


@pytest.fixture(scope="session")
def visit(browser_context, site_url):
    """Return a function that visits a page once per session and returns what it recorded."""
    visits: dict[str, Visit] = {}
    host = urlsplit(site_url).netloc

    def run(path: str) -> Visit:
        if path in visits:
            return visits[path]
        record = Visit(url=site_url + path)
        page = browser_context.new_page()

        def route(route):
            if urlsplit(route.request.url).netloc == host or route.request.url.startswith(
                ("data:", "blob:")
            ):
                route.continue_()
            else:
                record.foreign_requests.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        page.on(
            "console",
            lambda message: (
                record.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: record.console_errors.append(str(error)))
        page.goto(record.url, wait_until="load")
        page.evaluate(WAIT_FOR_MATH)
        record.broken_images = page.evaluate(DECODE_IMAGES)
        links = page.eval_on_selector_all("a[href]", "anchors => anchors.map(a => a.href)")
        record.internal_links = {
            urldefrag(link).url for link in links if urlsplit(link).netloc == host
        }
        record.math_elements = page.locator("mjx-container").count()
        record.raw_math = RAW_MATH.findall(page.evaluate(VISIBLE_TEXT))
        record.mathjax_version = page.evaluate("() => window.MathJax && window.MathJax.version")
        record.details = page.eval_on_selector_all("article details", DETAILS_STATE)
        if record.details:  # open every solution, then read their state again
            page.eval_on_selector_all(
                "article details > summary", "nodes => nodes.forEach(n => n.click())"
            )
            for before, after in zip(
                record.details,
                page.eval_on_selector_all("article details", DETAILS_STATE),
                strict=True,
            ):
                before["opened"] = after
        record.overflowing = page.evaluate(OVERFLOWING)  # with every solution open
        facts = page.locator(".lecture-facts")
        record.facts = facts.inner_text() if facts.count() else ""
        if path.startswith("lectures/"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = path.strip("/").split("/")[-1]
            page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
            # Dark as a reader gets it: click the palette toggle, let the colours settle, and
            # click back (the choice is stored for the whole session's later pages).
            toggle = page.locator("label.md-header__button[for^='__palette']:visible").first
            toggle.click()
            page.wait_for_timeout(800)
            page.screenshot(path=SCREENSHOTS / f"{name}-dark.png")
            toggle = page.locator("label.md-header__button[for^='__palette']:visible").first
            toggle.click()
        page.close()
        visits[path] = record
        return record

    return run


@functools.cache
def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("path", PAGES)
class TestEveryPage:
    """Every page loads cleanly, stays on its own host and typesets its math."""

    def test_no_console_errors(self, visit, path):
        """The page logs no error to the console and throws no uncaught exception."""
        assert visit(path).console_errors == []

    def test_no_request_leaves_the_site(self, visit, path):
        """Every request the page makes goes to the site's own host."""
        assert visit(path).foreign_requests == []

    def test_every_image_decodes(self, visit, path):
        """Every image on the page decodes to a picture with a width."""
        assert visit(path).broken_images == []

    def test_every_internal_link_answers_200(self, visit, path):
        """Every link to the site itself, downloads included, answers 200."""
        record = visit(path)
        assert record.internal_links, "a page with no link at all"
        assert {link: _status(link) for link in record.internal_links if _status(link) != 200} == {}

    def test_math_is_typeset(self, visit, path):
        """MathJax (the site's own copy) ran and left no raw TeX delimiters in the text."""
        record = visit(path)
        assert record.mathjax_version and record.mathjax_version.startswith("3.")
        assert record.raw_math == []


@pytest.mark.parametrize("path", PAGES)
def test_no_block_overflows_its_column(visit, path):
    """At 1280 px no code block, output or table (solutions open) is wider than the article's
    column, cut off, scrolling sideways, or wrapping a line."""
    assert visit(path).overflowing == []


def test_assignments_math_is_typeset(visit):
    """The assignments page, which has math, shows MathJax output elements."""
    assert visit("assignments/").math_elements > 0


@pytest.mark.parametrize("name", LECTURE_NAMES)
class TestLecturePage:
    """Each lecture page says how it ran, offers its downloads and hides its solutions."""

    def test_facts_name_date_and_versions(self, visit, name):
        """The box under the title gives the execution date and TensorFlow/Keras versions."""
        facts = visit(f"lectures/{name}/").facts
        assert re.search(r"Executed \d{4}-\d\d-\d\d \d\d:\d\d UTC in [\d.]+ s", facts)
        assert re.search(r"TensorFlow \d+\.\d+", facts)
        assert re.search(r"Keras \d+\.\d+", facts)

    def test_download_links_are_offered(self, visit, site_url, name):
        """The page links to its script and its executed notebook, both served by the site."""
        links = visit(f"lectures/{name}/").internal_links
        assert f"{site_url}lectures/{name}/{name}.py" in links
        assert f"{site_url}lectures/{name}/{name}.ipynb" in links

    def test_solutions_start_collapsed(self, visit, name):
        """Every solution is a collapsed <details> whose body shows only once opened."""
        for details in visit(f"lectures/{name}/").details:
            assert (details["open"], details["body_visible"]) == (False, False), details
            assert (details["opened"]["open"], details["opened"]["body_visible"]) == (True, True)

    def test_solutions_show_their_executed_outputs(self, visit, name):
        """A lecture with solution cells folds them into "Solution" boxes whose outputs show."""
        source = (ROOT / "lectures" / f"{name}.py").read_text(encoding="utf-8")
        if 'tags=["solution"]' not in source:
            pytest.skip(f"{name} has no solution cells")
        solutions = [
            details
            for details in visit(f"lectures/{name}/").details
            if details["summary"] == "Solution"
        ]
        assert solutions
        for details in solutions:
            assert not details["output_visible"]
            assert details["opened"]["output_visible"]

    def test_screenshot_is_kept(self, visit, name):
        """A light full-page and a dark screenshot of the page are kept with the test output."""
        visit(f"lectures/{name}/")
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
        assert (SCREENSHOTS / f"{name}-dark.png").stat().st_size > 10_000


def test_palette_toggle_switches_to_dark(browser_context, site_url):
    """Clicking the palette toggle switches the page to the dark (slate) scheme."""
    page = browser_context.new_page()
    page.emulate_media(color_scheme="light")
    page.goto(site_url, wait_until="load")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.close()


def test_search_finds_a_lecture(browser_context, site_url):
    """Typing in the search box lists results, served from the site's own index."""
    page = browser_context.new_page()
    page.goto(site_url, wait_until="load")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("autoencoder")  # key by key, as Material listens for keys
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert page.locator(".md-search-result__item").count() > 0
    page.close()


def test_code_has_copy_buttons(browser_context, site_url):
    """Markdown code blocks and notebook code cells both have a copy button."""
    page = browser_context.new_page()
    page.goto(site_url, wait_until="load")
    # Material 9.8 draws its copy button as md-code__button; older releases as md-clipboard.
    assert page.locator("button[data-md-type='copy'], button.md-clipboard").count() > 0
    page.goto(f"{site_url}lectures/{LECTURE_NAMES[0]}/", wait_until="load")
    assert page.locator("clipboard-copy").count() > 0
    page.close()
