"""The HTML leaderboard in a real headless Chromium: loads clean, sorts, drills down, and shows
hostile text as text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.cli import main

from .conftest import ARTIFACTS, ROOT

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


def test_in_chromium(browser, page_file):
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
    assert page.locator("#drilldown mark.present").count() > 0  # facts found are highlighted
    assert page.locator("#chart svg rect").count() == 2
    assert "rouge|types:" in page.inner_text("pre.signatures")

    shot = ROOT / "build" / "screenshots" / "leaderboard.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    ARTIFACTS.append(shot)
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
