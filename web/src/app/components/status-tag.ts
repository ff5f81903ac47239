import { Component, computed, input } from '@angular/core';
import { TagModule } from 'primeng/tag';
import { TranslatePipe } from '../core/i18n';

const SEVERITY: Record<string, 'info' | 'warn' | 'success' | 'danger' | 'secondary'> = {
  pending: 'secondary',
  analyzing: 'info',
  running: 'info',
  completed: 'success',
  failed: 'danger',
  in_review: 'warn',
  open: 'warn',
  accepted: 'success',
  rejected: 'danger',
};

/** An evaluation's (or a report's, a dispute's) status as a coloured chip (text always present, colour is never the only cue). */
@Component({
  selector: 'app-status-tag',
  imports: [TagModule, TranslatePipe],
  template: `<p-tag [severity]="severity()" [value]="prefix() + status() | t" [attr.data-status]="status()" />`,
})
export class StatusTag {
  readonly status = input.required<string>();
  /** Where the labels live: an evaluation's by default, a report's with `reportStatus.`. */
  readonly prefix = input('status.');
  protected readonly severity = computed(() => SEVERITY[this.status()] ?? 'secondary');
}
