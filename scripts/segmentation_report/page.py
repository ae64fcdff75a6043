"""The HTML page: the template page.html with the style sheet page.css, the JSON payload,
the vendored ECharts and the page script report.js inlined, so that the file needs nothing
else (no network). The files sit next to this module; the template's `$name` fields are
filled by string.Template, each value escaped for HTML except the inlined files and the
payload (whose `</` is written `<\\/` so that it cannot end its script element)."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "page.html"
STYLE = HERE / "page.css"
SCRIPT = HERE / "report.js"


EXPLAIN_NOTE = (
    "<br>Click a customer for why it is where it is (marts.fct_customer_explanations; the same card as "
    "<code>make explain</code>). / 点击客户编号查看其分层分类依据。"
)


def esc(value: object) -> str:
    """A value as HTML text or attribute value."""
    return html.escape("" if value is None else str(value), quote=True)


def render(data: dict, as_of: dt.date, database: str, echarts: str) -> str:
    """The page for `data` (payload.build_data), opening on `as_of`; `database` is named as
    its source, `echarts` is the library's text."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).replace("</", "<\\/")
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    dates = data["dates"]
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        first_date=esc(dates[0]),
        last_date=esc(dates[-1]),
        date_count=len(dates),
        source=esc(Path(database).name),
        generated=esc(generated),
        initial_date=esc(as_of.isoformat()),
        explain_note=EXPLAIN_NOTE if data.get("explanations") else "",
        css=STYLE.read_text(encoding="utf-8"),
        payload=payload,
        echarts=echarts,
        script=SCRIPT.read_text(encoding="utf-8"),
    )
