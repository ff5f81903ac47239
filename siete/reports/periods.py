"""The period a schedule reports on: the last full ISO week or calendar month before a day (pure dates)."""
from datetime import date, timedelta


def previous_period(frequency, today):
    """(key, first day, last day), e.g. ("2026-W48", 2026-11-23, 2026-11-29) or ("2026-11", 2026-11-01, 2026-11-30)."""
    if frequency == "weekly":
        start = today - timedelta(days=today.weekday() + 7)
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}", start, start + timedelta(days=6)
    end = today.replace(day=1) - timedelta(days=1)
    return f"{end.year}-{end.month:02d}", end.replace(day=1), end


def period_key(frequency, today=None):
    return previous_period(frequency, today or date.today())[0]
