import datetime as dt

from m31.calendar import session_on, sessions_ending_on_or_before, trading_days_after

D = dt.date.fromisoformat


def test_normal_session_has_390_slots():
    s = session_on(D("2026-03-04"))
    assert (s.open.time(), s.close.time()) == (dt.time(9), dt.time(15, 30))
    assert s.slot_count(60) == 390
    assert s.slot_starts(60)[-1] == dt.datetime(2026, 3, 4, 15, 29)


def test_first_session_of_the_year_opens_at_ten_with_330_slots():
    s = session_on(D("2026-01-02"))
    assert s.open == dt.datetime(2026, 1, 2, 10, 0)
    assert s.slot_count(60) == 330


def test_holidays_and_weekends_have_no_session():
    for day in ("2026-02-16", "2026-02-17", "2026-02-18", "2026-03-02", "2026-03-07", "2026-01-01"):
        assert session_on(D(day)) is None, day


def test_slot_count_rounds_up_when_the_interval_does_not_divide():
    s = session_on(D("2026-03-04"))
    assert s.slot_count(7 * 60) == 56  # 390 / 7 = 55.7: the last slot starts before the close


def test_holiday_week_window_reaches_back():
    window = [s.day.isoformat() for s in sessions_ending_on_or_before(D("2026-02-20"), 5)]
    assert window == ["2026-02-11", "2026-02-12", "2026-02-13", "2026-02-19", "2026-02-20"]


def test_due_dates_skip_holidays():
    assert trading_days_after(D("2026-02-13"), 1) == D("2026-02-19")
    assert trading_days_after(D("2026-02-27"), 1) == D("2026-03-03")


def test_the_session_cache_is_a_faithful_copy(tmp_path, monkeypatch):
    from m31 import calendar

    monkeypatch.setenv("M31_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(calendar, "_TABLES", {})
    built = calendar.sessions_between(D("2026-01-01"), D("2026-12-31"))
    assert list(tmp_path.glob("xkrx-*.json")), "the table was written"
    monkeypatch.setattr(calendar, "_TABLES", {})
    assert calendar.sessions_between(D("2026-01-01"), D("2026-12-31")) == built  # read back from disk
    assert len(built) == 246 and built[0].open == dt.datetime(2026, 1, 2, 10, 0)
