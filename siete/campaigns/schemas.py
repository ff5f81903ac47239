"""Campaign schemas."""
import marshmallow as ma
from marshmallow import validate

from siete.core.pagination import ListArgsSchema, Sort
from siete.core.schemas import EntitySchema, Id, Name


class CampaignFields(ma.Schema):
    name = Name(200)
    description = ma.fields.String(validate=validate.Length(max=5000), allow_none=True)
    start_date = ma.fields.Date()
    end_date = ma.fields.Date()
    goal = ma.fields.Integer(validate=validate.Range(min=0, max=1_000_000),
                             metadata={"description": "Target number of evaluations."})
    survey_id = Id(allow_none=True)

    @ma.validates_schema
    def _dates_in_order(self, data, **kwargs):
        if data.get("start_date") and data.get("end_date") and data["start_date"] > data["end_date"]:
            raise ma.ValidationError("Must be on or after start_date", "end_date")


class CampaignCreateSchema(CampaignFields):
    name = Name(200, required=True)
    start_date = ma.fields.Date(required=True)
    end_date = ma.fields.Date(required=True)
    goal = ma.fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))
    company_id = Id(metadata={"description": "Superadmin only."})


class CampaignSchema(EntitySchema, CampaignFields):
    company_id = ma.fields.Integer(dump_only=True)


class ProgressSchema(ma.Schema):
    submitted = ma.fields.Integer()
    pending = ma.fields.Integer()
    analyzing = ma.fields.Integer()
    completed = ma.fields.Integer()
    failed = ma.fields.Integer()
    goal = ma.fields.Integer()
    goal_pct = ma.fields.Float(allow_none=True, metadata={"description": "completed / goal × 100; null without a goal"})


class ZoneProgressSchema(ProgressSchema):
    zone_id = ma.fields.Integer()
    zone_name = ma.fields.String()


class CampaignDetailSchema(CampaignSchema):
    progress = ma.fields.Nested(ProgressSchema)
    zones = ma.fields.List(ma.fields.Nested(ZoneProgressSchema))


SORTABLE = {"id", "name", "start_date", "end_date", "goal", "created_at"}


class CampaignQueryArgsSchema(ListArgsSchema):
    sort = Sort(SORTABLE)
    active_on = ma.fields.Date(metadata={"description": "Campaigns running on this date."})
    zone_id = Id()
    survey_id = Id()
