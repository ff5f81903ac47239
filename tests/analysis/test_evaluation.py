"""The golden-set evaluation: its figures, the floors on the team's test part, and the flask command."""

import json
from pathlib import Path

import pytest

from siete.ai import get_analyzer
from siete.analysis.evaluation import evaluate, pairwise_order, spearman
from siete.analysis.golden import CHECKS, Dialogue, load, parse
from tests.fakes.media import SPEECH_FIXTURES, expectations, fixture_path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
FIXTURE_CHURN = {"good_service": "low", "mixed_service": "medium", "poor_service": "high"}
FIXTURE_TURNS = {"good_service": {"saludo": 0, "identificacion": 0, "oferta": 2, "cierre": 6, "valor_agregado": 4},
                 "mixed_service": {"saludo": 0, "oferta": 2, "cierre": 6}, "poor_service": {}}


def test_the_corpus_is_balanced_and_its_test_part_apart():
    dev, test = load(CORPUS / "dev.json"), load(CORPUS / "test.json")
    assert len(dev) + len(test) >= 80 and 0.2 <= len(test) / (len(dev) + len(test)) <= 0.4
    assert not {d.id for d in dev} & {d.id for d in test}
    for part in (dev, test):
        assert len({d.business for d in part}) >= 12 and {d.churn for d in part} == {"low", "medium", "high"}
        for check in CHECKS:
            assert 0 < sum(d.checks[check] is not None for d in part) < len(part), check
    assert [d.to_dict() for d in parse((CORPUS / "test.txt").read_text(), "test")] == [d.to_dict() for d in test]


def test_ranking_figures():
    assert pairwise_order([(0, 10), (1, 40), (2, 80)]) == 1.0
    assert pairwise_order([(0, 50), (2, 50)]) == 0.5 and pairwise_order([(0, 90), (2, 10)]) == 0.0
    assert spearman([0, 1, 2], [5, 6, 9]) == 1.0 and spearman([0, 1, 2], [9, 6, 5]) == -1.0


def test_a_wrong_analyzer_scores_low():
    class Contrarian:
        name = "contrarian"

        def analyze(self, transcript, context=None):
            result = get_analyzer("heuristic").analyze(transcript, context)
            view = result.operative_view
            flipped = {check: not value for check, value in view["calidad_basica"].items()}
            return type(result)(**{**result.to_dict(), "operative_view": {**view, "calidad_basica": flipped,
                                                                         "IRD": {**view["IRD"], "score": 100 - view["IRD"]["score"]},
                                                                         "verbatims": {**view["verbatims"], "criticos": []}}})

    figures = evaluate(load(CORPUS / "test.json"), Contrarian()).to_dict()
    assert figures["agreement"] < 0.2 and figures["exact_match"] == 0.0 and figures["churn_pairwise_order"] < 0.2


def fixture_labels(tmp_path) -> tuple[Path, Path]:
    """The committed fixture videos as a labelled set with a render folder (no espeak-ng needed)."""
    renders, dialogues, manifest = tmp_path / "renders", [], {}
    (renders / "clean").mkdir(parents=True)
    for name in SPEECH_FIXTURES:
        spec = expectations()[name]
        turns = [{"rol": line["rol"], "speaker": "S1" if line["rol"] == "empleado" else "S2", "texto": line["texto"],
                  "inicio": line["inicio"], "fin": line["fin"]} for line in spec["script"]]
        checks = {check: FIXTURE_TURNS[name].get(check) for check in CHECKS}
        assert {c: t is not None for c, t in checks.items()} == spec["calidad_basica"]
        dialogues.append(Dialogue(name, "telecom", "neutro", "formal", FIXTURE_CHURN[name], "test", turns, checks))
        (renders / "clean" / f"{name}.mp4").symlink_to(fixture_path(name))
        manifest[name] = {"audio": f"{name}.mp4", "turns": [{"inicio": t["inicio"], "fin": t["fin"]} for t in turns]}
    (renders / "clean" / "manifest.json").write_text(json.dumps(manifest))
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"dialogues": [d.to_dict() for d in dialogues]}, ensure_ascii=False))
    return labels, renders


def invoke(app, *args):
    result = app.test_cli_runner().invoke(args=["analysis", "evaluate", *args])
    assert result.exit_code == 0, result.output
    return result


def test_cli_transcripts_only_json(app):
    result = invoke(app, "--labels", str(CORPUS / "test.json"), "--transcripts-only", "--json")
    figures = json.loads(result.stdout)
    assert figures["mode"] == "transcripts" and figures["dialogues"] == len(load(CORPUS / "test.json")) and figures["analyzer"] == "heuristic"
    assert set(figures["checks"]) == set(CHECKS) and {"precision", "recall", "agreement"} <= set(figures["checks"]["oferta"])
    assert figures["agreement"] >= 0.9


def test_cli_text_report(app):
    result = invoke(app, "--labels", str(CORPUS / "test.txt"), "--transcripts-only")
    assert "exact match" in result.stdout and "churn pairwise order" in result.stdout


def test_cli_runs_the_openai_transcriber_with_diarization_on_audio(app, fake_openai, monkeypatch, tmp_path):
    labels, renders = fixture_labels(tmp_path)
    for key, value in {"OPENAI_API_KEY": fake_openai.api_key, "OPENAI_BASE_URL": fake_openai.base_url,
                       "OPENAI_TRANSCRIBE_MODEL": "gpt-4o-transcribe-diarize"}.items():
        monkeypatch.setitem(app.config, key, value)
    result = invoke(app, "--labels", str(labels), "--renders", str(renders), "--transcriber", "openai", "--json")
    figures = json.loads(result.stdout)
    assert figures["mode"] == "audio:clean" and figures["transcriber"] == "openai" and figures["failed"] == []
    assert figures["exact_match"] == 1.0 and figures["high_churn_alert_recall"] == 1.0
    assert figures["timestamp_hits"] == 1.0 and figures["speaker_role_accuracy"] == 1.0
    assert len(fake_openai.calls("transcriptions")) == 3
    invoke(app, "--labels", str(labels), "--renders", str(renders), "--transcriber", "openai", "--json")
    assert len(fake_openai.calls("transcriptions")) == 3  # cached beside the renders


def test_cli_runs_the_openai_analyzer(app, fake_openai, monkeypatch):
    monkeypatch.setitem(app.config, "OPENAI_API_KEY", fake_openai.api_key)
    monkeypatch.setitem(app.config, "OPENAI_BASE_URL", fake_openai.base_url)
    result = invoke(app, "--labels", str(CORPUS / "test.json"), "--transcripts-only", "--analyzer", "openai", "--json")
    figures = json.loads(result.stdout)
    test = load(CORPUS / "test.json")
    unmet = sum(d.checks[c] is None for d in test for c in CHECKS) / (len(test) * len(CHECKS))
    assert figures["analyzer"] == "openai" and figures["agreement"] == pytest.approx(unmet, abs=1e-4)
    assert len(fake_openai.calls("chat")) == len(test)
    user = fake_openai.calls("chat")[0].fields["messages"][1]["content"]
    assert "L1 [" in user and "EMPLEADO (S1)" in user


def test_cli_refuses_a_missing_labels_file(app):
    result = app.test_cli_runner().invoke(args=["analysis", "evaluate", "--labels", "no/such.json"])
    assert result.exit_code != 0 and "no/such.json" in result.output
