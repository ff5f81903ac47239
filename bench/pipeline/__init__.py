"""Pipeline throughput benchmark (issue #8): the real chain on real per-queue workers against a fake OpenAI with
realistic latency, compared with the ideal and with a sequential in-process baseline; optional faults."""


def run_pipeline_benchmark(*args, **kwargs) -> dict:
    """See bench.pipeline.run.run_pipeline_benchmark (imported lazily: importing the package starts nothing)."""
    from bench.pipeline.run import run_pipeline_benchmark as run

    return run(*args, **kwargs)
