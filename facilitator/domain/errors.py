"""The one error type the core raises; the web layer turns its code into a translated message."""


class DomainError(Exception):
    """A request that the rules refuse. `code` is stable (clients and tests rely on it)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.params!r})"
