"""One registry names the daily report's sections: the notebook shows them by those names, in the
registry's order, and the Markdown artifact is the sections in that order."""
import json
import re

from m31.checks.daily import DailyInputs, run_daily
from m31.inputs import InputPaths
from m31.policy import PROJECT_ROOT
from m31.reports.markdown import DAILY_SECTIONS, daily_markdown, daily_sections


def test_the_daily_notebook_shows_every_registered_section_in_order():
    nb = json.loads((PROJECT_ROOT / "notebooks" / "daily.ipynb").read_text(encoding="utf-8"))
    shown = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for call in re.findall(r"present\.show\(run, ([^)]*)\)", "".join(cell["source"])):
                shown += re.findall(r'"(\w+)"', call)
            if "present.charts(" in "".join(cell["source"]):
                shown.append("charts")
    assert shown == list(DAILY_SECTIONS)


def test_the_markdown_is_the_sections_in_registry_order(sample):
    sample_month_artifact = run_daily(DailyInputs(day="2026-01-07", paths=InputPaths.sample(sample))).artifact
    sections = daily_sections(sample_month_artifact, {"Slot timeline": "slots.png"})
    assert [name for name, _ in sections] == list(DAILY_SECTIONS)
    assert daily_markdown(sample_month_artifact, {"Slot timeline": "slots.png"}) == \
        "".join(md for _, md in sections).rstrip("\n") + "\n"
    assert sections[0][1].startswith("# M31 daily stabilization check — 2026-01-07\n\n**Status: RED**")
    assert sections[-1][1] == "## Charts\n\n![Slot timeline](slots.png)\n\n"


def test_every_chart_meets_the_vega_lite_schema(sample, seollal):
    """The report draws its charts without Altair's schema check (it costs more than drawing
    them); this is where that check runs, on days with incidents, maintenance and alerts."""
    from m31.reports import present, present_weekly

    checked = []
    for day in ("2026-01-07", "2026-01-22", "2026-02-24"):
        for key, _, chart in present.drawn(run_daily(DailyInputs(day=day, paths=InputPaths.sample(sample)))):
            if chart is not None:
                chart.to_dict(validate=True)  # raises on a spec Vega-Lite would refuse
                checked.append(key)
    for key, _, chart in present_weekly.drawn(seollal["run"].artifact):
        if chart is not None:
            chart.to_dict(validate=True)
            checked.append(f"weekly {key}")
    assert checked == ["slots", "latency", "budget"] * 3 + ["weekly status", "weekly classes", "weekly incidents",
                                                           "weekly budget"]


def test_the_firings_table_shows_the_alerts_in_time_order_without_ord(sample):
    """present.table: the rows in the table's order, every value escaped, and no `ord` (a 35-digit
    ordering key; the artifact's evidence leaves it out too)."""
    from m31.reports import present

    run = run_daily(DailyInputs(day="2026-01-07", paths=InputPaths.sample(sample)))
    shown = present.table(run, "alert_firings")
    assert shown is not None and "ord" not in shown.columns and shown.columns[:2] == ["ts", "alert_id"]
    assert [r[1] for r in shown.rows] == [r[0] for r in run.con.execute(
        "SELECT alert_id FROM alert_firings ORDER BY ord").fetchall()]
    assert "<th>ord</th>" not in shown._repr_html_() and "al-0107-01" in shown._repr_html_()
