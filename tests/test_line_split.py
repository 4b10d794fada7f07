"""The split of a piece into physical lines (m31.ingest.lines.piece_lines, numpy over the
bytes, each line a string view into them), held to a plain reading of the rules: a line ends
at a newline; one carriage return before it is cut; byte-order marks open a file's line 1 only;
the empty string after a final newline is no line; a piece without a final newline ends in an
unterminated line. Undecodable bytes are repaired and their lines named."""
from hypothesis import given, settings
from hypothesis import strategies as st

from m31 import db
from m31.ingest.lines import piece_lines, valid_utf8
from m31.ingest.reading import parse_pieces

BOM = "\ufeff".encode()


def by_hand(data: bytes, base: int) -> list[tuple[int, str, bool]]:
    """(line number, text, unterminated) of every line, the rules read literally."""
    parts = data.split(b"\n")
    if data.endswith(b"\n") or not data:
        parts = parts[:-1]
    out = []
    for k, raw in enumerate(parts):
        if base + k == 0:
            while raw.startswith(BOM):
                raw = raw[len(BOM):]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        out.append((base + k + 1, raw.decode("utf-8", "replace"), k == len(parts) - 1 and not data.endswith(b"\n")))
    return out


def split(data: bytes, base: int):
    text, bad = valid_utf8(data)
    t = piece_lines(3, base, text, bad).to_pydict()
    assert set(t["file_idx"]) <= {3}
    return list(zip(t["line_no"], t["line"], t["is_unterminated_last"])), [n for n, b in zip(t["line_no"], t["is_bad_utf8"]) if b]


ATOMS = [b"a", b"\n", b"\r", b"\r\n", b" ", b"\t", BOM, "\u00e9".encode(), "\ud55c".encode(), b"\xff", b"\xc3", b"{", b'"',
         b"0123456789abcdef"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), max_size=40), st.sampled_from([0, 7]))
def test_a_piece_splits_into_the_lines_the_rules_give(atoms, base):
    data = b"".join(atoms)
    lines, bad = split(data, base)
    assert lines == by_hand(data, base)
    # a line is named as holding invalid UTF-8 exactly when its bytes do not decode
    wanted = []
    for n, raw in enumerate((data.split(b"\n")[:-1] if data.endswith(b"\n") or not data else data.split(b"\n")), base + 1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            wanted.append(n)
    assert bad == wanted


def test_the_awkward_cases_by_name():
    assert split(b"", 0)[0] == []
    assert split(b"\n", 0)[0] == [(1, "", False)]
    assert split(b"\r\n\r\r\n", 0)[0] == [(1, "", False), (2, "\r", False)]
    assert split(BOM + BOM + b'{"a":1}\r\nx', 0)[0] == [(1, '{"a":1}', False), (2, "x", True)]
    assert split(BOM + b"x\n", 5)[0] == [(6, "\ufeffx", False)]   # not a file's first line: content
    # 12 bytes are held in the view itself, 13 point into the buffer
    assert split(b"123456789012\n1234567890123\n", 0)[0] == [(1, "123456789012", False), (2, "1234567890123", False)]
    lines, bad = split(b'{"ok":1}\nab\xffcd\n\xc3', 10)
    assert lines == [(11, '{"ok":1}', False), (12, "ab\ufffdcd", False), (13, "\ufffd", True)] and bad == [12, 13]


def test_parsed_lines_read_the_split_lines():
    con = db.connect()
    n = parse_pieces(con, [(0, 0, b'{"ts": "2026-01-22T09:00:00+09:00", "event_type": "x"}\r\n\n  \t\n'),
                           (1, 4, b'{"ts": "2026-01-22T09:00:01+09:00"')])
    assert n == 4
    assert con.execute("SELECT file_idx, line_no, kind, reason FROM parsed_lines ORDER BY 1, 2").fetchall() == [
        (0, 1, "event", None), (0, 2, "blank", None), (0, 3, "blank", None),
        (1, 5, "truncated_tail", "not valid JSON")]


def test_no_piece_gives_the_columns_and_types_of_split_lines():
    """A store already current parses no piece, and reading.py then makes log_lines without
    numpy and pyarrow: the same columns, of the same types, as lines.py's Arrow table (the store's
    columns.parquet is written from it)."""
    con = db.connect()
    parse_pieces(con, [])
    empty = con.execute("DESCRIBE log_lines").fetchall()
    parse_pieces(con, [(0, 0, b"{}\n")])
    assert con.execute("DESCRIBE log_lines").fetchall() == empty
    assert con.execute("SELECT count(*) FROM log_lines").fetchone() == (1,)
