import { HttpClient, HttpErrorResponse, HttpEvent, HttpEventType } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, filter, map, of, shareReplay, switchMap, throwError } from 'rxjs';
import { API } from './api.service';
import { Evaluation } from './models';

/** A submission's fields besides the video (what POST /evaluations and POST /cloudflare/stream/upload share). */
export interface Submission {
  campaign_id: number;
  zone_id: number;
  comments?: string | null;
  answers: Record<string, unknown>;
}

/** Upload progress (0–100), then the evaluation the video belongs to. */
export type UploadEvent = { type: 'progress'; percent: number; via: 'stream' | 'direct' } | { type: 'done'; evaluationId: number };

interface StreamSlot {
  evaluation_id: number;
  uid: string;
  upload_url: string;
  tus: boolean;
}

/** Stream's tus chunks: a multiple of 256 KiB and at least 5 MB (Cloudflare's rule); 50 MB as it recommends. */
export const TUS_CHUNK = 200 * 256 * 1024;

function percent(loaded: number, total: number | undefined): number {
  return total ? Math.min(100, Math.round((100 * loaded) / total)) : 0;
}

/** The shopper's video upload: straight to Cloudflare Stream when the server uses it, else multipart to the API. */
@Injectable({ providedIn: 'root' })
export class UploadService {
  private readonly http = inject(HttpClient);
  private readonly settings$ = this.http.get<{ stream_upload: boolean }>('/console-settings.json').pipe(
    map((s) => !!s.stream_upload),
    catchError(() => of(false)),
    shareReplay(1),
  );

  /** Whether this server takes videos through Cloudflare Stream's direct upload. */
  streamEnabled(): Observable<boolean> {
    return this.settings$;
  }

  submit(submission: Submission, file: File): Observable<UploadEvent> {
    return this.streamEnabled().pipe(
      switchMap((stream) =>
        stream
          ? this.viaStream(submission, file).pipe(
              // 503: Stream is unreachable and nothing was saved, so the API's own upload takes the video instead.
              catchError((error: unknown) =>
                error instanceof HttpErrorResponse && error.status === 503 && error.url?.endsWith('/cloudflare/stream/upload')
                  ? this.direct(submission, file)
                  : throwError(() => error),
              ),
            )
          : this.direct(submission, file),
      ),
    );
  }

  /** Multipart POST /evaluations with the video in `video`. */
  direct(submission: Submission, file: File): Observable<UploadEvent> {
    const body = new FormData();
    body.set('campaign_id', String(submission.campaign_id));
    body.set('zone_id', String(submission.zone_id));
    if (submission.comments) body.set('comments', submission.comments);
    body.set('answers', JSON.stringify(submission.answers));
    body.set('video', file);
    return this.http.post<Evaluation>(`${API}/evaluations`, body, { reportProgress: true, observe: 'events' }).pipe(
      map((event) => this.toUpload(event, 'direct', (b) => (b as Evaluation).id)),
      filter((e): e is UploadEvent => e !== null),
    );
  }

  /** The API creates the pending evaluation and a one-time Stream URL; the file then goes to Cloudflare itself. */
  viaStream(submission: Submission, file: File): Observable<UploadEvent> {
    const request = { ...submission, comments: submission.comments || null, size_bytes: file.size, filename: file.name };
    return this.http.post<StreamSlot>(`${API}/cloudflare/stream/upload`, request).pipe(
      switchMap((slot) => (slot.tus ? this.tus(slot, file) : this.basic(slot, file))),
    );
  }

  /** Stream's basic upload: one multipart POST with the file in `file` (up to 200 MB); no credentials go with it. */
  private basic(slot: StreamSlot, file: File): Observable<UploadEvent> {
    const body = new FormData();
    body.set('file', file, file.name);
    return this.http.post(slot.upload_url, body, { reportProgress: true, observe: 'events', responseType: 'text' }).pipe(
      map((event) => this.toUpload(event, 'stream', () => slot.evaluation_id)),
      filter((e): e is UploadEvent => e !== null),
    );
  }

  /** Resumable tus upload to the URL the API created (larger files); tus-js-client is loaded only for this. */
  private tus(slot: StreamSlot, file: File): Observable<UploadEvent> {
    return new Observable<UploadEvent>((subscriber) => {
      let upload: { abort: () => Promise<void> } | null = null;
      let stopped = false;
      void import('tus-js-client').then(({ Upload }) => {
        if (stopped) return;
        const tus = new Upload(file, {
          uploadUrl: slot.upload_url,
          chunkSize: TUS_CHUNK,
          retryDelays: [0, 3000, 10000, 30000],
          onProgress: (sent, total) => subscriber.next({ type: 'progress', percent: percent(sent, total), via: 'stream' }),
          onSuccess: () => {
            subscriber.next({ type: 'done', evaluationId: slot.evaluation_id });
            subscriber.complete();
          },
          onError: (error) => subscriber.error(error),
        });
        upload = tus;
        tus.start();
      }, (error) => subscriber.error(error));
      return () => {
        stopped = true;
        void upload?.abort();
      };
    });
  }

  private toUpload(event: HttpEvent<unknown>, via: 'stream' | 'direct', id: (body: unknown) => number): UploadEvent | null {
    if (event.type === HttpEventType.UploadProgress) {
      return { type: 'progress', percent: percent(event.loaded, event.total), via };
    }
    if (event.type === HttpEventType.Response) {
      return { type: 'done', evaluationId: id(event.body) };
    }
    return null;
  }
}
