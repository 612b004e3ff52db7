"""Errors raised by the archive library; each message says what to do."""


class ArchiveError(Exception):
    """Base class of archive errors."""


class IndexNotFoundError(ArchiveError):
    """No index exists at the given path."""


class SchemaVersionError(ArchiveError):
    """The index was written with another schema version."""


class IndexBusyError(ArchiveError):
    """Another writer holds the index."""


class InvalidParameterError(ArchiveError, ValueError):
    """A search parameter is out of range or malformed; the message names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
