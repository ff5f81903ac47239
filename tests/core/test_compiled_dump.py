"""The compiled dump (core.schemas.CompiledDumpSchema) gives exactly marshmallow's output, or leaves it to it."""
import datetime as dt
from types import SimpleNamespace

import marshmallow as ma
import pytest

from siete.core.schemas import CompiledDumpSchema, EntitySchema
from siete.evaluations.schemas import EvaluationDetailSchema, EvaluationSchema

NOW = dt.datetime(2026, 12, 2, 4, 30, 1, 123456, tzinfo=dt.UTC)


def _evaluation(i):
    return SimpleNamespace(
        id=i, created_at=NOW, updated_at=NOW.replace(tzinfo=None), company_id=1, campaign_id=2, zone_id=3, user_id=4,
        comments=None if i % 2 else "Atención cordial", media_filename="v.mp4", media_content_type=None,
        media_size=None if i % 3 else 1024, duration_seconds=[None, 90, 12.5][i % 3], status="failed", stage="x",
        progress=True if i == 4 else 45, error_code=None if i % 2 else "no_speech", completed_at=None, failed_at=NOW,
        answers={"q1": i}, survey_id=None)


class Odd(CompiledDumpSchema):
    renamed = ma.fields.Integer(data_key="otherName")
    sourced = ma.fields.String(attribute="source")
    defaulted = ma.fields.Integer(dump_default=lambda: 7)
    absent = ma.fields.String()
    as_text = ma.fields.Integer(as_string=True)
    stamp = ma.fields.DateTime(format="%Y/%m/%d")
    day = ma.fields.Date()
    flag = ma.fields.Boolean()
    computed = ma.fields.Function(lambda o: o["renamed"] * 2 if isinstance(o, dict) else o.renamed * 2)
    loaded = ma.fields.String(load_only=True)


class Hooked(EntitySchema):
    @ma.post_dump
    def _mark(self, data, **kwargs):
        return {**data, "marked": True}


class WithNested(EntitySchema):
    child = ma.fields.Nested(Odd)


@pytest.mark.parametrize("schema", [EvaluationSchema, EvaluationDetailSchema])
def test_evaluation_schemas_dump_as_marshmallow_does(app, schema):
    rows = [_evaluation(i) for i in range(12)]
    with app.test_request_context(headers={"Accept-Language": "es"}):
        instance = schema(many=True)
        assert instance._dump_plan() is not None  # the compiled path is the one measured
        compiled, reference = instance.dump(rows), ma.Schema.dump(instance, rows)
    assert compiled == reference
    assert [list(row) for row in compiled] == [list(row) for row in reference]  # same keys in the same order
    assert compiled[0]["error_message"] and compiled[1]["error_message"] is None


def test_every_field_option_matches_marshmallow():
    objects = [SimpleNamespace(renamed=3, source=5, as_text=9, stamp=NOW, day=NOW.date(), flag=1, loaded="x"),
               {"renamed": 4, "source": "s", "defaulted": None, "as_text": None, "stamp": None, "day": None,
                "flag": 0}]
    schema = Odd()
    for obj in objects:
        assert schema.dump(obj) == ma.Schema.dump(schema, obj)
    assert Odd(only=("renamed", "computed")).dump(objects[0]) == {"otherName": 3, "computed": 6}
    assert schema.dump(objects, many=True) == ma.Schema.dump(schema, objects, many=True)


def test_hooks_and_nested_schemas_keep_marshmallow_s_path():
    row = SimpleNamespace(id=1, created_at=NOW, updated_at=NOW, child=SimpleNamespace(renamed=2, source="a"))
    assert Hooked()._dump_plan() is None and Hooked().dump(row)["marked"] is True
    assert WithNested().dump(row) == ma.Schema.dump(WithNested(), row)


def test_rows_of_columns_dump_as_marshmallow_does(app):
    """A list page reads SQLAlchemy Rows of the schema's columns: same output as marshmallow's getattr path."""
    from sqlalchemy import create_engine, literal, select

    columns = [name for name in EvaluationSchema().dump_fields if name != "error_message"]
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        rows = [conn.execute(select(*[literal(getattr(_evaluation(i), name)).label(name) for name in columns])).one()
                for i in range(6)]
    with app.test_request_context(headers={"Accept-Language": "es"}):
        instance = EvaluationSchema(many=True)
        compiled, reference = instance.dump(rows), ma.Schema.dump(instance, rows)
    assert compiled == reference and [list(row) for row in compiled] == [list(row) for row in reference]
    assert compiled[0]["error_message"] and compiled[1]["error_message"] is None


def test_rows_are_read_by_position_whatever_their_column_order(app):
    """Rows of one list may come from results of different column orders, or lack a column (its default)."""
    from sqlalchemy import create_engine, literal, select

    columns = [name for name in EvaluationSchema().dump_fields if name != "error_message"]
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        def row(i, names):
            return conn.execute(select(*[literal(getattr(_evaluation(i), name)).label(name) for name in names])).one()
        rows = [row(0, columns), row(1, columns[::-1]), row(2, [n for n in columns if n != "comments"]), row(3, columns)]
    with app.test_request_context(headers={"Accept-Language": "es"}):
        instance = EvaluationSchema(many=True)
        compiled, reference = instance.dump(rows), ma.Schema.dump(instance, rows)
        assert instance.dump(rows[1], many=False) == ma.Schema.dump(instance, rows[1], many=False)
    assert compiled == reference and [list(row) for row in compiled] == [list(row) for row in reference]
    assert "comments" not in compiled[2]
