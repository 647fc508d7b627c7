"""The HTML report in a real browser: headless Chromium, driven over the DevTools protocol.

The report of seed article 003 (read from ../shared/seeds) is loaded from a file, as a
user would open it, and everything is asserted from the rendered page: highlights and
their colours, the details on click and on keyboard focus, the filters, the phone layout
and print. A copy of the seed with script injected into it shows that the copy never runs.
Screenshots go to pytest's temporary directory (`html-report*/`).

Skipped when no Chromium is installed (Debian: `apt-get install chromium`; elsewhere set
$CHROMIUM to a Chromium or Chrome executable) or when the seed articles are missing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck.cli import main
from claimcheck.findings import Report, Severity
from tests.cdp import Browser, BrowserError, find_chromium
from tests.conftest import SEEDS

SEED = SEEDS / "003_aa76d7ce0544b035.txt"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Written here, not taken from the seed: copy that would run script if it reached the page
# as markup. The second line is a claim, so it is highlighted as well as shown.
INJECTED = (
    "<script>document.title = 'pwned'; window.claimcheckPwned = 1;</script>\n\n"
    "L-serine cures depression in one week <script>window.claimcheckPwned = 2</script> "
    '"><img src=x onerror="window.claimcheckPwned = 3"> </mark></div>'
    '<svg onload="window.claimcheckPwned = 4"></svg>.\n\n'
)
RANK = {severity.value: severity.rank for severity in Severity}


def audit_to(paths: list[Path], output: Path, output_format: str) -> None:
    options = ["-f", output_format, "-o", str(output), "--fail-on", "never"]
    code = main(["audit", *map(str, paths), *options])
    assert code == 0, f"claimcheck audit exited {code}"


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        named = os.environ.get("CHROMIUM")
        where = f"$CHROMIUM={named} is not an executable" if named else "Chromium is not installed"
        pytest.skip(
            f"{where} (Debian: apt-get install chromium; or set $CHROMIUM): "
            "the HTML report's browser tests need a real browser"
        )
    return found


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED} (clone beside ../shared)")
    return tmp_path_factory.mktemp("html-report")


@pytest.fixture(scope="module")
def seed_report(workdir: Path) -> tuple[Path, Report]:
    """The HTML report of seed 003, and the same audit as a `Report` to compare against."""
    page, data = workdir / "seed-003.html", workdir / "seed-003.json"
    audit_to([SEED], page, "html")
    audit_to([SEED], data, "json")
    report = Report.model_validate({"files": json.loads(data.read_text(encoding="utf-8"))["files"]})
    return page, report


@pytest.fixture(scope="module")
def injected_report(workdir: Path) -> Path:
    """A report of seed 003 with script injected into its copy, plus the same as HTML source."""
    seed = SEED.read_text(encoding="utf-8")
    as_text = workdir / "injected.txt"
    as_text.write_text(INJECTED + seed, encoding="utf-8")
    as_html = workdir / "injected.html"
    as_html.write_text(f"<html><body><p>{INJECTED}</p></body></html>", encoding="utf-8")
    page = workdir / "injected-report.html"
    audit_to([as_text, as_html], page, "html")
    return page


@pytest.fixture(scope="module")
def browser(chromium: str, workdir: Path) -> Iterator[Browser]:
    try:
        session = Browser(chromium, workdir / "profile")
    except (BrowserError, OSError) as error:
        pytest.skip(f"Chromium at {chromium} could not be started: {error}")
    with session:
        yield session


@pytest.fixture
def page(browser: Browser, seed_report: tuple[Path, Report]) -> Browser:
    """The seed's report freshly loaded in a desktop-sized window, on screen."""
    browser.call("Emulation.clearDeviceMetricsOverride")
    browser.call("Emulation.setEmulatedMedia", media="")
    browser.open(seed_report[0])
    return browser


def js(expression: str) -> str:
    """An expression run in the page; `$$` is querySelectorAll as an array."""
    return (
        f"(() => {{ const $$ = (s) => Array.from(document.querySelectorAll(s)); {expression} }})()"
    )


def popover_state(page: Browser) -> dict[str, object]:
    return page.evaluate(  # type: ignore[no-any-return]
        js(
            "const p = document.getElementById('popover'); const r = p.getBoundingClientRect();"
            " return {hidden: p.hidden, width: r.width, height: r.height, top: r.top,"
            " bottom: r.bottom, text: p.innerText, position: getComputedStyle(p).position,"
            " links: Array.from(p.querySelectorAll('a'), (a) => a.href),"
            " expanded: $$('mark.hl > a[aria-expanded=true]').map((a) => a.parentElement.id)};"
        )
    )


def span_text(source: str, line: int, column: int, end_line: int, end_column: int) -> str:
    """The characters a finding's 1-based, end-exclusive position covers."""
    lines = source.split("\n")
    start = sum(len(text) + 1 for text in lines[: line - 1]) + column - 1
    end = sum(len(text) + 1 for text in lines[: end_line - 1]) + end_column - 1
    return source[start:end]


# --- the page as loaded -------------------------------------------------------------------


def test_page_loads_without_errors_or_network(page: Browser) -> None:
    assert page.console_errors() == []  # a blocked (CSP) or failing script would log here
    assert page.evaluate("performance.getEntriesByType('resource').length") == 0
    assert page.evaluate("document.getElementById('filters').hidden") is False  # script ran
    assert page.evaluate("document.title").startswith("claimcheck: ")


def test_every_finding_is_highlighted_in_place(
    page: Browser, seed_report: tuple[Path, Report]
) -> None:
    report = seed_report[1]
    source = SEED.read_text(encoding="utf-8")
    shown = page.evaluate(
        js(
            "const texts = {}; for (const m of $$('mark.hl')) for (const id of"
            " m.dataset.findings.split(' ')) texts[id] = (texts[id] || '') + m.textContent;"
            " return texts;"
        )
    )
    assert len(shown) == len(report.findings) > 50
    for index, finding in enumerate(report.findings, start=1):
        expected = span_text(
            source, finding.line, finding.column, finding.end_line, finding.end_column
        )
        assert shown[f"f1-{index}"] == expected


def test_highlights_show_their_most_severe_finding(
    page: Browser, seed_report: tuple[Path, Report]
) -> None:
    marks = page.evaluate(
        js(
            "return $$('mark.hl').map((m) => ({shown: m.dataset.shown,"
            " severities: m.dataset.findings.split(' ').map("
            "(id) => document.getElementById(id).dataset.severity),"
            " colour: getComputedStyle(m).backgroundColor,"
            " focusable: m.firstElementChild.tabIndex === 0}));"
        )
    )
    for mark in marks:
        assert mark["shown"] == max(mark["severities"], key=RANK.__getitem__)
        assert mark["focusable"]
    colours = {mark["shown"]: mark["colour"] for mark in marks}
    assert set(colours) == {"error", "warning", "info"}  # seed 003 has all three
    assert len(set(colours.values())) == 3 and "rgba(0, 0, 0, 0)" not in colours.values()
    counts = {s.value: sum(f.severity is s for f in seed_report[1].findings) for s in Severity}
    chips = page.evaluate(js("return $$('#file-1 .chip .count').map((c) => +c.textContent);"))
    assert chips == [counts["error"], counts["warning"], counts["info"]]


# --- details on click and on focus -------------------------------------------------------


def test_clicking_a_highlight_shows_its_details(
    page: Browser, seed_report: tuple[Path, Report], workdir: Path
) -> None:
    assert popover_state(page)["hidden"] is True
    first_cited = next(
        n for n, f in enumerate(seed_report[1].findings, start=1) if len(f.citations) >= 2
    )
    finding = seed_report[1].findings[first_cited - 1]
    first_of = f"(m) => m.dataset.findings.split(' ')[0] === 'f1-{first_cited}'"
    mark_id = page.evaluate(js(f"return $$('mark.hl').find({first_of}).id;"))
    page.click(f"#{mark_id} > a")
    state = popover_state(page)
    assert state["hidden"] is False and state["expanded"] == [mark_id]
    assert state["width"] > 200 and state["height"] > 100
    text = str(state["text"])
    for expected in (
        finding.verdict.value,
        f"{finding.strength.value} strength",
        f"{finding.stance.value} the claim",
        "overstated",
        finding.suggestion,
        finding.claim_id,
    ):
        assert expected in text
    links = set(state["links"])  # type: ignore[call-overload]
    for citation in finding.citations:
        if citation.pmid:
            assert f"https://pubmed.ncbi.nlm.nih.gov/{citation.pmid}/" in links
        if citation.nct:
            assert f"https://clinicaltrials.gov/study/{citation.nct}" in links
        if citation.doi:
            assert any(link.startswith("https://doi.org/10.") for link in links)
    screenshot = page.screenshot(workdir / "seed-003-details.png")
    assert screenshot.read_bytes().startswith(PNG_SIGNATURE)
    page.click("#popover .close")
    assert popover_state(page)["hidden"] is True


def test_keyboard_focus_shows_details_and_escape_closes(page: Browser) -> None:
    for _ in range(60):  # past the filter boxes to the first highlight
        page.press("Tab")
        if page.evaluate("!!document.activeElement.closest('mark.hl')"):
            break
    else:
        pytest.fail("Tab never reached a highlight")
    focused = page.evaluate("document.activeElement.parentElement.id")
    state = popover_state(page)
    assert state["hidden"] is False and state["expanded"] == [focused]
    assert "Accurate wording" in str(state["text"])
    page.press("Tab")  # into the details: they stay open
    assert page.evaluate("!!document.activeElement.closest('#popover')")
    assert popover_state(page)["hidden"] is False
    page.press("Escape")
    assert popover_state(page)["hidden"] is True
    assert page.evaluate("document.activeElement.parentElement.id") == focused


# --- filters ------------------------------------------------------------------------------


def highlight_counts(page: Browser) -> dict[str, int]:
    return page.evaluate(  # type: ignore[no-any-return]
        js(
            "const counts = {}; for (const m of $$('mark.hl')) counts[m.dataset.shown || 'off'] ="
            " (counts[m.dataset.shown || 'off'] || 0) + 1; return counts;"
        )
    )


def test_severity_filter_hides_and_shows_highlights(page: Browser) -> None:
    before = highlight_counts(page)
    assert before.get("off", 0) == 0
    page.click("input[name=severity][value=error]")
    after = highlight_counts(page)
    assert "error" not in after and after["off"] > 0
    assert sum(after.values()) == sum(before.values())  # the copy is all still there
    hidden = page.evaluate(
        js(
            "const off = $$('mark.hl').filter((m) => m.dataset.shown === '');"
            " return {colours: [...new Set(off.map((m) => getComputedStyle(m).backgroundColor))],"
            " tabbable: off.filter((m) => m.firstElementChild.tabIndex !== -1).length,"
            " cards: $$('ol.findings > li[data-severity=error]').filter((c) => !c.hidden).length,"
            " note: document.getElementById('shown').textContent};"
        )
    )
    assert hidden["colours"] == ["rgba(0, 0, 0, 0)"] and hidden["tabbable"] == 0
    assert hidden["cards"] == 0 and hidden["note"].startswith("Showing ")
    page.click("input[name=severity][value=error]")
    assert highlight_counts(page) == before


def test_verdict_filter_hides_and_shows_highlights(page: Browser) -> None:
    before = highlight_counts(page)
    page.click("input[name=verdict][value=animal-only]")
    remaining = page.evaluate(
        js(
            "return $$('mark.hl').filter((m) => m.dataset.shown !== '').flatMap((m) =>"
            " m.dataset.findings.split(' ').map((id) => document.getElementById(id))"
            ".filter((c) => !c.hidden).map((c) => c.dataset.verdict));"
        )
    )
    assert remaining and "animal-only" not in remaining
    assert highlight_counts(page).get("off", 0) > 0
    page.click("input[name=verdict][value=animal-only]")
    assert highlight_counts(page) == before


# --- copy that is markup ------------------------------------------------------------------


def test_script_in_the_copy_never_runs(browser: Browser, injected_report: Path) -> None:
    browser.call("Emulation.clearDeviceMetricsOverride")
    browser.open(injected_report)
    assert browser.evaluate("typeof window.claimcheckPwned") == "undefined"
    assert browser.evaluate("document.title").startswith("claimcheck: ")
    assert browser.evaluate("document.querySelectorAll('script').length") == 1  # the page's
    injected = "main img, main iframe, main svg:not(.bar), main [onerror], main [onload]"
    assert browser.evaluate(f"document.querySelectorAll({json.dumps(injected)}).length") == 0
    copies = browser.evaluate(js("return $$('.copy').map((c) => c.textContent);"))
    assert len(copies) == 2 and all("window.claimcheckPwned = 2" in copy for copy in copies)
    marked = browser.evaluate(js("return $$('mark.hl').map((m) => m.textContent);"))
    assert any("<script>window.claimcheckPwned = 2</script>" in text for text in marked)
    assert browser.evaluate("document.querySelectorAll('nav.toc a').length") == 2
    assert browser.console_errors() == []


# --- phone and print ----------------------------------------------------------------------


def test_phone_width_has_no_sideways_scrolling(
    page: Browser, seed_report: tuple[Path, Report], workdir: Path
) -> None:
    page.resize(390, 844, mobile=True)
    page.open(seed_report[0])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("mark.hl > a")
    state = popover_state(page)
    assert state["hidden"] is False and state["position"] == "fixed"
    assert state["bottom"] <= 844 + 1 and state["width"] <= 390
    (chosen,) = state["expanded"]  # type: ignore[misc]
    chosen_bottom = page.evaluate(
        f"document.getElementById('{chosen}').getBoundingClientRect().bottom"
    )
    assert 0 < chosen_bottom <= state["top"]  # scrolled above the sheet, still on screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(workdir / "seed-003-phone.png")


def test_print_shows_every_finding_without_controls(page: Browser, workdir: Path) -> None:
    page.call("Emulation.setEmulatedMedia", media="print")
    layout = page.evaluate(
        js(
            "const shown = (s) => $$(s).filter((e) => getComputedStyle(e).display !== 'none');"
            " return {filters: shown('#filters').length, popover: shown('#popover').length,"
            " cards: shown('ol.findings > li').length, all: $$('ol.findings > li').length};"
        )
    )
    assert layout["filters"] == 0 and layout["popover"] == 0
    assert layout["cards"] == layout["all"] > 0
    pdf = page.call("Page.printToPDF", printBackground=True)
    assert len(pdf["data"]) > 1000
    page.call("Emulation.setEmulatedMedia", media="")
