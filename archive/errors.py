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
    """A search parameter is out of range or malformed; the message names it.

    ``code`` says which rule failed (``too_long``, ``too_many``, ``range``, ``sort``,
    ``date``, ``date_order``, ``type``) and ``limit`` the bound, so that a front end can
    word the message in its own language.
    """

    def __init__(self, param: str, message: str, *, code: str = "", limit: int = 0) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message
        self.code = code
        self.limit = limit
