"""The checks: the day (daily), the week (weekly, decisions), the intraday probe, and the
reference tables they join."""
