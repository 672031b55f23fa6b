"""axe-core in the page under test: every browser test can ask for a page's accessibility violations.

axe-core comes from npm (devDependencies in package.json, installed by `npm ci` into node_modules);
it is injected from that file, never fetched from a CDN.
"""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.conftest import service_missing

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def violations(page: Page) -> list[str]:
    """Each violation of the page as it is now, as `rule: selector (message)`; empty when there is none."""
    if not AXE.exists():
        service_missing(f"axe-core not installed at {AXE}: run `npm ci`")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the pages' Content-Security-Policy rightly refuses inline scripts.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    return [f"{v['id']}: {', '.join(str(t) for t in node['target'])} ({node['failureSummary'].splitlines()[-1].strip()})"
            for v in results["violations"] for node in v["nodes"]]


def assert_no_violations(page: Page, where: str = "") -> None:
    found = violations(page)
    assert found == [], f"axe found {len(found)} violation(s) on {where or page.url}:\n" + "\n".join(found)
