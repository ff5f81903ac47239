"""Scorecard row rules: a shopper reads no scorecard, even through a query another feature makes."""
from sqlalchemy import false
from sqlalchemy.orm import with_loader_criteria

from siete.core.roles import Role
from siete.core.tenancy import register_row_rule
from siete.scorecards.models import Scorecard


@register_row_rule
def _not_for_shoppers(scope):
    if scope.role != Role.SHOPPER:
        return []
    return [with_loader_criteria(Scorecard, lambda cls: false(), include_aliases=True)]
