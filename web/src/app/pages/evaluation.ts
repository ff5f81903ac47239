import { DatePipe, DecimalPipe } from '@angular/common';
import { Component, DestroyRef, ElementRef, OnInit, computed, inject, input, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { timeout } from 'rxjs';
import { RouterLink } from '@angular/router';
import { MarkdownComponent } from 'ngx-markdown';
import { ButtonModule } from 'primeng/button';
import { ProgressBarModule } from 'primeng/progressbar';
import { StatusTag } from '../components/status-tag';
import { Adjustments } from '../components/adjustments';
import { DisputeBox } from '../components/dispute-box';
import { ReviewPanel } from '../components/review-panel';
import { HttpErrorResponse } from '@angular/common/http';
import { ApiService, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { analysisPdf, download, openLink } from '../core/export';
import { I18n, TranslatePipe } from '../core/i18n';
import { LiveService } from '../core/live.service';
import { ReportsService } from '../core/reports.service';
import { Analysis, CHECKS, Evaluation, OperativeView, Quote, Segment } from '../core/models';
import { ADMINS, Role, STAFF } from '../core/roles';

const POLL_MS = 2000;
/** How long the server's PDF may take before the browser makes its own (no report worker running, say). */
const SERVER_PDF_MS = 90000;

/** Index of the segment playing at `time` (the last one started), or -1 before the first. */
export function activeSegment(segments: readonly Segment[], time: number): number {
  let found = -1;
  for (let i = 0; i < segments.length && segments[i].start <= time; i++) {
    found = i;
  }
  return found;
}

export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** One evaluation: the video with its transcript following playback, evidence that seeks, the analysis, the status. */
@Component({
  selector: 'app-evaluation',
  imports: [RouterLink, DatePipe, DecimalPipe, MarkdownComponent, ButtonModule, ProgressBarModule, StatusTag,
    Adjustments, DisputeBox, ReviewPanel, TranslatePipe],
  template: `
    <a routerLink="/evaluations" class="text-sm text-blue-800 underline">← {{ 'nav.evaluations' | t }}</a>
    @if (error()) { <p role="alert" class="mt-2 text-red-700">{{ error() }}</p> }
    @if (pdfNote()) { <p role="status" class="mt-2 text-sm text-amber-900" data-testid="pdf-note">{{ pdfNote() }}</p> }
    @if (evaluation(); as e) {
      <div class="mt-2 flex flex-wrap items-center gap-3">
        <h1 class="text-2xl font-bold">{{ 'evaluation.title' | t: { id: e.id } }}</h1>
        <app-status-tag [status]="e.status" data-testid="status" />
        <span class="text-sm text-slate-600">{{ e.created_at | date: 'medium' : undefined : i18n.locale() }}</span>
        <div class="ml-auto flex gap-2">
          @if (isAdmin && (e.status === 'failed' || e.status === 'pending')) {
            <p-button [label]="'evaluation.reprocess' | t" severity="warn" (onClick)="reprocess()" />
          }
          @if (analysis()) {
            <p-button [outlined]="true" [label]="(pdfBusy() ? 'evaluation.pdfBuilding' : 'evaluation.pdf') | t" [loading]="pdfBusy()"
                      (onClick)="exportPdf()" data-testid="export-pdf" />
          }
        </div>
      </div>
      @if (e.status === 'pending' || e.status === 'analyzing') {
        <section class="mt-3 rounded-lg bg-white p-3 shadow-sm" aria-live="polite">
          <p class="text-sm">{{ 'evaluation.processing' | t }} — {{ 'stage.' + e.stage | t }} ({{ e.progress }}%)</p>
          <p-progressbar [value]="e.progress" [attr.aria-label]="'field.progress' | t" />
        </section>
      }
      @if (e.status === 'failed') {
        <section class="mt-3 rounded-lg border border-red-300 bg-red-50 p-3 text-red-900" role="alert" data-testid="failure">
          <p class="font-semibold">{{ 'evaluation.failed' | t }}</p>
          <p>{{ e.error_message || e.error_code }}</p>
        </section>
      }
      @if (e.status === 'in_review' && !analysis() && analysisAbsent()) {
        <section class="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-900" role="status" data-testid="in-review">
          <p class="font-semibold">{{ 'status.in_review' | t }}</p>
          <p class="text-sm">{{ 'review.inReview' | t }}</p>
        </section>
      }
      @if (analysis(); as a) {
        <app-adjustments [analysis]="a" />
        @if (reviewer() && (e.status === 'in_review' || e.status === 'completed')) {
          <app-review-panel [evaluation]="e" [analysis]="a" (changed)="onReviewed($event)" (sentBack)="onSentBack($event)" />
        }
      }
      <div class="mt-3 grid gap-4 lg:grid-cols-2">
        <section class="rounded-lg bg-white p-3 shadow-sm">
          <h2 class="sr-only">{{ 'evaluation.video' | t }}</h2>
          @if (videoUrl()) {
            <video #player [src]="videoUrl()" controls preload="metadata" class="w-full rounded bg-black" data-testid="player"
                   (timeupdate)="onTime(player.currentTime)" [attr.aria-label]="'evaluation.video' | t"></video>
          } @else {
            <p class="text-sm text-slate-600">{{ videoError() || ('evaluation.loadingVideo' | t) }}</p>
          }
        </section>
        <section class="rounded-lg bg-white p-3 shadow-sm">
          <h2 class="mb-2 font-semibold">{{ 'evaluation.transcript' | t }}</h2>
          @if (segments().length) {
            <ol class="max-h-96 space-y-1 overflow-y-auto pr-1 text-sm" #transcript data-testid="transcript">
              @for (s of segments(); track $index) {
                <li [class.bg-amber-100]="$index === active()" [attr.aria-current]="$index === active() ? 'true' : null"
                    class="rounded px-2 py-1" [attr.data-segment]="$index">
                  <button type="button" class="mr-2 font-mono text-xs text-blue-800 underline" (click)="seek(s.start)"
                          [attr.aria-label]="'evaluation.playAt' | t: { t: clock(s.start) }">{{ clock(s.start) }}</button>
                  @if (s.role || s.speaker) { <span class="mr-1 font-semibold">{{ speaker(s) }}:</span> }
                  {{ s.text }}
                </li>
              }
            </ol>
          } @else {
            <p class="text-sm text-slate-600">{{ (staff ? 'evaluation.noTranscript' : 'evaluation.shopperNoAnalysis') | t }}</p>
          }
        </section>
      </div>
      @if (analysis()?.operative_view; as ov) {
        <section class="mt-4 grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="kpis">
          @for (k of indicators; track k) {
            <div class="rounded-lg bg-white p-3 shadow-sm">
              <div class="text-xs uppercase text-slate-600">{{ 'kpi.' + k | t }}</div>
              <div class="text-2xl font-bold">{{ $any(ov)[k].score }}</div>
              <p class="text-xs text-slate-700">{{ $any(ov)[k].justificacion }}</p>
            </div>
          }
          <div class="rounded-lg bg-white p-3 shadow-sm">
            <div class="text-xs uppercase text-slate-600">{{ 'kpi.NPS' | t }}</div>
            <div class="text-2xl font-bold">{{ ov.NPS_inferido }}</div>
          </div>
        </section>
        <section class="mt-4 rounded-lg bg-white p-3 shadow-sm">
          <h2 class="mb-2 font-semibold">{{ 'evaluation.checks' | t }}</h2>
          <ul class="divide-y" data-testid="checks">
            @for (c of checks; track c) {
              <li class="py-2" [attr.data-check]="c">
                <span class="font-medium">{{ 'check.' + c | t }}</span>:
                <span [class.text-green-800]="ov.calidad_basica[c]" [class.text-red-800]="!ov.calidad_basica[c]">
                  {{ (ov.calidad_basica[c] ? 'check.pass' : 'check.fail') | t }}</span>
                @for (q of ov.evidencias.calidad_basica[c]; track $index) {
                  <button type="button" class="mt-1 block text-left text-sm text-blue-800 underline" (click)="seek(q.inicio)"
                          data-testid="evidence" [attr.data-start]="q.inicio">
                    «{{ q.cita }}» ({{ clock(q.inicio) }})
                  </button>
                }
              </li>
            }
          </ul>
        </section>
        @if (criteria(ov).length) {
          <section class="mt-4 rounded-lg bg-white p-3 shadow-sm">
            <h2 class="mb-2 font-semibold">{{ 'evaluation.criteria' | t }}
              @if (analysis()?.scorecard_score !== null && analysis()?.scorecard_score !== undefined) {
                <span class="ml-2 text-sm font-normal text-slate-700" data-testid="scorecard-score">{{ analysis()!.scorecard_score | number: '1.0-1' }}/100</span>
              }
            </h2>
            <ul class="divide-y" data-testid="criteria">
              @for (c of criteria(ov); track c.key) {
                <li class="py-2" [attr.data-criterion]="c.key">
                  <span class="font-medium">{{ c.nombre }}</span> <span class="text-xs text-slate-600">({{ 'evaluation.weight' | t }} {{ c.peso }})</span>:
                  <span [class.text-green-800]="c.cumple === true" [class.text-red-800]="c.cumple === false">
                    {{ c.cumple === null ? '—' : ((c.cumple ? 'check.pass' : 'check.fail') | t) }}</span>
                  @if (c.evidencia; as q) {
                    <button type="button" class="mt-1 block text-left text-sm text-blue-800 underline" (click)="seek(q.inicio)"
                            data-testid="evidence" [attr.data-start]="q.inicio">«{{ q.cita }}» ({{ clock(q.inicio) }})</button>
                  }
                </li>
              }
            </ul>
          </section>
        }
        <section class="mt-4 grid gap-4 md:grid-cols-3">
          @for (kind of verbatimKinds; track kind) {
            <div class="rounded-lg bg-white p-3 shadow-sm">
              <h2 class="mb-1 font-semibold">{{ 'verbatims.' + kind | t }}</h2>
              <ul class="space-y-1 text-sm">
                @for (q of quotes(ov.evidencias.verbatims[kind], ov.verbatims[kind]); track $index) {
                  <li>@if (q.inicio !== null) {
                      <button type="button" class="text-left text-blue-800 underline" (click)="seek(q.inicio)" data-testid="evidence"
                              [attr.data-start]="q.inicio">«{{ q.cita }}» ({{ clock(q.inicio) }})</button>
                    } @else { «{{ q.cita }}» }</li>
                } @empty { <li class="text-slate-600">—</li> }
              </ul>
            </div>
          }
        </section>
        @if (ov.acciones_sugeridas.length) {
          <section class="mt-4 rounded-lg bg-white p-3 shadow-sm">
            <h2 class="mb-1 font-semibold">{{ 'evaluation.actions' | t }}</h2>
            <ul class="list-disc pl-5 text-sm">@for (a of ov.acciones_sugeridas; track $index) {
              <li>{{ a.accion }} <span class="text-slate-600">({{ 'priority.' + a.prioridad | t }})</span></li>
            }</ul>
          </section>
        }
      }
      @if (analysis()?.executive_view; as md) {
        <section class="prose mt-4 max-w-none rounded-lg bg-white p-4 shadow-sm" data-testid="executive">
          <h2 class="mb-2 font-semibold">{{ 'evaluation.executive' | t }}</h2>
          <markdown [data]="md" />
        </section>
      }
      @if (staff && analysis()?.published_at) {
        <app-dispute-box [evaluationId]="e.id" [canDispute]="canDispute" [view]="analysis()?.operative_view ?? null" />
      }
      @if (e.answers && objectKeys(e.answers).length) {
        <section class="mt-4 rounded-lg bg-white p-3 shadow-sm">
          <h2 class="mb-1 font-semibold">{{ 'evaluation.answers' | t }}</h2>
          <dl class="grid grid-cols-[auto_1fr] gap-x-4 text-sm">
            @for (k of objectKeys(e.answers); track k) { <dt class="font-medium">{{ k }}</dt><dd>{{ e.answers[k] }}</dd> }
          </dl>
        </section>
      }
      @if (e.duration_seconds) { <p class="mt-2 text-xs text-slate-600">{{ 'evaluation.duration' | t }}: {{ e.duration_seconds | number: '1.0-1' }} s</p> }
    }
  `,
})
export class EvaluationPage implements OnInit {
  readonly id = input.required<string>();
  private readonly api = inject(ApiService);
  private readonly auth = inject(AuthService);
  private readonly live = inject(LiveService);
  private readonly reports = inject(ReportsService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly i18n = inject(I18n);
  protected readonly staff = this.auth.hasRole(STAFF);
  protected readonly isAdmin = this.auth.hasRole(ADMINS);
  protected readonly reviewer = this.auth.isReviewer;
  /** The client's admins and managers dispute a published result (the API's rule). */
  protected readonly canDispute = this.auth.hasRole([Role.Admin, Role.Manager]);
  /** The API answered 404 on the analysis: for a client, one waiting for review is not there yet (a state). */
  protected readonly analysisAbsent = signal(false);
  protected readonly checks = CHECKS;
  protected readonly indicators = ['IOC', 'IRD', 'CES'];
  protected readonly verbatimKinds = ['positivos', 'negativos', 'criticos'] as const;
  protected readonly evaluation = signal<Evaluation | null>(null);
  protected readonly analysis = signal<Analysis | null>(null);
  protected readonly videoUrl = signal<string | null>(null);
  protected readonly videoError = signal('');
  protected readonly error = signal('');
  protected readonly pdfBusy = signal(false);
  protected readonly pdfNote = signal('');
  protected readonly time = signal(0);
  protected readonly segments = computed(() => this.analysis()?.transcript?.segments ?? []);
  protected readonly active = computed(() => activeSegment(this.segments(), this.time()));
  private readonly player = viewChild<ElementRef<HTMLVideoElement>>('player');
  private readonly transcriptList = viewChild<ElementRef<HTMLElement>>('transcript');
  private timer: ReturnType<typeof setTimeout> | null = null;
  protected readonly clock = clock;
  protected readonly objectKeys = (o: object) => Object.keys(o);
  /** The scorecard's verdicts in key order (none without a scorecard). */
  protected readonly criteria = (ov: OperativeView) =>
    Object.entries(ov.criterios ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([key, c]) => ({ key, ...c }));

  ngOnInit(): void {
    this.refresh();
    this.api.blob(`/evaluations/${this.id()}/media`).subscribe({
      next: (blob) => this.videoUrl.set(URL.createObjectURL(blob)),
      error: (err) => this.videoError.set(errorMessage(err)),
    });
    this.live.notifications$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((n) => {
      if (String(n.evaluation_id) === this.id()) {
        this.refresh();
      }
    });
    this.destroyRef.onDestroy(() => {
      if (this.timer) clearTimeout(this.timer);
      const url = this.videoUrl();
      if (url) URL.revokeObjectURL(url);
    });
  }

  /** Moves the player to `seconds` and plays from there; the transcript follows through `timeupdate`. */
  seek(seconds: number): void {
    const video = this.player()?.nativeElement;
    if (!video) {
      return;
    }
    video.currentTime = seconds;
    this.time.set(seconds);
    void video.play().catch(() => undefined);
    queueMicrotask(() => this.scrollToActive());
  }

  onTime(seconds: number): void {
    const before = this.active();
    this.time.set(seconds);
    if (this.active() !== before) {
      this.scrollToActive();
    }
  }

  speaker(s: Segment): string {
    return s.role ? this.i18n.t(`speaker.${s.role}`) : (s.speaker ?? '');
  }

  /** Quotes with their times when the evidence lists them, else the bare verbatim. */
  quotes(evidence: Quote[] | undefined, verbatims: string[]): { cita: string; inicio: number | null }[] {
    if (evidence?.length) {
      return evidence.map((q) => ({ cita: q.cita, inicio: q.inicio }));
    }
    return verbatims.map((cita) => ({ cita, inicio: null }));
  }

  /** After an override or the publication: the analysis as stored now, and the evaluation's new status. */
  onReviewed(analysis: Analysis): void {
    this.analysis.set(analysis);
    this.refresh();
  }

  /** Sent back: the analysis is gone and a new one is being made; follow it like any evaluation in progress. */
  onSentBack(evaluation: Evaluation): void {
    this.analysis.set(null);
    this.evaluation.set({ ...this.evaluation()!, ...evaluation });
    this.schedule();
  }

  reprocess(): void {
    this.api.post<Evaluation>(`/evaluations/${this.id()}/reprocess`).subscribe({
      next: (e) => {
        this.evaluation.set({ ...this.evaluation()!, ...e });
        this.schedule();
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  /** The server's evaluation report when it can build one; the browser's own PDF only as the fallback. */
  exportPdf(): void {
    this.pdfBusy.set(true);
    this.pdfNote.set('');
    this.reports.build({ kind: 'evaluation_pdf', evaluation_id: Number(this.id()) }).pipe(timeout(SERVER_PDF_MS)).subscribe({
      next: (report) => {
        if (report.status === 'completed' && report.download_url) {
          this.pdfBusy.set(false);
          openLink(report.download_url, report.filename ?? `evaluacion-${this.id()}.pdf`);
        } else {
          void this.localPdf();
        }
      },
      error: () => void this.localPdf(),
    });
  }

  private async localPdf(): Promise<void> {
    const analysis = this.analysis();
    const ov = analysis?.operative_view;
    const kpis = ov
      ? [`IOC ${ov.IOC.score} · IRD ${ov.IRD.score} · CES ${ov.CES.score} · NPS ${ov.NPS_inferido}`,
        ...CHECKS.map((c) => `${this.i18n.t('check.' + c)}: ${this.i18n.t(ov.calidad_basica[c] ? 'check.pass' : 'check.fail')}`)]
      : [];
    try {
      const blob = await analysisPdf(this.i18n.t('evaluation.title', { id: this.id() }), kpis, analysis?.executive_view ?? '');
      download(`evaluacion-${this.id()}.pdf`, blob);
      this.pdfNote.set(this.i18n.t('evaluation.pdfLocal'));
    } finally {
      this.pdfBusy.set(false);
    }
  }

  private refresh(): void {
    this.api.get<Evaluation>(`/evaluations/${this.id()}`).subscribe({
      next: (e) => {
        const before = this.evaluation()?.status;
        this.evaluation.set(e);
        const finished = e.status === 'completed' || e.status === 'in_review';
        if (finished && this.staff && (!this.analysis() || before !== e.status)) {
          this.loadAnalysis(e.id);
        }
        if (e.status === 'pending' || e.status === 'analyzing') {
          this.schedule();
        }
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  private loadAnalysis(id: number): void {
    this.api.get<Analysis>(`/evaluation-analysis/${id}`).subscribe({
      next: (a) => {
        this.analysisAbsent.set(false);
        this.analysis.set(a);
      },
      error: (err) => {
        if (err instanceof HttpErrorResponse && err.status === 404) {
          this.analysisAbsent.set(true);
          this.analysis.set(null);
        } else {
          this.error.set(errorMessage(err));
        }
      },
    });
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), POLL_MS);
  }

  private scrollToActive(): void {
    const list = this.transcriptList()?.nativeElement;
    const item = list?.querySelector<HTMLElement>(`[data-segment="${this.active()}"]`);
    if (list && item) {
      list.scrollTop = item.offsetTop - list.offsetTop - list.clientHeight / 3;
    }
  }
}
