"""A submitted video is probed before it is stored: too long or unreadable is refused with its own code, and every
refusal reads in Spanish unless the caller asks for English."""
import pytest

from tests.evaluations.test_submission import VIDEO, _assert_nothing_written, _post, _rows, setup  # noqa: F401


def test_a_video_longer_than_the_limit_is_422_video_too_long_and_nothing_is_stored(client, setup, db_session, app,
                                                                                  monkeypatch):
    monkeypatch.setitem(app.config, "MAX_VIDEO_SECONDS", 30)  # the fixture lasts 50 s
    before = _rows(db_session)
    response = _post(client, setup)
    body = response.get_json()
    assert (response.status_code, body["error_code"]) == (422, "video_too_long"), body
    assert body["message"].startswith("El video dura 0:50; el máximo es 0:30.")
    assert body["errors"]["files"]["video"] == [body["message"]]
    _assert_nothing_written(setup, db_session, before)


def test_a_video_within_the_limit_is_accepted_with_its_probed_duration(client, setup, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_VIDEO_SECONDS", 60)
    response = _post(client, setup)
    assert response.status_code == 202, response.get_json()
    assert response.get_json()["duration_seconds"] == pytest.approx(49.9, abs=1)


def test_an_upload_cut_short_is_refused_as_truncated(client, setup, db_session):
    before = _rows(db_session)
    data = VIDEO.read_bytes()
    response = _post(client, setup, video=data[:len(data) * 6 // 10])  # 60 % of its bytes
    body = response.get_json()
    assert (response.status_code, body["error_code"]) == (422, "truncated_media"), body
    assert body["message"].startswith("El video está incompleto")
    _assert_nothing_written(setup, db_session, before)


def test_a_file_that_looks_like_an_mp4_but_is_not_readable_is_refused(client, setup, db_session):
    before = _rows(db_session)
    response = _post(client, setup, video=b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4000)  # a header, nothing else
    body = response.get_json()
    assert (response.status_code, body["error_code"]) == (422, "unreadable_media"), body
    assert body["message"].startswith("No pudimos leer el video")
    _assert_nothing_written(setup, db_session, before)


@pytest.mark.parametrize(
    "video,status,code,spanish,english",
    [
        (b"", 422, "empty_file", "El archivo está vacío.", "The file is empty."),
        (b"plain text, not a video", 415, "unsupported_media_type", "El archivo no es un video",
         "The file is not a video"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (5 * 1024 * 1024 + 10), 413, "file_too_large",
         "El video pesa más de 5 MB.", "The video is larger than 5 MB."),
    ],
    ids=["empty", "not a video", "too large"],
)
def test_refusals_are_spanish_by_default_and_english_on_request(client, setup, video, status, code, spanish,
                                                                 english):
    default = _post(client, setup, video=video)
    assert (default.status_code, default.get_json()["error_code"]) == (status, code)
    assert default.get_json()["message"].startswith(spanish)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en-US,en;q=0.9"
    asked = _post(client, setup, video=video)
    assert asked.get_json()["message"].startswith(english)
