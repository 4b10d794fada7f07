"""Vega-Lite specs drawn as SVG and PNG by vl-convert, offline.

vl-convert holds the GIL while it works, and its JavaScript engine takes about 0.4 s to start.
In a kernel that start blocked everything else (a warm-up thread did not help), so a command's
kernel starts a renderer process as it boots (start()), which warms its engine on another core;
the charts cell hands it each spec as it is built and reads the drawings back from files.
Without one (a notebook opened in JupyterLab) or should it fail, a chart is drawn in this
process, and a spec vl-convert refuses raises here as it always did.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PNG_SCALE = 1.5
_worker: subprocess.Popen | None = None


def start() -> None:
    """Start the renderer process (once per process); it ends when this process closes its pipe."""
    global _worker
    if _worker is None:
        try:
            _worker = subprocess.Popen([sys.executable, "-m", "m31.reports.render"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        except OSError:
            _worker = None  # drawn in-process instead


class Drawing:
    """One chart being drawn: svg() waits for it and writes the PNG (when asked)."""

    def __init__(self, spec: dict, png_path: Path | None, folder: Path, n: int):
        self.spec, self.png_path = spec, png_path
        self._svg_path, self._sent = folder / f"{n}.svg", False
        if _worker is not None and _worker.poll() is None:
            try:
                _worker.stdin.write(json.dumps({"spec": spec, "svg": str(self._svg_path)}) + "\n")
                _worker.stdin.flush()
                self._sent = True
            except (OSError, ValueError):
                pass

    def svg(self) -> str:
        if self._sent and self._reply().get("ok"):
            try:
                svg = self._svg_path.read_text(encoding="utf-8")
            except OSError:
                pass
            else:
                # rasterized here (resvg starts at once), while the renderer draws the next chart
                if self.png_path is not None:
                    _rasterize(svg, self.png_path)
                return svg
        return _draw(self.spec, self.png_path)  # the worker is gone or refused it: the real error, here

    def _reply(self) -> dict:
        # replies come in request order; one left unread by an interrupted cell is skipped
        while True:
            try:
                reply = json.loads(_worker.stdout.readline() or "{}")
            except (OSError, ValueError):
                return {}
            if not reply or reply.get("svg") == str(self._svg_path):
                return reply


class Batch:
    """Charts sent to the renderer as they are built (it draws one while the next is built),
    their drawings read back after; the drawings' folder lasts as long as the batch."""

    def __enter__(self) -> "Batch":
        self._folder = tempfile.TemporaryDirectory(prefix="m31-charts-")
        self._n = 0
        return self

    def add(self, spec: dict, png_path: Path | None) -> Drawing:
        self._n += 1
        return Drawing(spec, png_path, Path(self._folder.name), self._n)

    def __exit__(self, *exc) -> None:
        self._folder.cleanup()


def _draw(spec: dict, png_path: Path | None) -> str:
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    if png_path is not None:
        _rasterize(svg, png_path)
    return svg


def _rasterize(svg: str, png_path: Path) -> None:
    import vl_convert as vlc

    # resvg rasterizes the SVG already drawn: the bytes vegalite_to_png gives, without
    # running Vega a second time.
    png_path.write_bytes(vlc.svg_to_png(svg, scale=PNG_SCALE))


def _serve() -> None:
    """The renderer process: one JSON request per line, one short JSON reply per line (the
    drawings go to files, so neither pipe can fill while the other side waits)."""
    if hasattr(os, "nice"):
        os.nice(10)  # the engine's start must not slow the kernel's boot; it has a second until its first chart
    _draw({"data": {"values": [{"x": 0}]}, "mark": "point",
           "encoding": {"x": {"field": "x", "type": "quantitative"}}}, None)  # start the engine now
    for line in sys.stdin:
        request = None
        try:
            request = json.loads(line)
            svg = _draw(request["spec"], None)
            Path(request["svg"]).write_text(svg, encoding="utf-8")
            reply = {"ok": True, "svg": request["svg"]}
        except Exception as exc:  # the caller draws it again itself and meets the error there
            reply = {"error": f"{type(exc).__name__}: {exc}", "svg": request.get("svg") if isinstance(request, dict) else None}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
