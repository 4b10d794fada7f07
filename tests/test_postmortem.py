"""Postmortem drafts pre-filled from a known timeline, never overwritten once edited, and lint."""
import re

import pytest

from m31.artifacts import companion, daily_stem
from m31.reports import postmortem


@pytest.fixture
def drafted(seollal, tmp_path):
    """Drafts for the Seollal week's SEV-2 incidents, with the daily evidence files in place."""
    a = seollal["run"].artifact
    reports = tmp_path / "m31_slo_incident"
    reports.mkdir()
    for day in a["window"]:
        for suffix in (".json", ".ipynb"):
            evidence = reports / companion(daily_stem(day), suffix)  # the .ipynb in its month folder
            evidence.parent.mkdir(exist_ok=True)
            evidence.write_text("{}")
    out = tmp_path / "postmortems"
    results = postmortem.write_drafts(a["incidents"], a["postmortems_due"], reports, out)
    return {"results": results, "out": out, "artifact": a, "reports": reports}


def test_drafts_are_prefilled_from_the_timeline(drafted):
    assert [(i, p.name, o) for i, p, o in drafted["results"]] == [
        ("AUTO-2026-02-12-availability", "AUTO-2026-02-12-availability.md", "written"),
        ("INC-A", "INC-A.md", "written")]
    md = (drafted["out"] / "INC-A.md").read_text()
    for section in postmortem.SECTIONS:
        assert f"## {section}" in md
    assert "| time window | 2026-02-20T10:00:00+09:00 → 2026-02-20T11:00:00+09:00 (1 h 00 min) |" in md
    assert "| severity | SEV-2 |" in md
    assert "all &lt;b&gt;strategies&lt;/b&gt; \\| KRX" in md  # untrusted scope stays text
    assert "- First signal: alert ax (broker\\_down) at 2026-02-20T09:58:00+09:00" in md
    assert "- Detection delay (first signal → opened): 2 min 00 s" in md
    timeline = re.findall(r"^\| (2026-02-20T[0-9:]+\+09:00) \| ([^|]+) \|", md, re.M)
    assert [(t, k.strip()) for t, k in timeline] == [
        ("2026-02-20T09:58:00+09:00", "alert firing"), ("2026-02-20T10:00:00+09:00", "incident opened"),
        ("2026-02-20T10:05:00+09:00", "intervention escalate\\_primary"),
        ("2026-02-20T10:30:00+09:00", "intervention mitigation"),
        ("2026-02-20T10:40:00+09:00", "alert resolved"), ("2026-02-20T11:00:00+09:00", "incident resolved")]
    assert "- Action owner: ann" in md and "- Due date: 2026-02-27" in md
    assert "(../m31_slo_incident/m31_slo_incident_2026-02-20.json)" in md
    assert "(../m31_slo_incident/2026-02/m31_slo_incident_2026-02-20.ipynb)" in md


def test_rerun_leaves_unedited_drafts_alone_and_never_touches_edited_ones(drafted):
    a, out = drafted["artifact"], drafted["out"]
    path = out / "INC-A.md"
    edited = path.read_text().replace("TODO: what failed in the system, and why.", "The broker's session expired.")
    path.write_text(edited)
    again = postmortem.write_drafts(a["incidents"], a["postmortems_due"], drafted["reports"], out)
    assert [(i, o) for i, _, o in again] == [("AUTO-2026-02-12-availability", "unchanged"), ("INC-A", "kept")]
    assert path.read_text() == edited


def test_a_fresh_draft_fails_lint(drafted):
    problems = postmortem.lint(drafted["out"] / "INC-A.md")
    text = "\n".join(problems)
    assert "still the generated draft" in text
    assert "TODO left in '3. Root cause and contributing factors'" in text
    assert "corrective action 'TODO' has no owner" in text
    assert "has no due date" in text


def filled(md: str) -> str:
    md = md.replace("TODO: what failed in the system, and why.", "The broker session expired at 09:55.")
    md = md.replace("TODO: which guard, check, runbook or policy let it through or slowed the response.",
                    "No alert on session expiry.")
    rows = {"immediate guard change": "| immediate guard change | block orders on session expiry | ann | 2026-02-24 |",
            "medium-term engineering task": "| medium-term engineering task | renew sessions ahead | bob | 2026-03-10 |",
            "prevention check and acceptance criteria":
                "| prevention check and acceptance criteria | expiry drill passes | ann | 2026-03-17 |"}
    for kind, row in rows.items():
        md = md.replace(f"| {kind} | TODO | TODO | TODO |", row)
    return md


def test_a_filled_postmortem_passes_lint(drafted):
    path = drafted["out"] / "INC-A.md"
    path.write_text(filled(path.read_text()))
    assert postmortem.lint(path) == []


@pytest.mark.parametrize("damage, expected", [
    (lambda md: md.replace("## 4. Corrective actions", "## Actions"), "section '4. Corrective actions' is missing"),
    (lambda md: re.sub(r"(## 3\. Root cause and contributing factors\n)(.*?)(## 4\.)", r"\1\n\3", md, flags=re.S),
     "section '3. Root cause and contributing factors' is empty"),
    (lambda md: md.replace("| renew sessions ahead | bob |", "| renew sessions ahead |  |"),
     "corrective action 'renew sessions ahead' has no owner"),
    (lambda md: md.replace("| ann | 2026-03-17 |", "| ann | next month |"),
     "corrective action 'expiry drill passes' has no due date"),
    (lambda md: md.replace("m31_slo_incident_2026-02-20.ipynb)", "m31_slo_incident_2026-02-21.ipynb)"),
     "evidence path does not exist: ../m31_slo_incident/2026-02/m31_slo_incident_2026-02-21.ipynb"),
    (lambda md: md.replace("| 2026-02-20T10:05:00+09:00 |", "| 2026-02-20T09:05:00+09:00 |"),
     "timeline out of order"),
    (lambda md: md.replace("- Due date: 2026-02-27", "- Due date: soon"), "no due date (YYYY-MM-DD)"),
])
def test_lint_names_each_kind_of_gap(drafted, damage, expected):
    path = drafted["out"] / "INC-A.md"
    path.write_text(damage(filled(path.read_text())))
    problems = postmortem.lint(path)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"{path}:") for p in problems)
