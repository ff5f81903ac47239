import { DatePipe } from '@angular/common';
import { Component, DestroyRef, OnInit, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { ButtonModule } from 'primeng/button';
import { CsvExport } from '../components/csv-export';
import { ApiService, errorMessage } from '../core/api.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { AppNotification, LiveService } from '../core/live.service';

/** My notifications, newest first; new ones arrive live from the stream; mark one or all as read. */
@Component({
  selector: 'app-notifications',
  imports: [DatePipe, RouterLink, ButtonModule, CsvExport, TranslatePipe],
  template: `
    <div class="mb-3 flex flex-wrap items-center gap-3">
      <h1 class="text-2xl font-bold">{{ 'nav.notifications' | t }}</h1>
      <span class="text-sm" [class.text-green-800]="live.connected()" aria-live="polite" data-testid="live">
        {{ (live.connected() ? 'notifications.live' : 'notifications.offline') | t }}</span>
      <div class="ml-auto flex gap-2">
        <app-csv-export path="/notifications" [columns]="columns" filename="notificaciones.csv" />
        <p-button [outlined]="true" [label]="'notifications.readAll' | t" (onClick)="readAll()" />
      </div>
    </div>
    @if (error()) { <p role="alert" class="text-red-700">{{ error() }}</p> }
    <ul class="divide-y rounded-lg bg-white shadow-sm" aria-live="polite" data-testid="notifications">
      @for (n of rows(); track n.id) {
        <li class="flex flex-wrap items-start gap-2 p-3" [class.bg-blue-50]="!n.read" [attr.data-notification]="n.id">
          <div class="min-w-0 flex-1">
            <p class="font-medium">{{ n.title }}</p>
            @if (n.message) { <p class="text-sm text-slate-700">{{ n.message }}</p> }
            <p class="text-xs text-slate-600">{{ n.created_at | date: 'short' : undefined : i18n.locale() }}
              @if (n.evaluation_id) { · <a [routerLink]="['/evaluations', n.evaluation_id]" class="text-blue-800 underline">#{{ n.evaluation_id }}</a> }</p>
          </div>
          @if (!n.read) { <button type="button" class="text-sm text-blue-800 underline" (click)="read(n)">{{ 'notifications.markRead' | t }}</button> }
        </li>
      } @empty { <li class="p-4 text-center text-slate-600">{{ 'list.empty' | t }}</li> }
    </ul>
  `,
})
export class NotificationsPage implements OnInit {
  private readonly api = inject(ApiService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly live = inject(LiveService);
  protected readonly i18n = inject(I18n);
  protected readonly columns = ['id', 'created_at', 'event', 'title', 'message', 'evaluation_id', 'read'];
  protected readonly rows = signal<AppNotification[]>([]);
  protected readonly error = signal('');

  ngOnInit(): void {
    this.api.page<AppNotification>('/notifications', { page_size: 50 }).subscribe({
      next: (p) => this.rows.set(p.items),
      error: (err) => this.error.set(errorMessage(err)),
    });
    this.live.notifications$.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((n) =>
      this.rows.update((rows) => (rows.some((r) => r.id === n.id) ? rows : [n, ...rows])),
    );
  }

  read(n: AppNotification): void {
    this.api.put<AppNotification>(`/notifications/${n.id}/read`).subscribe((fresh) => {
      this.rows.update((rows) => rows.map((r) => (r.id === n.id ? fresh : r)));
      this.live.unread.update((u) => Math.max(0, u - 1));
    });
  }

  readAll(): void {
    this.api.put('/notifications/read-all').subscribe(() => {
      this.rows.update((rows) => rows.map((r) => ({ ...r, read: true })));
      this.live.unread.set(0);
    });
  }
}
