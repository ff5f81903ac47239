import { Component, inject, input, signal } from '@angular/core';
import { Observable, map } from 'rxjs';
import { ButtonModule } from 'primeng/button';
import { ApiService, Params, errorMessage } from '../core/api.service';
import { download, toCsv } from '../core/export';
import { TranslatePipe } from '../core/i18n';

/** The CSV of every row a list endpoint returns for `params` (all pages), in `columns` order. */
export function listCsv(api: ApiService, path: string, params: Params, columns: readonly string[]): Observable<string> {
  return api.all<Record<string, unknown>>(path, params).pipe(map((rows) => toCsv(rows, columns)));
}

/** The one "Export CSV" button of every list: the API's rows for the list's current filters, not just the page shown. */
@Component({
  selector: 'app-csv-export',
  imports: [ButtonModule, TranslatePipe],
  template: `
    <p-button [outlined]="true" [label]="'list.exportCsv' | t" [loading]="busy()" (onClick)="run()" data-testid="export-csv" />
    @if (error()) { <p role="alert" class="mt-1 text-sm text-red-700">{{ error() }}</p> }
  `,
})
export class CsvExport {
  readonly path = input.required<string>();
  readonly columns = input.required<readonly string[]>();
  readonly filename = input.required<string>();
  /** The list's current filters, read when the button is pressed. */
  readonly params = input<() => Params>(() => ({}));
  private readonly api = inject(ApiService);
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  /** Where the file goes (the browser's download; tests look at it instead). */
  save: (filename: string, csv: string) => void = (filename, csv) => download(filename, csv);

  run(): void {
    this.busy.set(true);
    this.error.set('');
    listCsv(this.api, this.path(), this.params()(), this.columns()).subscribe({
      next: (csv) => {
        this.busy.set(false);
        this.save(this.filename(), csv);
      },
      error: (err) => {
        this.busy.set(false);
        this.error.set(errorMessage(err));
      },
    });
  }
}
