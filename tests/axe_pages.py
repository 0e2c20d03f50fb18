"""axe over a page in Chromium, with or without JavaScript: shared by the portal's browser tests."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()


def axe_check(chromium, page, *, javascript: bool, what: str = "page") -> None:
    """No axe violations on `page`. axe needs JavaScript, so a no-JS page is checked as a copy without its
    scripts in a page of its own (with a <base> so its styles and images still load)."""
    page.wait_for_load_state("load")
    target = page
    if not javascript:
        target = chromium.new_page()
        html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S)
        target.set_content(html.replace("<head>", f'<head><base href="{page.url}">', 1))
    results = AXE.run(target)
    assert results.violations_count == 0, f"{what}: {results.generate_report()}"
    if target is not page:
        target.close()
