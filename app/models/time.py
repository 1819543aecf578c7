from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now in UTC; used as a callable default so each row gets its own time."""
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime | None:
    """A stored time as an aware UTC datetime: SQLite hands back naive ones (stored in UTC),
    PostgreSQL aware ones."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
