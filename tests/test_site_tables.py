"""The lecture pages in a real browser at 1280 px: every table, output and code block fits.

A table of results wider than the page's column wraps its rows, or an output scrolls
sideways, and the reader loses the columns. Each lecture page of the built site is opened
once in Chromium at 1280 x 900 (the fixtures of tests/test_site_browser.py: the session's
site build, served on 127.0.0.1), and every code block, every output and every table is
measured against the article's column: none may be wider than the column, scroll
sideways, or wrap a line of code or text onto two.

Without Chromium the tests skip, as the other browser tests do.
"""

import pytest
from test_site_browser import LECTURE_NAMES, browser_context, site_url  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]

#: Lecture pages whose tables are still hand-formatted text; they adopt `aegan.tables` later.
NOT_YET = {"05_conditional_generation"}

# For each code block, output and table of the article: its right edge against the column's,
# whether it scrolls sideways, and whether a block of preformatted text is taller than its
# lines (a line wrapped onto two).
MEASURE = """() => {
  const article = document.querySelector("article");
  const column = article.getBoundingClientRect();
  const found = [];
  const blocks = article.querySelectorAll(
    ".jp-Cell pre, .jp-OutputArea-output, .jp-OutputArea-output table"
  );
  for (const block of blocks) {
    if (!block.checkVisibility()) continue;
    const box = block.getBoundingClientRect();
    const text = block.textContent.trim().slice(0, 80);
    if (box.right > column.right + 1) found.push(`wider than the column: ${text}`);
    if (block.scrollWidth > block.clientWidth + 1) found.push(`scrolls sideways: ${text}`);
    if (block.tagName === "PRE") {
      const style = getComputedStyle(block);
      let line = parseFloat(style.lineHeight);
      if (Number.isNaN(line)) line = 1.3 * parseFloat(style.fontSize);
      const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
      const lines = block.textContent.replace(/\\n+$/, "").split("\\n").length;
      if (block.clientHeight - padding > (lines + 0.5) * line) found.push(`wraps: ${text}`);
    }
  }
  return found;
}"""

# Open every folded solution first, so that its code and outputs are measured too.
OPEN_SOLUTIONS = "nodes => nodes.forEach(node => { node.open = true; })"


@pytest.fixture(scope="module")
def measured(browser_context, site_url):  # noqa: F811
    """Return, for each lecture page, the blocks that do not fit its column at 1280 px."""
    found = {}
    for name in LECTURE_NAMES:
        page = browser_context.new_page()
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{site_url}lectures/{name}/", wait_until="load")
        page.eval_on_selector_all("article details", OPEN_SOLUTIONS)
        found[name] = page.evaluate(MEASURE)
        page.close()
    return found


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason="adopts aegan.tables later"))
        if name in NOT_YET
        else name
        for name in LECTURE_NAMES
    ],
)
def test_every_block_fits_the_column(measured, name):
    """No code block, output or table of the page overflows or wraps its column at 1280 px."""
    assert measured[name] == []


def test_tables_are_html_tables(site_url, browser_context):  # noqa: F811
    """The pages that show tables of results show them as HTML tables (`aegan.tables`)."""
    page = browser_context.new_page()
    counts = {}
    for name in ("01_pca_vs_autoencoder", "02_ring_autoencoder", "04_gan_1d_function"):
        page.goto(f"{site_url}lectures/{name}/", wait_until="load")
        counts[name] = page.locator("article .jp-OutputArea-output table").count()
    page.close()
    assert all(count >= 2 for count in counts.values()), counts
