"""Dashboard: GET /api/v1/dashboard as a company admin (daily rollups) against the same figures from the raw tables.

Usage: python -m bench.dashboard [--evaluations 1000000] [--requests 50] [--baseline-runs 5] [--reload]
                                 [--explain] [--profile] [--json out.json]

One company with `--evaluations` evaluations (about 85% completed, each with its evaluation_analysis row) over ten
campaigns, fifty zones, two hundred shoppers and 365 days, plus three small companies, is loaded with set-based SQL
into its own PostgreSQL database (migrated by the project's Alembic chain) and reused while the parameters match.
The rollups are rebuilt with siete.dashboard.rollups, then refreshed after 1,000 evaluations are touched; the API
and the raw-table baseline are timed in the same run and their figures compared before the ratio is printed.
"""
