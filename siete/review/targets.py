"""What a reviewer or a client can address in an operative view: a basic check, a scorecard criterion or a KPI."""
import copy

from siete.core.errors import Invalid
from siete.ai.schemas import CHECKS as QUALITY_CHECKS

KPI_RANGES = {"IOC": (0, 100), "IRD": (0, 100), "CES": (0, 100), "NPS_inferido": (0, 10)}
TARGET_HELP = ("check:<saludo|identificacion|oferta|cierre|valor_agregado>, criterion:<key> or "
               "kpi:<IOC|IRD|CES|NPS_inferido>")


def parse(target):
    """(kind, name) of a target string; a field error names what exists."""
    kind, _, name = (target or "").partition(":")
    if kind == "check" and name in QUALITY_CHECKS:
        return kind, name
    if kind == "kpi" and name in KPI_RANGES:
        return kind, name
    if kind == "criterion" and name:
        return kind, name
    raise Invalid({"target": [f"Unknown target '{target}'. Use {TARGET_HELP}"]})


def read(view, target):
    """The current verdict or score of `target` in `view` (field error when the analysis has no such target)."""
    kind, name = parse(target)
    view = view or {}
    if kind == "check":
        return (view.get("calidad_basica") or {}).get(name)
    if kind == "kpi":
        return view.get(name) if name == "NPS_inferido" else (view.get(name) or {}).get("score")
    criteria = view.get("criterios") or {}
    if name not in criteria:
        raise Invalid({"target": [f"This analysis has no criterion '{name}'"]})
    return criteria[name].get("cumple")


def clean(target, value):
    """A boolean for a check or criterion, an integer in range for a KPI."""
    kind, name = parse(target)
    if kind in ("check", "criterion"):
        if not isinstance(value, bool):
            raise Invalid({"value": ["Must be true or false for a check or criterion"]})
        return value
    low, high = KPI_RANGES[name]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid({"value": [f"Must be a whole number from {low} to {high} for {name}"]})
    return value


def flipped(target, current):
    """What accepting a dispute means when the reviewer names no value: the opposite verdict (KPIs need one)."""
    kind, _name = parse(target)
    if kind == "kpi" or not isinstance(current, bool):
        raise Invalid({"value": ["Give the corrected value for this target"]})
    return not current


def written(view, target, value):
    """A copy of `view` with `target` set to `value` (the stored JSON is replaced, never mutated in place)."""
    kind, name = parse(target)
    view = copy.deepcopy(view or {})
    if kind == "check":
        view.setdefault("calidad_basica", {})[name] = value
    elif kind == "kpi" and name == "NPS_inferido":
        view[name] = value
    elif kind == "kpi":
        view.setdefault(name, {})["score"] = value
    else:
        view["criterios"][name]["cumple"] = value
    return view


def verdict_targets(view):
    """Every yes/no target an analysis holds: the five checks and its scorecard's criteria."""
    view = view or {}
    checks = [f"check:{c}" for c in QUALITY_CHECKS if isinstance((view.get("calidad_basica") or {}).get(c), bool)]
    return checks + [f"criterion:{k}" for k in sorted(view.get("criterios") or {})]
