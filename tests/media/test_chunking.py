"""split_audio cuts by time into overlapping chunks that each fit the size limit."""

from itertools import pairwise

import pytest

from siete.media import chunk_starts, extract_audio, probe, split_audio
from tests.fakes.media import fixture_path


def test_chunk_starts_overlap_and_cover_the_whole_duration():
    starts = chunk_starts(100.0, 30.0, 2.0)
    assert starts == [0.0, 28.0, 56.0, 84.0]
    assert starts[-1] + 30.0 >= 100.0


def test_short_duration_is_one_chunk():
    assert chunk_starts(10.0, 30.0, 2.0) == [0.0]


@pytest.fixture
def audio(tmp_path):
    return extract_audio(fixture_path("good_service"), tmp_path)


def test_file_under_the_limit_is_returned_as_is(audio):
    chunks = split_audio(audio.path, audio.size_bytes + 1)
    assert len(chunks) == 1 and chunks[0].path == audio.path and chunks[0].start == 0.0


def test_large_file_is_split_into_overlapping_chunks_under_the_limit(audio, tmp_path):
    limit = audio.size_bytes // 4
    out = tmp_path / "chunks"
    out.mkdir()
    chunks = split_audio(audio.path, limit, overlap_s=2.0, dst_dir=out)
    assert len(chunks) >= 4
    assert all(chunk.path.stat().st_size <= limit for chunk in chunks)
    assert [c.start for c in chunks] == sorted(c.start for c in chunks) and chunks[0].start == 0.0
    for before, after in pairwise(chunks):
        assert before.start + before.duration == pytest.approx(after.start + 2.0, abs=0.01)
    assert chunks[-1].start + chunks[-1].duration == pytest.approx(audio.duration, abs=0.05)
    for chunk in chunks:
        assert probe(chunk.path).duration == pytest.approx(chunk.duration, abs=0.2)


def test_limit_too_small_for_the_overlap_is_refused(audio, tmp_path):
    with pytest.raises(ValueError):
        split_audio(audio.path, 2000, overlap_s=5.0, dst_dir=tmp_path)
