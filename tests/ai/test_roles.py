"""Speaker roles: by voice (acoustic clustering on real recordings) and by what each speaker says."""

from siete.ai import Segment, Transcript
from siete.ai.diarization import assign_roles, diarize
from siete.ai.diarization.acoustic import decode, speaker_labels
from tests.ai.conftest import requires_local_asr
from tests.fakes.media import SPEECH_FIXTURES, expectations, fixture_path


def _segments(script):
    return [Segment(line["inicio"], line["fin"], line["texto"]) for line in script]


def test_the_voices_of_each_fixture_split_into_its_two_speakers():
    for name in SPEECH_FIXTURES:
        script = expectations()[name]["script"]
        labels = speaker_labels(decode(fixture_path(name)), _segments(script))
        by_role = {}
        for line, label in zip(script, labels, strict=True):
            by_role.setdefault(line["rol"], set()).add(label)
        assert all(len(found) == 1 for found in by_role.values()), (name, by_role)
        assert by_role["empleado"] != by_role["cliente"], name


def test_the_speaker_who_welcomes_and_offers_is_the_employee_whoever_speaks_first():
    segments = [Segment(0, 4, "Llevo una hora esperando, esto es un desastre.", "A"),
                Segment(4, 8, "Buenas tardes, ¿en qué le puedo ayudar?", "B"),
                Segment(8, 12, "Quiero cancelar mi plan.", "A"),
                Segment(12, 16, "Le ofrezco un descuento del veinte por ciento.", "B"),
                Segment(16, 18, "No.", "A")]
    roles = [s.role for s in assign_roles(segments)]
    assert roles == ["cliente", "empleado", "cliente", "empleado", "cliente"]


def test_without_speakers_roles_come_from_cues_and_turn_taking():
    segments = [Segment(0, 4, "Buenos días, bienvenido, mi nombre es Laura."), Segment(4, 8, "Quiero cambiar mi plan."),
                Segment(8, 12, "Claro."), Segment(12, 16, "Me cobraron de más la otra vez.")]
    assert [s.role for s in assign_roles(segments)] == ["empleado", "cliente", "empleado", "cliente"]


def test_known_roles_are_kept():
    segments = [Segment(0, 4, "Quiero cancelar.", "S1", "empleado"), Segment(4, 8, "Bienvenido.", "S2", "cliente")]
    assert assign_roles(segments) == segments


def test_nothing_to_tell_the_sides_apart_leaves_the_role_unknown():
    assert {s.role for s in assign_roles([Segment(0, 1, "Eh."), Segment(1, 2, "Mm.")])} == {"desconocido"}


@requires_local_asr
def test_local_transcripts_of_the_fixtures_get_the_right_role_per_line(local_transcripts):
    for name, transcript in local_transcripts.items():
        diarized = diarize(fixture_path(name), transcript)
        script = expectations()[name]["script"]
        right = 0
        for segment in diarized.segments:
            line = max(script, key=lambda ln: min(ln["fin"], segment.end) - max(ln["inicio"], segment.start))
            right += segment.role == line["rol"]
        assert right / len(diarized.segments) >= 0.85, (name, [(s.role, s.text) for s in diarized.segments])


def test_diarized_transcript_round_trips_speakers_and_roles():
    transcript = Transcript.from_segments([Segment(0, 1, "Hola.", "S1", "empleado")], "es", 1.0)
    again = Transcript.from_dict(transcript.to_dict())
    assert again.segments[0].speaker == "S1" and again.segments[0].role == "empleado"
    assert Transcript.from_dict({"text": "x", "segments": [{"start": 0, "end": 1, "text": "x"}]}).segments[0].role \
        == "desconocido"  # transcripts stored before roles existed


def test_content_mode_skips_the_voice(tmp_path):
    transcript = Transcript.from_segments([Segment(0, 2, "Bienvenido, le atiende Ana."), Segment(2, 4, "Quiero un plan.")],
                                          "es", 4.0)
    diarized = diarize(tmp_path / "not-read.wav", transcript, mode="content")
    assert [s.role for s in diarized.segments] == ["empleado", "cliente"] and not any(s.speaker for s in diarized.segments)




def test_asking_how_to_help_without_le_before_the_verb_sounds_like_the_employee():
    """'¿En qué puedo ayudarle?' and 'cómo le puedo servir' (and ASR's 'en qué puedo ser libre') are the employee's."""
    from siete.ai.diarization.roles import role_score

    for line in ("¿En qué puedo ayudarle?", "¿Cómo le puedo servir?", "Buenas tardes, ¿en qué puedo ser libre?"):
        assert role_score(line, 0.5) >= 2, line
    assert role_score("¿Y qué puedo hacer yo?", 0.5) < 2


def test_the_employees_quiere_and_necesita_are_not_the_customers_quiero_and_necesito():
    """One letter apart, but another person: 'por si necesita algo' and '¿quiere que se lo active?' are the employee's;
    'además' heard as 'a demás' is no 'de más' complaint."""
    from siete.ai.diarization.roles import role_score

    assert role_score("¿Quiere que se lo active?", 0.6) > 0
    assert role_score("Por si necesita algo.", 0.6) > 0
    assert role_score("A demás le dejo mi número.", 0.6) > 0
    assert role_score("Necesito cambiar el plan, quiero uno más barato.", 0.6) < 0


def test_who_asks_for_the_papers_and_does_the_errand_is_the_employee_even_when_the_customer_greets_and_thanks():
    lines = [("A", "Hola, buenas tardes."), ("B", "Hola, buenas tardes, ¿qué buscaba?"),
             ("A", "Estas sandalias las compré el viernes y ya se rompió la tira."),
             ("B", "A ver… ¿tiene su boleta?"), ("A", "Sí, acá está."),
             ("B", "Ya, se las cambio. Estas duran harto más."), ("A", "Ya, gracias. Chau.")]
    segments = [Segment(i * 4.0, i * 4.0 + 3.5, text, speaker) for i, (speaker, text) in enumerate(lines)]
    assert [s.role for s in assign_roles(segments)] == ["cliente", "empleado"] * 3 + ["cliente"]


def test_a_visit_heard_as_one_voice_takes_its_roles_from_the_words_and_turn_taking():
    lines = ["Buenas tardes, bienvenido, ¿en qué le puedo ayudar?", "Quiero cambiar la batería del carro.",
             "Claro, déjeme revisar.", "Me cobraron de más la otra vez, eso no es justo.", "Le ofrezco un descuento del diez por ciento.",
             "Bueno, está bien.", "Gracias por su visita, que tenga buen día."]
    segments = [Segment(4 * i, 4 * i + 3.5, text, "A" if i < 6 else "B") for i, text in enumerate(lines)]
    assert [s.role for s in assign_roles(segments)] == ["empleado", "cliente"] * 3 + ["empleado"]


def test_a_segment_that_goes_on_an_open_sentence_keeps_its_speaker():
    segments = [Segment(0, 4, "Buenas tardes, bienvenido, ¿en qué le puedo ayudar?"), Segment(4, 8, "Quiero cambiar mi plan."),
                Segment(8, 12, "Claro, le recomiendo el plan familiar porque"),
                Segment(12.1, 16, "es el de siempre, nada raro."), Segment(16.5, 20, "Me cobraron de más la otra vez.")]
    assert [s.role for s in assign_roles(segments)] == ["empleado", "cliente", "empleado", "empleado", "cliente"]


def test_who_says_a_promotion_is_over_is_still_the_employee_when_the_customer_quotes_the_offer():
    segments = [Segment(0, 3, "Buenas, ¿me da su tarjeta de puntos?", "A"),
                Segment(3, 8, "Tome. Oiga, el cartel de la entrada dice tres por dos en jabones.", "B"),
                Segment(8, 13, "Ay no, esa promoción se terminó ayer.", "A"),
                Segment(13, 16, "Pues quiten el cartel. Cóbreme lo demás. Chao.", "B")]
    assert [s.role for s in assign_roles(segments)] == ["empleado", "cliente", "empleado", "cliente"]
