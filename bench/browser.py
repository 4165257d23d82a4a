"""Time from navigation to a drawn map in headless Chromium, with the vendored Leaflet."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LEAFLET = Path(__file__).resolve().parent.parent / "static" / "leaflet-1.9.4"
_DRAWN = """
<script>
window.addEventListener("load", function () {
  requestAnimationFrame(function () { requestAnimationFrame(function () {
    window.__drawn = performance.now();
  }); });
});
</script>
"""


class PageTimer:
    """A headless Chromium that opens standalone map pages and times their drawing.

    Pages are written beside a copy of ``static/leaflet-1.9.4`` and opened from
    ``file://``: no network is used.
    """

    @property
    def browser(self) -> Browser:
        """The running Chromium, for benches that open the app itself."""
        return self._browser

    def __enter__(self) -> PageTimer:
        self._dir = Path(tempfile.mkdtemp(prefix="sahelmap-bench-"))
        shutil.copytree(LEAFLET, self._dir / LEAFLET.name)
        self._pw = sync_playwright().start()
        self._browser: Browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._browser.close()
        self._pw.stop()
        shutil.rmtree(self._dir, ignore_errors=True)

    def draw_seconds(self, page_html: str, *, timeout_s: float = 300.0) -> tuple[float, int]:
        """Return (seconds from navigation start to the first frame after load, drawn paths)."""
        page_html = page_html.replace("/app/static/leaflet-1.9.4", LEAFLET.name)
        page_html = page_html.replace("</body>", _DRAWN + "</body>", 1)
        path = self._dir / "page.html"
        path.write_text(page_html, encoding="utf-8")
        page = self._browser.new_page(viewport={"width": 1200, "height": 800})
        try:
            page.goto(path.as_uri(), timeout=timeout_s * 1000, wait_until="load")
            page.wait_for_function("window.__drawn !== undefined", timeout=timeout_s * 1000)
            drawn_ms = page.evaluate("window.__drawn")
            paths = page.evaluate("document.querySelectorAll('.leaflet-overlay-pane path').length")
        finally:
            page.close()
        return drawn_ms / 1000.0, int(paths)
