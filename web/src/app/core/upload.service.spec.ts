import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { UploadEvent, UploadService } from './upload.service';

const SUBMISSION = { campaign_id: 3, zone_id: 4, comments: 'Visita', answers: { q1: true } };
const file = () => new File([new Uint8Array(2048)], 'visita.mp4', { type: 'video/mp4' });

describe('UploadService', () => {
  let uploads: UploadService;
  let http: HttpTestingController;
  let events: UploadEvent[];

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    uploads = TestBed.inject(UploadService);
    http = TestBed.inject(HttpTestingController);
    events = [];
  });

  afterEach(() => http.verify());

  it('posts the multipart submission to the API when the server does not use Stream', () => {
    uploads.submit(SUBMISSION, file()).subscribe((e) => events.push(e));
    http.expectOne('/console-settings.json').flush({ stream_upload: false });
    const post = http.expectOne({ method: 'POST', url: '/api/v1/evaluations' });
    const body = post.request.body as FormData;
    expect(body.get('campaign_id')).toBe('3');
    expect(body.get('answers')).toBe('{"q1":true}');
    expect((body.get('video') as File).name).toBe('visita.mp4');
    post.event({ type: HttpEventType.UploadProgress, loaded: 1024, total: 2048 });
    post.flush({ id: 41 });
    expect(events).toEqual([{ type: 'progress', percent: 50, via: 'direct' }, { type: 'done', evaluationId: 41 }]);
  });

  it('asks the API for a Stream slot, then sends the file to Cloudflare without credentials', () => {
    uploads.submit(SUBMISSION, file()).subscribe((e) => events.push(e));
    http.expectOne('/console-settings.json').flush({ stream_upload: true });
    const slot = http.expectOne({ method: 'POST', url: '/api/v1/cloudflare/stream/upload' });
    expect(slot.request.body).toEqual({ ...SUBMISSION, size_bytes: 2048, filename: 'visita.mp4' });
    slot.flush({ evaluation_id: 77, uid: 'abc123', upload_url: 'http://127.0.0.1:9/upload/abc123', tus: false });
    const upload = http.expectOne({ method: 'POST', url: 'http://127.0.0.1:9/upload/abc123' });
    expect((upload.request.body as FormData).get('file')).toEqual(jasmine.any(File));
    expect(upload.request.headers.has('Authorization')).toBeFalse();
    upload.event({ type: HttpEventType.UploadProgress, loaded: 512, total: 2048 });
    upload.event({ type: HttpEventType.UploadProgress, loaded: 2048, total: 2048 });
    upload.flush('');
    expect(events).toEqual([
      { type: 'progress', percent: 25, via: 'stream' }, { type: 'progress', percent: 100, via: 'stream' },
      { type: 'done', evaluationId: 77 },
    ]);
  });

  it('falls back to the API upload when Stream is unreachable and nothing was saved (503)', () => {
    uploads.submit(SUBMISSION, file()).subscribe((e) => events.push(e));
    http.expectOne('/console-settings.json').flush({ stream_upload: true });
    http.expectOne('/api/v1/cloudflare/stream/upload').flush({ message: 'unavailable' }, { status: 503, statusText: 'Service Unavailable' });
    http.expectOne({ method: 'POST', url: '/api/v1/evaluations' }).flush({ id: 9 });
    expect(events).toEqual([{ type: 'done', evaluationId: 9 }]);
  });

  it('passes field errors of the Stream request through, without a second upload', () => {
    let failed: unknown = null;
    uploads.submit(SUBMISSION, file()).subscribe({ error: (e) => (failed = e) });
    http.expectOne('/console-settings.json').flush({ stream_upload: true });
    http.expectOne('/api/v1/cloudflare/stream/upload').flush(
      { errors: { json: { zone_id: ['Not in campaign'] } } }, { status: 422, statusText: 'Unprocessable Entity' });
    http.expectNone('/api/v1/evaluations');
    expect((failed as { status: number }).status).toBe(422);
  });

  it('reads the server settings once', () => {
    uploads.streamEnabled().subscribe();
    uploads.streamEnabled().subscribe();
    http.expectOne('/console-settings.json').flush({ stream_upload: true });
  });
});
