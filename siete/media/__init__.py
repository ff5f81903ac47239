"""Media helpers: probe, audio extraction and chunking, all streamed through the bundled ffmpeg."""

from siete.media.audio import WHISPER_CONTAINERS, AudioFile, extract_audio
from siete.media.chunking import AudioChunk, chunk_starts, split_audio
from siete.media.errors import NO_AUDIO_TRACK, UNREADABLE_MEDIA, MediaError
from siete.media.ffmpeg import ffmpeg_exe, read_pcm, run_ffmpeg
from siete.media.probe import MediaInfo, cut_short, probe, real_end

__all__ = [
    "NO_AUDIO_TRACK", "UNREADABLE_MEDIA", "WHISPER_CONTAINERS", "AudioChunk", "AudioFile", "MediaError",
    "MediaInfo", "chunk_starts", "cut_short", "extract_audio", "ffmpeg_exe", "probe", "read_pcm", "real_end",
    "run_ffmpeg", "split_audio",
]
