"""API load benchmark (issue #8): the real evaluations endpoints vs bare Flask and a minimal raw-SQL endpoint.

Run `python -m bench.api_load.run` (see bench/README.md); tests call `run_api_load(...)`.
"""


def run_api_load(*args, **kwargs):
    """See bench.api_load.run.run_api_load (imported lazily so `import bench.api_load` stays cheap)."""
    from bench.api_load.run import run_api_load as run

    return run(*args, **kwargs)
