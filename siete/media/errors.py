"""Media failures carry a stable code so the pipeline can fail an evaluation with a clear reason."""

from siete.core.faults import Fault

NO_AUDIO_TRACK = "no_audio_track"
UNREADABLE_MEDIA = "unreadable_media"


class MediaError(Fault):
    """A recording that cannot be turned into audio; never worth retrying."""
