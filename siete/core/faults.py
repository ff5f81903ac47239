"""The one shape of a processing fault: a stable code for evaluations.error_code, a message, and whether a
retry may help. AI, media, Stream and pipeline errors all subclass it (plain Python: no Flask here)."""


class Fault(Exception):
    transient = False

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
