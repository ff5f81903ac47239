"""The heuristic analyzer on the fixtures: every expected quality check right, churn risk ranked poor > mixed > good."""

import pytest

from siete.ai import get_analyzer, get_transcriber, validate_operative_view
from tests.fakes.media import SPEECH_FIXTURES, expectations, fixture_path


def analyze_all(transcripts):
    analyzer = get_analyzer("heuristic")
    return {name: analyzer.analyze(transcript).operative_view for name, transcript in transcripts.items()}


@pytest.fixture(scope="module")
def local_views(local_transcripts):
    return analyze_all(local_transcripts)


@pytest.fixture
def scripted_views(fake_openai, openai_settings):
    """The exact dialogues, through the openai transcriber and the fake (which knows the scripts)."""
    transcriber = get_transcriber("openai", **openai_settings)
    return analyze_all({name: transcriber.transcribe(fixture_path(name)) for name in SPEECH_FIXTURES})


@pytest.mark.parametrize("name", SPEECH_FIXTURES)
def test_quality_checks_match_expectations_on_local_transcripts(local_views, name):
    assert local_views[name]["calidad_basica"] == expectations()[name]["calidad_basica"]


def test_churn_risk_ranks_poor_over_mixed_over_good_on_local_transcripts(local_views):
    ird = {name: view["IRD"]["score"] for name, view in local_views.items()}
    assert ird["poor_service"] > ird["mixed_service"] > ird["good_service"]


def test_local_views_validate_and_rank_effort_and_nps(local_views):
    for view in local_views.values():
        validate_operative_view(view)
    assert local_views["poor_service"]["CES"]["score"] > local_views["good_service"]["CES"]["score"]
    assert local_views["good_service"]["NPS_inferido"] > local_views["mixed_service"]["NPS_inferido"] \
        > local_views["poor_service"]["NPS_inferido"]
    assert local_views["poor_service"]["verbatims"]["criticos"]


@pytest.mark.parametrize("name", SPEECH_FIXTURES)
def test_quality_checks_match_expectations_on_the_exact_dialogues(scripted_views, name):
    assert scripted_views[name]["calidad_basica"] == expectations()[name]["calidad_basica"]


def test_churn_risk_ranks_the_exact_dialogues_too(scripted_views):
    ird = {name: view["IRD"]["score"] for name, view in scripted_views.items()}
    assert ird["poor_service"] > ird["mixed_service"] > ird["good_service"]
