"""Paging, sorting and text search for list endpoints over SQLAlchemy select statements."""
import marshmallow as ma
from flask_smorest import Page
from sqlalchemy import String, func, or_
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.sql import coercions, roles

from siete.core.errors import Invalid


def listed_columns(stmt, schema):
    """The entity columns `schema` dumps when `stmt` selects one ORM entity and the schema needs nothing else (each
    field a mapped column, each computed field declared in `COMPUTED_FROM`); else None: the entity is read.
    Built once per (schema, statement shape's entity)."""
    if schema is None or stmt._with_options:  # loader options (eager loads, deferrals) are for the entity
        return None
    descriptions = stmt.column_descriptions
    if len(descriptions) != 1 or descriptions[0]["entity"] is None or descriptions[0]["expr"] is not descriptions[0][
            "entity"]:
        return None
    entity = descriptions[0]["entity"]
    cache = schema.__dict__.setdefault("_listed_columns", {})
    if entity not in cache:
        cache[entity] = _columns_for(entity, schema)
    return cache[entity]


def _columns_for(entity, schema):
    column_attrs = sa_inspect(entity).column_attrs
    computed = getattr(schema, "COMPUTED_FROM", {})
    names = []
    for name, field in schema.dump_fields.items():
        reads = computed.get(name) if not field._CHECK_ATTRIBUTE else (field.attribute or name,)
        if reads is None or any(attribute not in column_attrs for attribute in reads):
            return None
        names.extend(attribute for attribute in reads if attribute not in names)
    # coerced once here (with_only_columns coerces every column on every call): the same annotated ORM columns
    return tuple(coercions.expect(roles.ColumnsClauseRole, getattr(entity, name)) for name in names)


class SelectPage(Page):
    """flask-smorest pager over a `select()`: one COUNT (cached, see core.count_cache) and one LIMIT/OFFSET query.
    When the route's response schema needs only columns (`listed`, set by core.api.Blueprint.response), the page is
    read as rows of those columns: an ORM-enabled select, so tenancy's criteria apply as to the entity."""

    listed = None  # the response schema instance of the route this pager class was made for

    @property
    def items(self):
        from siete.extensions import db

        if self.page_params.first_item >= self.page_params.item_count:
            return []  # past the last page: no query, and no OFFSET overflow for absurd page numbers
        stmt = self.collection.limit(self.page_params.page_size).offset(self.page_params.first_item)
        columns = listed_columns(stmt, self.listed)
        if columns:
            return db.session.execute(stmt.with_only_columns(*columns, maintain_column_froms=True)).all()
        return db.session.scalars(stmt).all()

    @property
    def item_count(self):
        from siete.core import count_cache
        from siete.extensions import db

        return count_cache.count(db.session, self.collection)


def Sort(allowed, default="-id"):  # noqa: N802 - reads like a field class
    """The `sort` argument of one list: its whitelist and default are part of the OpenAPI document."""
    names = ", ".join(f"`{name}`" for name in sorted(allowed))

    def _whitelisted(value):
        for raw in value.split(","):
            if raw.strip().lstrip("-+") not in allowed:
                raise ma.ValidationError(f"Cannot sort by '{raw.strip()}'. Allowed: {', '.join(sorted(allowed))}")

    return ma.fields.String(load_default=default, validate=_whitelisted, metadata={"description": (
        f"Comma-separated fields, `-` prefix for descending. Allowed: {names}. Default: `{default}`. "
        "Ties are broken by `id`.")})


class ListArgsSchema(ma.Schema):
    """Common list query arguments; features add their own filters and their `sort = Sort(...)`."""

    sort = Sort({"id"})
    q = ma.fields.String(
        load_default=None, validate=ma.validate.Length(max=100), metadata={"description": "Text search."}
    )


def apply_sort(stmt, model, sort, allowed, default="-id"):
    """Order by the requested whitelisted columns, always ending on id for a stable page order."""
    clauses, names = [], set()
    for raw in (sort or default).split(","):
        name = raw.strip()
        descending = name.startswith("-")
        name = name.lstrip("-+")
        if name not in allowed:
            raise Invalid({"sort": [f"Cannot sort by '{name}'. Allowed: {', '.join(sorted(allowed))}"]})
        names.add(name)
        column = getattr(model, name)
        if isinstance(column.type, String):
            column = func.lower(column)
        clauses.append(column.desc() if descending else column.asc())
    if "id" not in names:
        clauses.append(model.id.asc())
    return stmt.order_by(*clauses)


def apply_day_range(stmt, column, args):
    """`date_from`/`date_to` (inclusive UTC days, see core.schemas.DateRangeArgs) on a timestamp column."""
    from datetime import datetime, time, timedelta, timezone

    if args.get("date_from"):
        stmt = stmt.where(column >= datetime.combine(args["date_from"], time.min, timezone.utc))
    if args.get("date_to"):
        stmt = stmt.where(column < datetime.combine(args["date_to"] + timedelta(days=1), time.min, timezone.utc))
    return stmt


def apply_search(stmt, text, *columns):
    """Case-insensitive substring match over the given columns."""
    if not text:
        return stmt
    needle = text.strip().lower()
    return stmt.where(or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns)))


def document_pagination_header(api):
    """X-Pagination carries JSON, so OpenAPI must describe it as content, not as a simple-style object."""
    from flask_smorest.pagination import PaginationMetadataSchema

    if "PaginationMetadata" not in api.spec.components.schemas:
        api.spec.components.schema("PaginationMetadata", schema=PaginationMetadataSchema)
    api.spec.components.headers["PAGINATION"] = {
        "description": "Pagination metadata, a JSON object",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PaginationMetadata"}}},
    }
