"""Declarative base and the mixins every table uses (timestamps, soft delete, tenant ownership)."""
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, MetaData, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow():
    return datetime.now(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={dict: JSONType, list: JSONType, datetime: DateTime(timezone=True)},
    )


class TimestampMixin:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SoftDeleteMixin:
    """Rows are never removed; reads skip rows whose deleted_at is set (see core.tenancy)."""

    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    def soft_delete(self):
        self.deleted_at = utcnow()


class Entity(TimestampMixin, SoftDeleteMixin):
    """Columns every table carries."""


class TenantOwned(Entity):
    """A row that belongs to one company; tenancy scopes every query on it."""

    @declared_attr
    def company_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("companies.id"), index=True)


class TenantRoot(Entity):
    """The tenant itself (companies): scoped by its own id."""


def tenant_root_model():
    """The one mapped tenant class (companies), found without core naming a feature."""
    [model] = [mapper.class_ for mapper in Base.registry.mappers if issubclass(mapper.class_, TenantRoot)]
    return model


def live_unique_index(name, *columns):
    """Uniqueness among rows that are not soft-deleted (a deleted row frees its key)."""
    return Index(
        name,
        *columns,
        unique=True,
        postgresql_where=text("deleted_at IS NULL"),
        sqlite_where=text("deleted_at IS NULL"),
    )
