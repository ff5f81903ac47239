"""Media failures carry a stable code so the pipeline can fail an evaluation with a clear reason."""

NO_AUDIO_TRACK = "no_audio_track"
UNREADABLE_MEDIA = "unreadable_media"


class MediaError(Exception):
    """A recording that cannot be turned into audio; never worth retrying."""

    transient = False

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
