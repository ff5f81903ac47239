"""`flask analysis evaluate`: the configured analyzer (and transcriber) measured on a labelled golden set."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from siete.ai import analyzer_from_config, transcriber_from_config
from siete.analysis.evaluation import evaluate, format_report
from siete.analysis.golden import load

VARIANTS = ("clean", "noisy")  # as siete.analysis.render writes them (imported when used: it loads numpy)

analysis_cli = click.Group("analysis", help="Analysis quality: evaluate the configured providers on a golden set.")


@analysis_cli.command("evaluate")
@click.option("--labels", "labels_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Labelled dialogues: corpus/test.json, corpus/dev.json or a .txt part.")
@click.option("--transcripts-only", is_flag=True,
              help="Analyse the labelled turns; skip audio and the transcriber.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (for CI).")
@click.option("--variant", type=click.Choice(VARIANTS), default="clean", show_default=True,
              help="Which renders to transcribe: clean, or with store noise at about 10 dB SNR.")
@click.option("--renders", default="var/corpus-renders", show_default=True, type=click.Path(file_okay=False),
              help="Where the audio renders are cached (rendered with espeak-ng when missing).")
@click.option("--analyzer", "analyzer_name", default=None, help="Override ANALYZER (heuristic | openai).")
@click.option("--transcriber", "transcriber_name", default=None, help="Override TRANSCRIBER (local | openai).")
@click.option("--no-cache", is_flag=True, help="Transcribe again even when a cached transcript matches.")
@with_appcontext
def evaluate_command(labels_path, transcripts_only, as_json, variant, renders, analyzer_name, transcriber_name,
                     no_cache):
    """Per-check agreement, precision and recall, exact match, churn ranking, alerts, timestamps and roles."""
    config = dict(current_app.config)
    config.update({key: value for key, value in (("ANALYZER", analyzer_name), ("TRANSCRIBER", transcriber_name))
                   if value})
    dialogues = load(labels_path)
    if not dialogues:
        raise click.ClickException(f"{labels_path} holds no dialogues")
    analyzer, transcriber, audio_dir = analyzer_from_config(config), None, None
    if not transcripts_only:
        from siete.analysis.render import render_all

        transcriber = transcriber_from_config(config)
        try:
            audio_dir = render_all(dialogues, Path(renders), needed=(variant,))[variant]
        except RuntimeError as exc:
            raise click.ClickException(str(exc)) from exc
    say = (lambda name: None) if as_json else (lambda name: click.echo(f"  {name}", err=True))
    report = evaluate(dialogues, analyzer, transcriber, audio_dir, cache=not no_cache,
                      cache_key=json.dumps({k: str(config.get(k)) for k in sorted(config)
                                            if k.startswith(("LOCAL_WHISPER", "OPENAI_TRANSCRIBE", "TRANSCRIBE_"))}),
                      diarization=(config.get("DIARIZATION") or "acoustic"), progress=say)
    data = report.to_dict()
    data.update(labels=str(labels_path), analyzer=analyzer.name, transcriber=transcriber.name if transcriber else None)
    click.echo(json.dumps(data, ensure_ascii=False, indent=1) if as_json else format_report(data))
