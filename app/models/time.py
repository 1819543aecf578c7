from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now in UTC; used as a callable default so each row gets its own time."""
    return datetime.now(UTC)
