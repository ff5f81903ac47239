"""Reports feature: PDF and spreadsheet reports built as Celery jobs, and their schedules (blueprint in routes.py)."""
