"""The HTML leaderboard in a real headless Chromium: loads clean, sorts, drills down, compares
two systems, opens from its URL fragment, and shows hostile text as text.

Screenshots go to pytest's temporary folder, never into the checkout; to keep them for a person
to look at, name a folder in ``SUMMBENCH_SCREENSHOTS`` (``SUMMBENCH_SCREENSHOTS=build/screenshots
python -m pytest tests/leaderboard/test_html.py``). Their paths are listed at the end of the run."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from bench.cli import main

from ..builders import ARTIFACTS, FAILS_HEADING, ROOT, run_with_failures


def screenshot_path(tmp_path: Path, name: str) -> Path:
    """Where a screenshot goes: the folder ``SUMMBENCH_SCREENSHOTS`` names (created), or the
    test's own temporary folder. Listed at the end of the run either way."""
    folder = Path(os.environ.get("SUMMBENCH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    ARTIFACTS.append(folder / name)
    return folder / name


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
# The flags a root, offline machine needs: no sandbox, and no background network chatter.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("html")
    rows = []
    for example_id in ("nk-001-wire", "nk-002-ap", "nk-000-spun"):
        rows.append(
            {
                "id": example_id,
                "system": "<b>evil</b>",
                "summary": f"A diplomat defected. {HOSTILE}",
            }
        )
        rows.append(
            {
                "id": example_id,
                "system": "plain",
                "summary": "Ri Il Kyu, a North Korean diplomat in Cuba, defected to South "
                "Korea in November.",
            }
        )
    predictions = tmp / "p.jsonl"
    predictions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp / "out"
    assert (
        main(
            [
                "score",
                "--dataset",
                "seeds/nk-diplomat",
                "--config",
                "articles",
                "--predictions",
                str(predictions),
                "--metrics",
                "rouge,checklist",
                "--output",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    return out / "leaderboard.html"


def test_the_page_is_self_contained_and_escapes_text(page_file):
    text = page_file.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in text  # neither in the table nor in the data
    assert "&lt;b&gt;evil&lt;/b&gt;" in text
    assert "http://" not in text.split("<svg")[0] and "https://" not in text


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium at /usr/bin/chromium (Debian package chromium)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


def test_in_chromium(browser, page_file, tmp_path):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_selector("#drilldown .system")
    assert errors == []

    # Sorting: by system name, both directions.
    names = lambda: page.eval_on_selector_all(  # noqa: E731
        "#board tbody.systems td.name", "cells => cells.map(c => c.textContent)"
    )
    page.click("#board th:nth-child(2)")
    ascending = names()
    assert ascending == sorted(ascending)
    page.click("#board th:nth-child(2)")
    assert names() == list(reversed(ascending))

    # Drill-down: another example, every system's summary, the hostile one as plain text.
    page.select_option("#example", "nk-000-spun")
    cards = page.locator("#drilldown .system")
    assert cards.count() == 2
    evil = page.locator('#drilldown .system[data-system="<b>evil</b>"]')
    assert HOSTILE in evil.inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#drilldown img").count() == 0
    # Facts found are highlighted. Here the one-sentence summary also states a probe (the
    # verifier reads "A South Korean diplomat defected to North Korea" as stated), so the
    # contradiction's mark, the strongest, covers it, and its title names every fact there.
    marks = page.locator('#drilldown .system[data-system="plain"] mark')
    assert marks.count() > 0
    titles = "\n".join(marks.nth(i).get_attribute("title") for i in range(marks.count()))
    assert "contradicts: " in titles
    assert "states: The defector is Ri Il Kyu." in titles
    assert page.locator("#chart svg rect").count() == 2
    assert "rouge|types:" in page.inner_text("pre.signatures")

    shot = screenshot_path(tmp_path, "leaderboard.png")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert errors == []


def test_hostile_dataset_text_and_config_values_stay_text_in_chromium(browser, tmp_path):
    """Sources, references, example ids, the experiment name and description: all text."""
    dataset = tmp_path / "hostile.jsonl"
    dataset.write_text(
        json.dumps(
            {
                "id": f"ex-{HOSTILE}",
                "source": f"The cat sat. {HOSTILE} It was happy.",
                "references": [f"A cat sat. {HOSTILE}"],
            }
        )
        + "\n"
    )
    config = tmp_path / "c.yaml"
    config.write_text(
        f"name: hostile\ndescription: '{HOSTILE}'\ndataset: {{path: '{dataset}'}}\n"
        "summarizers: [{type: lead, name: '<i>lead</i>'}]\nmetrics: [{type: rouge}]\n"
    )
    out = tmp_path / "out"
    assert main(["run", str(config), "--output", str(out), "--quiet"]) == 0
    text = (out / "leaderboard.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in text and "<i>lead</i>" not in text
    page = browser.new_page()
    page.goto((out / "leaderboard.html").as_uri())
    page.wait_for_selector("#drilldown .system")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0 and page.locator("i").count() == 0
    assert HOSTILE in page.inner_text("body")
    page.close()


# An example id and system names a URL, HTML and JSON all have to carry intact.
HOSTILE_ID = "q\"uote' <script>window.__pwned = 3</script> & #hash %41 sp ace 🎉"
SYSTEM_A = 'A "quoted" <script>window.__pwned = 4</script> & #1 %20 🎉'
SYSTEM_B = "b&b #2 % 'single' 🚀 <i>"
SOURCE = (
    "The mayor of Springfield opened a new bridge on Monday. The bridge cost four million "
    "dollars. Traffic was light near Zürich's café."
)
SUMMARIES = {
    SYSTEM_A: "The mayor opened a new bridge.\nThe bridge cost four million dollars.",
    # Case, a curly apostrophe and a decomposed accent do not make a word new; four words are.
    SYSTEM_B: "The mayor opened a new bridge on Tuesday with zebras. ZÜRICH’S cafe\u0301 was shut.",
}
NOVEL_IN_B = ["Tuesday", "with", "zebras", "shut"]


def _checklist(example_id: str) -> list[dict[str, str]]:
    return {
        "plain-1": [{"id": "rain", "text": "Rain fell."}],
        HOSTILE_ID: [
            {"id": "bridge", "text": "The mayor opened a new bridge."},
            {"id": "cost", "text": "The bridge cost four million dollars."},
        ],
    }[example_id]


@pytest.fixture(scope="module")
def compare_run(tmp_path_factory) -> Path:
    """Two systems with hostile names scored with the checklist on a hostile example id."""
    tmp = tmp_path_factory.mktemp("compare")
    examples = [
        {
            "id": "plain-1",
            "source": "Rain fell on Tuesday. The river rose.",
            "references": ["It rained and the river rose."],
            "checklist": _checklist("plain-1"),
        },
        {
            "id": HOSTILE_ID,
            "source": SOURCE,
            "references": ["The mayor opened a new bridge that cost four million dollars."],
            "checklist": _checklist(HOSTILE_ID),
        },
    ]
    predictions = [
        {"id": e["id"], "system": system, "summary": SUMMARIES[system]}
        if e["id"] == HOSTILE_ID
        else {"id": e["id"], "system": system, "summary": "Rain fell."}
        for e in examples
        for system in (SYSTEM_A, SYSTEM_B)
    ]
    (tmp / "d.jsonl").write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in examples), encoding="utf-8"
    )
    (tmp / "p.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions), encoding="utf-8"
    )
    out = tmp / "out"
    args = ["score", "--dataset", str(tmp / "d.jsonl"), "--predictions", str(tmp / "p.jsonl")]
    assert main([*args, "--metrics", "rouge,checklist", "--output", str(out), "--quiet"]) == 0
    return out


def _verdicts(folder: Path, example_id: str) -> dict[str, dict[str, str]]:
    """system -> fact id -> verdict, as scores.jsonl records them."""
    out = {}
    for line in (folder / "scores.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["example_id"] == example_id:
            facts = record["details"]["checklist"]["facts"]
            out[record["system"]] = {f["id"]: f["verdict"] for f in facts}
    return out


def _open(browser, url: str, width: int = 1400):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("#drilldown .system")
    return page, errors


def _fragment(page) -> dict[str, str]:
    """The page's URL fragment, decoded the way a server or another tool would."""
    hash_ = page.evaluate("location.hash")
    assert hash_.startswith("#")
    return dict((k, unquote(v)) for k, v in (p.split("=", 1) for p in hash_[1:].split("&")))


def test_the_script_runs_by_hash_not_as_any_inline_script(compare_run):
    text = (compare_run / "leaderboard.html").read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)[1]
    assert "unsafe-inline" not in csp and "script-src 'sha256-" in csp
    assert "default-src 'none'" in csp and "http" not in csp
    markup = re.sub(r"<script[^>]*>.*?</script>", "", text, flags=re.S)
    assert not re.search(r"<[a-z][^>]*\son\w+\s*=", markup, flags=re.I)  # no inline handler
    assert "<i>" not in text and "<script>window.__pwned" not in text  # escaped everywhere


def test_panel_shows_labels_and_folds_the_rest(browser, compare_run):
    board = json.loads((compare_run / "leaderboard.json").read_text(encoding="utf-8"))
    arrows = {True: " ↑", False: " ↓", None: ""}
    labels = [c["label"] + arrows[c["higher_is_better"]] for c in board["columns"]]
    page, errors = _open(browser, (compare_run / "leaderboard.html").as_uri())
    card = page.locator("#drilldown .system").first
    assert card.locator(".headline .label").all_inner_texts() == labels
    folded = card.inner_text()  # what shows before the details are opened
    assert "rouge1_f" not in folded and "rouge1_p" not in folded
    card.locator("details.more summary").click()
    assert "rouge1_p" in card.inner_text()  # the remaining columns, folded away
    assert errors == []
    page.close()


def test_side_by_side_marks_what_only_one_system_found(browser, compare_run):
    verdicts = _verdicts(compare_run, HOSTILE_ID)
    only_a = [f for f, v in verdicts[SYSTEM_A].items() if v == "present" != verdicts[SYSTEM_B][f]]
    only_b = [f for f, v in verdicts[SYSTEM_B].items() if v == "present" != verdicts[SYSTEM_A][f]]
    assert only_a, f"the fixture needs a fact only {SYSTEM_A!r} states: {verdicts}"
    texts = {f["id"]: f["text"] for f in _checklist(HOSTILE_ID)}

    page, errors = _open(browser, (compare_run / "leaderboard.html").as_uri())
    assert page.locator("#compare").count() == 0  # nothing picked yet
    page.select_option("#example", HOSTILE_ID)
    page.select_option("#system-a", SYSTEM_A)
    page.select_option("#system-b", SYSTEM_B)
    compare = page.locator("#compare")
    side_a = compare.locator(".side").nth(0)
    side_b = compare.locator(".side").nth(1)
    assert side_a.get_attribute("data-system") == SYSTEM_A
    assert side_b.get_attribute("data-system") == SYSTEM_B
    # The fact only A states is marked in A's summary and flagged in the table of differences.
    titles = side_a.locator("mark.only").evaluate_all("marks => marks.map(m => m.title)")
    for fact in only_a:
        assert any(texts[fact] in t for t in titles), titles
        row = compare.locator("tr.diff", has_text=texts[fact])
        assert row.locator("td").all_inner_texts()[1:] == ["present", verdicts[SYSTEM_B][fact]]
    assert side_b.locator("mark.only").count() == len(only_b)
    assert compare.locator("tr.diff").count() == sum(
        verdicts[SYSTEM_A][f] != verdicts[SYSTEM_B][f] for f in verdicts[SYSTEM_A]
    )
    # Words not in the source: B's invented ones, and none of A's (all copied).
    novel = side_b.locator("span.novel").all_inner_texts()
    assert novel == NOVEL_IN_B
    assert side_a.locator("span.novel").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script").count() == 2 and page.locator("i").count() == 0
    assert errors == []
    page.close()


def test_the_url_fragment_opens_an_example_and_two_systems(browser, compare_run):
    uri = (compare_run / "leaderboard.html").as_uri()
    fragment = "#" + "&".join(
        f"{key}={quote(value, safe='')}"
        for key, value in [("example", HOSTILE_ID), ("a", SYSTEM_B), ("b", SYSTEM_A)]
    )
    page, errors = _open(browser, uri + fragment)
    assert page.input_value("#example") == HOSTILE_ID
    assert page.input_value("#system-a") == SYSTEM_B
    assert page.input_value("#system-b") == SYSTEM_A
    sides = page.locator("#compare .side")
    assert [sides.nth(i).get_attribute("data-system") for i in (0, 1)] == [SYSTEM_B, SYSTEM_A]
    assert SOURCE in page.inner_text("#drilldown .source")
    assert page.evaluate("window.__pwned") is None

    # Picking updates the fragment; the fragment carries every character back exactly.
    page.select_option("#example", "plain-1")
    page.select_option("#system-b", "")
    assert _fragment(page) == {"example": "plain-1", "a": SYSTEM_B}
    page.select_option("#example", HOSTILE_ID)
    page.select_option("#system-b", SYSTEM_A)
    assert _fragment(page) == {"example": HOSTILE_ID, "a": SYSTEM_B, "b": SYSTEM_A}
    page.reload()
    page.wait_for_selector("#compare")
    assert page.input_value("#example") == HOSTILE_ID
    assert page.input_value("#system-b") == SYSTEM_A

    # A new fragment on the open page (a link followed, an address edited) is the new choice.
    page.goto(uri + "#example=plain-1&b=" + quote(SYSTEM_B, safe=""))
    page.wait_for_function("document.querySelector('#compare') === null")
    assert page.input_value("#example") == "plain-1"
    assert (page.input_value("#system-a"), page.input_value("#system-b")) == ("", SYSTEM_B)
    assert errors == []
    page.close()

    # Unknown names and broken escapes are ignored, not obeyed or fatal.
    page, errors = _open(browser, uri + "#example=nope&a=%E0%A4%A&b=" + quote(SYSTEM_A, safe=""))
    assert page.input_value("#example") == "plain-1"  # the first example
    assert (page.input_value("#system-a"), page.input_value("#system-b")) == ("", SYSTEM_A)
    assert errors == []
    page.close()


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> tuple[Path, str]:
    """The committed seed results re-rendered (nothing re-scored), and what --format html
    printed."""
    import contextlib
    import io

    folder = tmp_path_factory.mktemp("seed") / "seed"
    shutil.copytree(ROOT / "results" / "seed", folder)
    (folder / "leaderboard.html").unlink()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["leaderboard", str(folder), "--format", "html"]) == 0
    return folder, printed.getvalue()


def test_leaderboard_format_html_writes_the_page_and_prints_its_path(seed_page):
    folder, printed = seed_page
    assert printed == f"{folder / 'leaderboard.html'}\n"
    page = (folder / "leaderboard.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    committed = (ROOT / "results" / "seed" / "leaderboard.html").read_text(encoding="utf-8")
    assert page == committed  # the same page, re-rendered from the same scores


def test_leaderboard_stdout_prints_the_page(seed_page, capsys):
    folder, _ = seed_page
    assert main(["leaderboard", str(folder), "--format", "html", "--stdout"]) == 0
    assert capsys.readouterr().out == (folder / "leaderboard.html").read_text(encoding="utf-8")


def _markdown_rows(markdown: str) -> dict[str, list[str]]:
    """System -> cells of the Markdown table (names unescaped)."""
    lines = [line for line in markdown.splitlines() if line.startswith("| ")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[1:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[re.sub(r"\\(.)", r"\1", cells[2])] = dict(zip(header, cells, strict=True))
    return rows


def test_p_values_and_footnotes_as_in_the_markdown_table(browser, seed_page):
    folder, _ = seed_page
    markdown = (folder / "leaderboard.md").read_text(encoding="utf-8")
    expected = _markdown_rows(markdown)
    page, errors = _open(browser, (folder / "leaderboard.html").as_uri())
    header = page.locator("#board thead th").all_inner_texts()
    assert "p vs best" in header
    p_column = header.index("p vs best")
    rows = page.locator("#board tbody tr:not(.divider)")
    seen = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_inner_texts()
        seen[cells[1]] = cells[p_column]
    assert seen == {name: row["p vs best"] for name, row in expected.items() if "reads" not in name}
    assert "human ‡" in seen and "oracle-3 †" in seen  # the reference rows carry their marks
    notes = page.inner_text(".footnotes")
    for mark in ("‡ human:", "† oracle:"):
        line = next(x for x in markdown.splitlines() if x.startswith(mark))
        assert line in notes
    assert "Holm" in notes and page.locator(".footnotes p.strong").count() == 1
    assert errors == []
    page.close()


def test_failures_are_footnoted(browser, page_file):
    board = json.loads(page_file.with_name("leaderboard.json").read_text(encoding="utf-8"))
    failed = [r for r in board["rows"] if r["failed"]]
    assert failed  # the fixture predicts 3 of the 5 examples
    page = browser.new_page()
    page.goto(page_file.as_uri())
    notes = page.inner_text(".footnotes")
    for row in failed:
        assert f"{row['system']} failed on {row['failed']} of {board['examples']}" in notes
    assert f"({board['ranked_on']} of {board['examples']} examples" in page.inner_text("h1")
    assert page.locator("#board td.failed").count() == len(failed)
    page.close()


def test_the_chart_has_an_axis_that_matches_its_bars(browser, seed_page):
    folder, _ = seed_page
    board = json.loads((folder / "leaderboard.json").read_text(encoding="utf-8"))
    primary = board["primary"]
    label = next(c["label"] for c in board["columns"] if c["key"] == primary)
    page, _ = _open(browser, (folder / "leaderboard.html").as_uri())
    svg = page.locator("#chart svg")
    assert svg.locator("line.axis").count() == 1
    assert label in svg.locator("text.axis-label").text_content()
    ticks = svg.locator("text.tick-label").evaluate_all(
        "ts => ts.map(t => [parseFloat(t.textContent), parseFloat(t.getAttribute('x'))])"
    )
    assert len(ticks) >= 3
    assert [v for v, _ in ticks] == sorted(v for v, _ in ticks)
    # Where the axis puts a value is where the bars end: each bar's end is its mean.
    (v0, x0), (v1, x1) = ticks[0], ticks[-1]
    at = lambda value: x0 + (value - v0) * (x1 - x0) / (v1 - v0)  # noqa: E731
    ends = svg.locator("rect").evaluate_all(
        "rs => rs.map(r => parseFloat(r.getAttribute('x')) + parseFloat(r.getAttribute('width')))"
    )
    means = [r["scores"][primary]["mean"] for r in board["rows"]]
    assert ends == pytest.approx([at(m) for m in means], abs=0.2)
    page.close()


@pytest.mark.parametrize("width", [1400, 800])
def test_screenshots(browser, seed_page, width, tmp_path):
    """The seed page with two systems side by side, for a person to look at."""
    folder, _ = seed_page
    fragment = "#example=nk-001-wire&a=lead-3&b=human"
    page, errors = _open(browser, (folder / "leaderboard.html").as_uri() + fragment, width)
    page.wait_for_selector("#compare mark.only")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0  # only the table scrolls sideways, inside its own box
    shot = screenshot_path(tmp_path, f"leaderboard-{width}.png")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert errors == []
    page.close()


@pytest.mark.parametrize("width", [800, 1400])
def test_the_failed_column_stays_in_view(browser, seed_page, width):
    """The table scrolls sideways inside its box; the names (left) and the Failed counts
    (right) stay put, uncovered, at a narrow window too."""
    folder, _ = seed_page
    page, errors = _open(browser, (folder / "leaderboard.html").as_uri(), width)
    for scrolled in (0, 10_000):  # the table as it opens, and scrolled to its far end
        page.eval_on_selector(".scroll", "(box, x) => { box.scrollLeft = x; }", scrolled)
        cells = page.locator("#board th.fails, #board td.fails")
        assert cells.count() == 1 + 6  # the header, four systems and two reference rows
        assert cells.first.inner_text() == "Failed"
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (scrolled, i, box)
            assert cells.nth(i).evaluate(
                "(cell, [x, y]) => document.elementFromPoint(x, y).closest('th, td') === cell",
                [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
            ), (scrolled, i)
        name = page.locator("#board th.name").bounding_box()
        failed = cells.first.bounding_box()
        assert name["x"] >= 0 and name["x"] + name["width"] < failed["x"]
    assert errors == []
    page.close()


def test_a_failing_run_shows_its_rule_and_unranked_rows_in_chromium(browser, tmp_path):
    from bench.leaderboard import Leaderboard
    from bench.leaderboard.html import render_html

    run, items = run_with_failures()
    board = Leaderboard.from_run(run, items)
    page_file = tmp_path / "leaderboard.html"
    page_file.write_text(render_html(board, items, [], []), encoding="utf-8")
    page = browser.new_page(viewport={"width": 800, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    assert page.inner_text("h1") == f"fails: d1k ({FAILS_HEADING})"
    notes = page.inner_text(".footnotes")
    for note in board.failure_notes():
        assert note in notes
    unranked = page.locator("#board tbody.unranked td.name").all_inner_texts()
    assert unranked == ["d"]
    page.click("#board th.fails")  # sorting moves ranked rows only
    assert page.locator("#board tbody.unranked td.name").all_inner_texts() == ["d"]
    box = page.locator("#board th.fails").bounding_box()
    assert box["x"] + box["width"] <= 800
    assert errors == []
    page.close()
