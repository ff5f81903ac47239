"""House mechanisms shared by every feature: API blueprint, tenancy, models, errors, pagination."""
