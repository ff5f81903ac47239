"""The marshmallow operative-view schema and the strict JSON schema sent to OpenAI agree."""

import copy

import jsonschema
import pytest
from marshmallow import ValidationError

from siete.ai.json_schema import response_format, strict_json_schema
from siete.ai.schemas import AnalysisAnswerSchema, OperativeViewSchema, validate_operative_view

VALID = {
    "IOC": {"score": 70, "justificacion": "Pidió un plan con más megas."},
    "IRD": {"score": 20, "justificacion": "Sin quejas."},
    "CES": {"score": 10, "justificacion": "Resuelto en una visita."},
    "NPS_inferido": 9,
    "calidad_basica": {"saludo": True, "identificacion": True, "oferta": True, "cierre": False,
                       "valor_agregado": False},
    "evidencias": {
        "calidad_basica": {"saludo": [{"cita": "Buenas tardes", "inicio": 0.5, "fin": 2,
                                                       "linea": 1, "hablante": "S1", "rol": "empleado"}], "identificacion": [],
                           "oferta": [], "cierre": [], "valor_agregado": []},
        "verbatims": {"positivos": [{"cita": "Muy amable", "inicio": 30.0, "fin": 31.5, "linea": 9,
                                    "hablante": "S2", "rol": "cliente"}], "negativos": [],
                      "criticos": []},
    },
    "verbatims": {"positivos": ["Muy amable"], "negativos": [], "criticos": []},
    "acciones_sugeridas": [{"accion": "Cerrar preguntando si necesita algo más", "prioridad": "media"}],
}


def mutate(path, value):
    data = copy.deepcopy(VALID)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


INVALID = [
    mutate(("IOC", "score"), 101), mutate(("IRD", "score"), -1), mutate(("CES", "score"), 50.5),
    mutate(("NPS_inferido",), 11), mutate(("NPS_inferido",), "9"), mutate(("NPS_inferido",), True),
    mutate(("calidad_basica", "saludo"), "true"), mutate(("calidad_basica", "saludo"), 1),
    mutate(("calidad_basica", "cierre"), KeyError), mutate(("calidad_basica", "extra"), True),
    mutate(("acciones_sugeridas",), [{"accion": "x", "prioridad": "urgente"}]),
    mutate(("verbatims", "criticos"), [3]), mutate(("evidencias",), KeyError),
    mutate(("evidencias", "verbatims", "positivos"), [{"cita": "x", "inicio": "1", "fin": 2}]),
    mutate(("evidencias", "calidad_basica", "saludo"), [{"cita": "x", "inicio": -1.0, "fin": 2}]),
    mutate(("sentimiento",), "positivo"),
]


def test_strict_schema_follows_openai_strict_mode_rules():
    def check(node):
        if node.get("type") == "object":
            assert node["additionalProperties"] is False
            assert node["required"] == list(node["properties"])
            for child in node["properties"].values():
                check(child)
        if node.get("type") == "array":
            check(node["items"])

    spec = response_format()["json_schema"]
    assert spec["strict"] is True and spec["name"]
    check(spec["schema"])


def test_json_schema_has_exactly_the_marshmallow_fields():
    def keys(schema_node, ma_schema):
        assert list(schema_node["properties"]) == list(ma_schema.fields)
        for name, field in ma_schema.fields.items():
            nested = getattr(field, "schema", None) or getattr(getattr(field, "inner", None), "schema", None)
            child = schema_node["properties"][name]
            if nested is not None:
                keys(child.get("items", child), nested)

    keys(strict_json_schema(OperativeViewSchema), OperativeViewSchema())


def test_valid_view_passes_both():
    jsonschema.validate(VALID, strict_json_schema(OperativeViewSchema))
    assert validate_operative_view(VALID)["NPS_inferido"] == 9


@pytest.mark.parametrize("view", INVALID)
def test_invalid_views_fail_both(view):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(view, strict_json_schema(OperativeViewSchema))
    with pytest.raises(ValidationError):
        validate_operative_view(view)


def test_evidence_must_not_end_before_it_starts():
    view = mutate(("evidencias", "calidad_basica", "saludo"), [{"cita": "x", "inicio": 5.0, "fin": 2.0}])
    with pytest.raises(ValidationError):
        validate_operative_view(view)


def test_answer_schema_wraps_the_operative_view():
    answer = {"executive_view": "## Resumen", "operative_view": VALID}
    jsonschema.validate(answer, response_format()["json_schema"]["schema"])
    assert AnalysisAnswerSchema().load(answer)["operative_view"]["IOC"]["score"] == 70
