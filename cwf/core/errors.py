"""Domain errors raised by services. Views turn them into form errors or messages; the API turns
them into 400 responses. A message says what was wrong in words a user understands."""


class DomainError(Exception):
    """A refused action. `field` names the form field at fault, when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionError(DomainError):
    """An illegal status change."""


class ScopeError(DomainError):
    """The actor may not act on this object."""
