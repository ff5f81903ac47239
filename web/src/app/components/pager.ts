import { Component, input, output } from '@angular/core';
import { TranslatePipe } from '../core/i18n';

/** Previous / next between the pages of a list (shown only when there is more than one). */
@Component({
  selector: 'app-pager',
  imports: [TranslatePipe],
  template: `
    @if (pages() > 1) {
      <nav class="mt-3 flex items-center gap-2" [attr.aria-label]="'list.pages' | t">
        <button type="button" class="rounded border px-3 py-1 disabled:opacity-50" [disabled]="page() <= 1" (click)="go.emit(page() - 1)">{{ 'list.prev' | t }}</button>
        <span>{{ page() }} / {{ pages() }}</span>
        <button type="button" class="rounded border px-3 py-1 disabled:opacity-50" [disabled]="page() >= pages()" (click)="go.emit(page() + 1)">{{ 'list.next' | t }}</button>
      </nav>
    }
  `,
})
export class Pager {
  readonly page = input.required<number>();
  readonly pages = input.required<number>();
  readonly go = output<number>();
}
