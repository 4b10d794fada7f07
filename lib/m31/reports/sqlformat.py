"""Query results as a readable text table, CSV or JSON (the `m31 sql` output)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        # a DECIMAL of scale 0 (`ord`, DECIMAL(38,0)) keeps every digit; one with a fraction reads
        # as a float, whole values too (a column's type, not each value, decides)
        return int(value) if value.is_finite() and value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _cell(value, width: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"  # the table is for reading; CSV and JSON keep every digit
    text = json.dumps(_plain(value), ensure_ascii=False) if isinstance(value, (list, dict)) else str(_plain(value))
    text = " ".join(text.split())  # newlines in log text must not break the table
    return text if len(text) <= width else text[: width - 1] + "…"


def render(names: list[str], rows: list[tuple], fmt: str = "table", max_width: int = 40) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(names, map(_plain, r))) for r in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(names)
        for r in rows:
            w.writerow([json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (list, dict)) else _plain(v)
                        for v in r])
        return out.getvalue()
    cells = [[_cell(v, max_width) for v in r] for r in rows]
    widths = [max([len(n)] + [len(c[i]) for c in cells]) for i, n in enumerate(names)]
    numeric = [all(isinstance(r[i], (int, float, Decimal)) or r[i] is None for r in rows) and rows
               for i in range(len(names))]

    def line(values):
        return "  ".join(v.rjust(w) if numeric[i] else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths))).rstrip()

    out = [line(names), "  ".join("-" * w for w in widths)]
    out += [line(c) for c in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
