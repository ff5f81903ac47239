import { Injectable, NgZone, OnDestroy, inject, signal } from '@angular/core';
import { Subject } from 'rxjs';
import { API } from './api.service';
import { AuthService } from './auth.service';

/** A notification as `GET /notifications` lists it and the SSE stream sends it. */
export interface AppNotification {
  id: number;
  event: string;
  title: string;
  message: string | null;
  data: Record<string, unknown> | null;
  evaluation_id: number | null;
  read: boolean;
  read_at: string | null;
  created_at: string;
}

const MAX_BACKOFF_MS = 30000;

/** The user's live notifications over Server-Sent Events, resumed from the last id after every reconnect. */
@Injectable({ providedIn: 'root' })
export class LiveService implements OnDestroy {
  private readonly auth = inject(AuthService);
  private readonly zone = inject(NgZone);
  private source: EventSource | null = null;
  private lastId: string | null = null;
  private backoff = 1000;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly seen = new Set<number>();

  readonly notifications$ = new Subject<AppNotification>();
  readonly connected = signal(false);
  readonly unread = signal(0);

  start(): void {
    if (this.source || this.timer) {
      return;
    }
    this.connect();
  }

  stop(): void {
    this.source?.close();
    this.source = null;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.connected.set(false);
  }

  ngOnDestroy(): void {
    this.stop();
  }

  private connect(): void {
    this.timer = null;
    const token = this.auth.accessToken();
    if (!token) {
      return;
    }
    const claims = this.auth.claims();
    if (claims && claims.exp * 1000 < Date.now() + 5000 && this.auth.canRefresh()) {
      const retry = () => (this.timer = setTimeout(() => this.connect(), 0));
      this.timer = setTimeout(() => undefined, 0);
      this.auth.refresh().subscribe({ next: retry, error: () => this.auth.logout() });
      return;
    }
    const params = new URLSearchParams({ access_token: token });
    if (this.lastId) {
      params.set('last_event_id', this.lastId);
    }
    const source = new EventSource(`${API}/notifications/stream?${params}`);
    this.source = source;
    source.addEventListener('ready', (event) => {
      this.lastId = (event as MessageEvent).lastEventId || this.lastId;
      this.backoff = 1000;
      this.zone.run(() => this.connected.set(true));
    });
    source.addEventListener('notification', (event) => {
      const message = event as MessageEvent;
      this.lastId = message.lastEventId || this.lastId;
      const notification = JSON.parse(message.data) as AppNotification;
      if (this.seen.has(notification.id)) {
        return; // delivery is at least once
      }
      this.seen.add(notification.id);
      this.zone.run(() => {
        this.unread.update((n) => n + 1);
        this.notifications$.next(notification);
      });
    });
    source.onerror = () => {
      // The stream ends every few minutes and with the token; reconnect ourselves with a fresh token.
      source.close();
      if (this.source !== source) {
        return;
      }
      this.source = null;
      this.zone.run(() => this.connected.set(false));
      this.timer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    };
  }
}
