"""The chart renderer: a real worker process draws what this process would, byte for byte; a
worker that is gone or refuses a spec leaves the drawing (or the real error) to this process."""
import pytest

from m31.reports import render

SPEC = {"data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 5}]}, "mark": "bar", "width": 200,
        "encoding": {"x": {"field": "x", "type": "ordinal"}, "y": {"field": "y", "type": "quantitative"}}}


@pytest.fixture
def worker():
    render._worker = None
    render.start()
    yield render._worker
    process, render._worker = render._worker, None
    process.stdin.close()
    process.wait(timeout=30)


def _drawn_here(tmp_path):
    png = tmp_path / "here.png"
    return render._draw(SPEC, png), png.read_bytes()


def test_the_worker_draws_what_this_process_draws(worker, tmp_path):
    svg_here, png_here = _drawn_here(tmp_path)
    with render.Batch() as batch:
        drawings = [batch.add(SPEC, tmp_path / f"w{n}.png") for n in range(3)]
        svgs = [d.svg() for d in drawings]
    assert worker.poll() is None  # it served them (a dead worker would have left them to us)
    assert svgs == [svg_here] * 3 and svg_here.startswith("<svg")
    assert all((tmp_path / f"w{n}.png").read_bytes() == png_here for n in range(3))
    assert png_here.startswith(b"\x89PNG")


def test_a_worker_that_died_leaves_the_drawing_to_this_process(worker, tmp_path):
    svg_here, png_here = _drawn_here(tmp_path)
    worker.kill()
    worker.wait(timeout=30)
    with render.Batch() as batch:
        drawing = batch.add(SPEC, tmp_path / "after.png")
        assert drawing.svg() == svg_here
    assert (tmp_path / "after.png").read_bytes() == png_here


def test_a_spec_the_worker_refuses_raises_vl_converts_own_error(worker, tmp_path):
    bad = {"mark": "bar", "data": {"values": []}, "encoding": {"x": {"field": "x", "type": "no-such-type"}}}
    with render.Batch() as batch:
        refused = batch.add(bad, None)
        fine = batch.add(SPEC, None)
        with pytest.raises(ValueError, match="Vega-Lite to SVG conversion failed"):
            refused.svg()
        assert fine.svg().startswith("<svg")  # the worker goes on with the next chart
    assert worker.poll() is None


def test_without_a_worker_charts_are_drawn_here(tmp_path):
    render._worker = None
    svg_here, png_here = _drawn_here(tmp_path)
    with render.Batch() as batch:
        assert batch.add(SPEC, tmp_path / "p.png").svg() == svg_here
    assert (tmp_path / "p.png").read_bytes() == png_here
