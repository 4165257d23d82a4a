"""One Add report session in its own process, for the concurrent-save test.

``python -m tests.app.save_session REPORT SOURCE READY GO``: extract REPORT on the
page (store from ``SAHELMAP_STORE``), accept every draft, create READY, wait for GO
to exist, then press Save; prints the page's notice.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

PAGE = Path(__file__).resolve().parents[2] / "pages" / "1_Add_report.py"


def main(report: str, source: str, ready: str, go: str) -> int:
    at = AppTest.from_file(str(PAGE), default_timeout=120).run()
    if at.exception or at.error or not at.text_area:
        shown = [f"{type(e).__name__}: {getattr(e, 'value', '')}" for e in at.main]
        print(f"the page did not open: {shown}", file=sys.stderr)
        return 1
    at.text_area(key="add_text").set_value(Path(report).read_text(encoding="utf-8"))
    at.date_input(key="add_published").set_value(dt.date(2024, 9, 18))
    at.text_input(key="add_source").set_value(source)
    at.button(key="add_extract").click().run()
    at.button(key="add_accept_all").click().run()
    Path(ready).touch()
    deadline = time.monotonic() + 120
    while not Path(go).exists():
        if time.monotonic() > deadline:
            return 3
        time.sleep(0.005)
    at.button(key="add_save").click().run()
    if at.exception or at.error or not at.text_area:
        shown = [f"{type(e).__name__}: {getattr(e, 'value', '')}" for e in at.main]
        print(f"the page did not open: {shown}", file=sys.stderr)
        return 1
    print(at.session_state["add_notice"])
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
