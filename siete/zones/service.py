"""Zones of a company and who works in them."""
from sqlalchemy import select

from siete.core import tenancy
from siete.core.errors import Invalid
from siete.core.pagination import apply_search, apply_sort
from siete.core.service import owning_company_id, replace_links, transactional
from siete.extensions import db
from siete.users.models import User
from siete.zones.models import UserZone, Zone
from siete.zones.schemas import SORTABLE
from siete.audit import service as audit


def list_zones(args):
    stmt = select(Zone)
    for field in ("country", "state", "city"):
        if args.get(field):
            stmt = stmt.where(getattr(Zone, field) == args[field])
    stmt = apply_search(stmt, args.get("q"), Zone.name, Zone.city, Zone.state)
    return apply_sort(stmt, Zone, args.get("sort"), SORTABLE)


def get_zone(zone_id):
    return tenancy.get_or_404(Zone, zone_id)


@transactional
def create_zone(data):
    zone = Zone(company_id=owning_company_id(data.pop("company_id", None)), **data)
    db.session.add(zone)
    db.session.flush()
    return zone


@transactional
def update_zone(zone_id, data):
    zone = get_zone(zone_id)
    for key, value in data.items():
        setattr(zone, key, value)
    return zone


@transactional
def delete_zone(zone_id):
    zone = get_zone(zone_id)
    zone.soft_delete()
    audit.record("zone.deleted", zone, before=audit.snapshot(zone, "name", "city"))


def company_rows(model, ids, company_id, field):
    """Check every id names a live row of that company; unknown ids are a 422 on `field`."""
    found = set(db.session.scalars(select(model.id).where(model.id.in_(ids), model.company_id == company_id)))
    missing = sorted(set(ids) - found)
    if missing:
        raise Invalid({field: [f"Unknown ids in this company: {missing}"]})
    return found


def zone_users(zone_id):
    get_zone(zone_id)
    linked = select(UserZone.user_id).where(UserZone.zone_id == zone_id)
    return db.session.scalars(select(User).where(User.id.in_(linked)).order_by(User.id)).all()


@transactional
def set_zone_users(zone_id, user_ids):
    zone = get_zone(zone_id)
    company_rows(User, user_ids, zone.company_id, "ids")
    replace_links(UserZone, "zone_id", zone.id, "user_id", user_ids, zone.company_id)
    return zone_users(zone_id)
