"""nbconvert exporters: the artifact an executed notebook carries, as JSON or Markdown.

The notebook's last cell displays the artifact with metadata {"m31": "artifact"}; these
exporters read that output, so the files are exactly what the executed evidence shows.
"""
from __future__ import annotations

import functools
import json
import threading

from nbconvert.exporters import Exporter, HTMLExporter

from ..artifacts import ARTIFACT_MIME, to_json
from .markdown import daily_markdown, history_markdown, weekly_markdown


def artifact_of(nb) -> dict:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("m31") == "artifact" and ARTIFACT_MIME in output.get("data", {}):
                return json.loads(output["data"][ARTIFACT_MIME])
    raise ValueError("the executed notebook holds no m31 artifact output")


def charts_of(nb) -> dict:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("metadata", {}).get("m31") == "charts":
                return json.loads(output["data"][ARTIFACT_MIME])
    return {}


class ArtifactJSONExporter(Exporter):
    """`jupyter nbconvert --to m31-json`: the artifact as canonical JSON."""
    file_extension = ".json"
    output_mimetype = "application/json"

    def from_notebook_node(self, nb, resources=None, **kw):
        nb, resources = super().from_notebook_node(nb, resources, **kw)
        return to_json(artifact_of(nb)), resources


class ArtifactMarkdownExporter(Exporter):
    """`jupyter nbconvert --to m31-markdown`: the daily or weekly report, status first, values escaped."""
    file_extension = ".md"
    output_mimetype = "text/markdown"

    def from_notebook_node(self, nb, resources=None, **kw):
        nb, resources = super().from_notebook_node(nb, resources, **kw)
        artifact = artifact_of(nb)
        schema = str(artifact.get("schema_version", ""))
        renderer = (weekly_markdown if schema.startswith("m31-weekly-review/")
                    else history_markdown if schema.startswith("m31-history/") else daily_markdown)
        return renderer(artifact, charts_of(nb)), resources


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1d1d1f; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 0.92em; }}
th, td {{ border: 1px solid #c9c9cf; padding: 0.3em 0.6em; text-align: left; vertical-align: top;
          overflow-wrap: break-word; }}
table {{ max-width: 100%; }}
th {{ background: #f0f0f4; }}
pre {{ white-space: pre-wrap; }}
.jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, .prompt {{ display: none; }}
a.anchor-link {{ visibility: hidden; text-decoration: none; margin-left: 0.3em; color: #888; }}
h1:hover a.anchor-link, h2:hover a.anchor-link, h3:hover a.anchor-link {{ visibility: visible; }}
.m31-status {{ font-size: 1.3em; font-weight: 700; padding: 0.4em 0.8em; display: inline-block; border-radius: 6px; }}
.m31-red {{ background: #fde2e4; color: #9b1020; }} .m31-yellow {{ background: #fff3cd; color: #7a5a00; }}
.m31-green {{ background: #dff5e1; color: #1e6b2a; }}
img.m31-chart {{ max-width: 100%; height: auto; }}
</style></head>
<body data-status="{status}">
<p class="m31-status m31-{status}" id="m31-status" role="status">{title} · status {status_upper}</p>
{body}
</body></html>
"""


def report_title(artifact: dict) -> str:
    if str(artifact.get("schema_version", "")).startswith("m31-weekly-review/"):
        return f"M31 weekly incident review — week ending {artifact.get('week_end')}"
    if str(artifact.get("schema_version", "")).startswith("m31-history/"):
        return f"M31 history — {artifact.get('first_day')} .. {artifact.get('last_day')}"
    return f"M31 daily check — {artifact.get('day')}"


# One exporter for the process (nbconvert's own command reuses one across notebooks): it
# compiles its templates once. It is not safe to share between threads at once, hence the lock.
_html_lock = threading.Lock()


@functools.cache
def _html_exporter() -> HTMLExporter:
    return HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True)


def html_report(nb, title: str, status: str) -> str:
    """A self-contained page: cell outputs only, charts inline as SVG, no script at all.
    Log text reaches it already escaped (markdown.text, present.Table), so no sanitizer is
    needed, and one would strip the charts."""
    from html import escape

    with _html_lock:
        body, _ = _html_exporter().from_notebook_node(nb)
    return HTML_PAGE.format(title=escape(title), status=escape(status), status_upper=escape(status.upper()), body=body)


def warm() -> None:
    """Render a small page once (templates compiled, HTML parser tables and CSS selectors
    built), so that the real export after the notebook runs costs only its own rendering."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    cell = new_code_cell(outputs=[new_output("display_data", {"text/html": "<img alt='' src='data:,'>&amp;",
                                                               "text/markdown": "**m31**"})])
    html_report(new_notebook(cells=[new_markdown_cell("# m31"), cell]), "m31", "green")
