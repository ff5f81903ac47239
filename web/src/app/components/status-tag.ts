import { Component, computed, input } from '@angular/core';
import { TagModule } from 'primeng/tag';
import { TranslatePipe } from '../core/i18n';

const SEVERITY: Record<string, 'info' | 'warn' | 'success' | 'danger' | 'secondary'> = {
  pending: 'secondary',
  analyzing: 'info',
  running: 'info',
  completed: 'success',
  failed: 'danger',
};

/** An evaluation's (or a report's) status as a coloured chip (text always present, colour is never the only cue). */
@Component({
  selector: 'app-status-tag',
  imports: [TagModule, TranslatePipe],
  template: `<p-tag [severity]="severity()" [value]="'status.' + status() | t" [attr.data-status]="status()" />`,
})
export class StatusTag {
  readonly status = input.required<string>();
  protected readonly severity = computed(() => SEVERITY[this.status()] ?? 'secondary');
}
