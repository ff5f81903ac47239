"""Scorecard rules: a shopper reads no scorecard, even through a query another feature makes; survey questions
may verify only criteria a scorecard of their company defines."""
from sqlalchemy import false
from sqlalchemy.orm import with_loader_criteria

from siete.core.roles import Role
from siete.core.tenancy import register_row_rule
from siete.scorecards.models import Scorecard
from siete.scorecards.service import criterion_keys
from siete.surveys.service import register_criterion_source

register_criterion_source(criterion_keys)


@register_row_rule
def _not_for_shoppers(scope):
    if scope.role != Role.SHOPPER:
        return []
    return [with_loader_criteria(Scorecard, lambda cls: false(), include_aliases=True)]
