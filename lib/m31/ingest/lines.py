"""A piece of the log (complete lines of a file, or its unterminated last line) as the Arrow
table of its physical lines that parsed_lines.sql reads (reading.parse_pieces): split with
numpy, each line a view into the piece's own bytes. Imported only by a run that has lines to
split."""
from __future__ import annotations

import os

# numpy's OpenBLAS starts a thread per core that spins for a while after each use; the split
# uses no BLAS, and those threads took CPU from DuckDB's (1% of a refresh's samples).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402


def _invalid_utf8_lines(data: bytes) -> tuple[bytes, list[int]]:
    """(data with undecodable bytes replaced, 1-based numbers of the lines that held them)."""
    bad_lines: list[int] = []
    out = bytearray()
    pos = 0
    while pos < len(data):
        try:
            data[pos:].decode("utf-8")
            out += data[pos:]
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            out += data[pos:start] + "\ufffd".encode()
            line_no = data.count(b"\n", 0, start) + 1
            if not bad_lines or bad_lines[-1] != line_no:
                bad_lines.append(line_no)
            pos = end
    return bytes(out), bad_lines


def valid_utf8(data) -> tuple[bytes | memoryview, list[int]]:
    """(data, or a copy with undecodable bytes replaced; the 0-based numbers, within data, of
    the lines that held them). ASCII, as a log mostly is, is valid as it is (the test is 10x
    cheaper than decoding)."""
    if not len(data) or np.frombuffer(data, dtype=np.uint8).max() < 0x80:
        return data, []
    try:
        str(data, "utf-8")
        return data, []
    except UnicodeDecodeError:
        clean, bad_lines = _invalid_utf8_lines(bytes(data))
        return clean, [n - 1 for n in bad_lines]


# The Arrow batches the lines are handed to DuckDB in: DuckDB scans one batch per thread.
BATCH_ROWS = 16384
_BOM = "\ufeff".encode("utf-8")
_J4, _J12 = np.arange(4), np.arange(12)


def piece_lines(idx: int, base: int, data, bad: list[int]) -> pa.Table:
    """The physical lines of one piece (complete lines of a file, or its unterminated last
    line) as Arrow columns, split without copying the text: each line is a string view into
    `data` (Arrow's layout, which is DuckDB's own). A line ends at a newline; one carriage
    return before it is cut (a CRLF line end); the empty string after a final newline is not a
    line; byte-order marks at the start of a file (line 1) are encoding, not content. `data`
    (bytes or a memoryview) is valid UTF-8 (valid_utf8 repaired it); `bad` numbers the lines,
    from 0, that were not."""
    a = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(a == 10)
    unterminated = len(a) > 0 and a[-1] != 10
    if unterminated:
        ends = np.append(ends, len(a))
    n = len(ends)
    starts = np.empty(n, dtype=np.int64)
    starts[:1], starts[1:] = 0, ends[:-1] + 1
    if base == 0 and n:
        while bytes(a[starts[0]:min(starts[0] + len(_BOM), ends[0])]) == _BOM:
            starts[0] += len(_BOM)
    ends = ends - ((ends > starts) & (a[np.maximum(ends - 1, 0)] == 13))
    lens = (ends - starts).astype(np.int32)
    # a view: its length, then the bytes themselves when they are 12 or fewer, else their
    # first 4, the buffer (0) and the offset
    views = np.zeros((n, 4), dtype=np.int32)
    views[:, 0] = lens
    long = lens > 12
    at = starts[long]
    views[long, 1] = a[at[:, None] + _J4].view(np.int32).ravel()
    views[long, 3] = at
    short = ~long
    if short.any():
        inline = a[np.minimum(starts[short][:, None] + _J12, len(a) - 1)]
        inline[_J12[None, :] >= lens[short][:, None]] = 0
        views[short, 1:] = inline.view(np.int32).reshape(-1, 3)
    line_no = np.arange(base + 1, base + n + 1, dtype=np.int64)
    last = np.zeros(n, dtype=bool)
    if unterminated:
        last[-1] = True
    return pa.table({
        "file_idx": _column(pa.int32(), np.full(n, idx, dtype=np.int32)),
        "line_no": _column(pa.int64(), line_no),
        "line": pa.Array.from_buffers(pa.string_view(), n, [None, pa.py_buffer(views), pa.py_buffer(data)]),
        "is_unterminated_last": _column(pa.bool_(), last),
        "is_bad_utf8": _column(pa.bool_(), np.isin(np.arange(n), bad) if bad else np.zeros(n, dtype=bool)),
    })


def _column(kind: pa.DataType, values: np.ndarray) -> pa.Array:
    """An Arrow column over a numpy array's buffer (pa.array would import pandas: 0.5 s)."""
    if kind == pa.bool_():
        return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(np.packbits(values, bitorder="little"))])
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(values)])


def arrow_lines(pieces: list[tuple[int, int, bytes | memoryview]]) -> pa.Table:
    """The lines of (file_idx, lines before, bytes) pieces, in batches DuckDB scans side by side."""
    tables = []
    for idx, base, data in pieces:
        text, bad = valid_utf8(data)
        tables.append(piece_lines(idx, base, text, bad))
    lines = pa.concat_tables(tables)
    return pa.Table.from_batches(lines.to_batches(max_chunksize=BATCH_ROWS), lines.schema)
