import { Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Observable } from 'rxjs';
import { ButtonModule } from 'primeng/button';
import { showFailure } from '../core/forms';
import { ApiService, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { Role } from '../core/roles';
import { CsvExport } from './csv-export';
import { FieldError } from './field-error';
import { Pager } from './pager';

export type Row = Record<string, unknown> & { id: number };

export interface FieldDef {
  key: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'select' | 'textarea';
  options?: { value: string | number; label: string }[];
  required?: boolean;
  createOnly?: boolean;
  roles?: readonly Role[];
}

export interface ColumnDef {
  key: string;
  label: string;
  show?: (row: Row) => string;
  /** The cell is a text key (after `show`, or `prefix` + value), shown in the interface language. */
  prefix?: string;
}

export interface RowAction {
  label: string;
  roles: readonly Role[];
  when?: (row: Row) => boolean;
  run: (row: Row, api: ApiService) => Observable<unknown>;
}

export interface Resource {
  title: string;
  path: string;
  csv: string;
  columns: ColumnDef[];
  fields: FieldDef[];
  create: readonly Role[];
  edit: readonly Role[];
  remove: readonly Role[];
  actions?: RowAction[];
  search?: boolean;
}

const PAGE_SIZE = 20;

/** A list with search, paging and CSV export, plus a create/edit form, for the API's plain resources. */
@Component({
  selector: 'app-crud',
  imports: [Pager, FormsModule, ButtonModule, CsvExport, FieldError, TranslatePipe],
  template: `
    <div class="mb-3 flex flex-wrap items-center gap-3">
      <h1 class="text-2xl font-bold">{{ resource().title | t }}</h1>
      <span class="text-sm text-slate-600" data-testid="total">{{ 'list.total' | t: { n: total() } }}</span>
      <div class="ml-auto flex gap-2">
        <app-csv-export [path]="resource().path" [columns]="columnKeys()" [filename]="resource().csv" [params]="csvParams" />
        @if (can(resource().create)) { <p-button [label]="'list.new' | t" (onClick)="open(null)" data-testid="new" /> }
      </div>
    </div>
    @if (resource().search) {
      <form class="mb-3 flex gap-2" (ngSubmit)="load(1)" role="search">
        <label for="crud-q" class="sr-only">{{ 'list.search' | t }}</label>
        <input id="crud-q" name="q" [(ngModel)]="q" [placeholder]="'list.search' | t" class="rounded border border-slate-400 px-2 py-1" />
        <button type="submit" class="rounded bg-blue-700 px-3 py-1 text-white">{{ 'list.search' | t }}</button>
      </form>
    }
    @if (error()) { <p role="alert" class="mb-2 text-red-700">{{ error() }}</p> }
    @if (editing(); as current) {
      <form class="mb-4 grid gap-3 rounded-lg bg-white p-4 shadow-sm md:grid-cols-2" (ngSubmit)="save()" novalidate data-testid="crud-form">
        <h2 class="font-semibold md:col-span-2">{{ (current.id ? 'list.edit' : 'list.new') | t }}</h2>
        @for (f of visibleFields(current); track f.key) {
          <div [class.col-span-full]="f.type === 'textarea'">
            <label [for]="'crud-' + f.key" class="block text-sm font-medium">{{ f.label | t }}{{ f.required ? ' *' : '' }}</label>
            @switch (f.type) {
              @case ('select') {
                <select [id]="'crud-' + f.key" [name]="f.key" [(ngModel)]="model[f.key]" class="mt-1 w-full rounded border border-slate-400 px-2 py-1"
                        [attr.aria-describedby]="f.key + '-error'">
                  <option [ngValue]="null">—</option>
                  @for (o of f.options; track o.value) { <option [ngValue]="o.value">{{ o.label | t }}</option> }
                </select>
              }
              @case ('textarea') {
                <textarea [id]="'crud-' + f.key" [name]="f.key" rows="6" [(ngModel)]="model[f.key]" class="mt-1 w-full rounded border border-slate-400 px-2 py-1 font-mono text-sm"
                          [attr.aria-describedby]="f.key + '-error'"></textarea>
              }
              @default {
                <input [id]="'crud-' + f.key" [name]="f.key" [type]="f.type || 'text'" [(ngModel)]="model[f.key]"
                       class="mt-1 w-full rounded border border-slate-400 px-2 py-1" [attr.aria-describedby]="f.key + '-error'"
                       [attr.aria-invalid]="!!errors()[f.key]" />
              }
            }
            <app-field-error [for]="f.key" [errors]="errors()" />
          </div>
        }
        <div class="flex gap-2 md:col-span-2">
          <p-button type="submit" [label]="'list.save' | t" />
          <p-button [outlined]="true" severity="secondary" [label]="'list.cancel' | t" (onClick)="editing.set(null)" />
        </div>
      </form>
    }
    <div class="overflow-x-auto rounded-lg bg-white shadow-sm">
      <table class="w-full text-sm" data-testid="crud-table">
        <caption class="sr-only">{{ resource().title | t }}</caption>
        <thead class="bg-slate-50 text-left"><tr>
          @for (c of resource().columns; track c.key) { <th class="p-2">{{ c.label | t }}</th> }
          <th class="p-2"><span class="sr-only">{{ 'list.actions' | t }}</span></th>
        </tr></thead>
        <tbody>
          @for (row of rows(); track row.id) {
            <tr class="border-t" [attr.data-row]="row.id">
              @for (c of resource().columns; track c.key) { <td class="p-2">{{ cell(c, row) }}</td> }
              <td class="whitespace-nowrap p-2 text-right">
                @for (a of actionsFor(row); track a.label) {
                  <button type="button" class="mr-2 text-blue-800 underline" (click)="act(a, row)" [attr.data-action]="a.label">{{ a.label | t }}</button>
                }
                @if (can(resource().edit)) { <button type="button" class="mr-2 text-blue-800 underline" (click)="open(row)">{{ 'list.edit' | t }}</button> }
                @if (can(resource().remove)) { <button type="button" class="text-red-800 underline" (click)="remove(row)">{{ 'list.delete' | t }}</button> }
              </td>
            </tr>
          } @empty {
            <tr><td [attr.colspan]="resource().columns.length + 1" class="p-4 text-center text-slate-600">{{ 'list.empty' | t }}</td></tr>
          }
        </tbody>
      </table>
    </div>
    <app-pager [page]="page()" [pages]="pages()" (go)="load($event)" />
  `,
})
export class CrudView implements OnInit {
  readonly resource = input.required<Resource>();
  private readonly api = inject(ApiService);
  private readonly auth = inject(AuthService);
  private readonly i18n = inject(I18n);
  protected readonly rows = signal<Row[]>([]);
  protected readonly total = signal(0);
  protected readonly page = signal(1);
  protected readonly pages = signal(1);
  protected readonly editing = signal<Partial<Row> | null>(null);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected model: Record<string, unknown> = {};
  protected q = '';
  protected readonly csvParams = () => ({ q: this.q || null });
  protected readonly columnKeys = computed(() => ['id', ...this.resource().columns.map((c) => c.key).filter((k) => k !== 'id')]);

  ngOnInit(): void {
    this.load(1);
  }

  can(roles: readonly Role[]): boolean {
    return this.auth.hasRole(roles);
  }

  actionsFor(row: Row): RowAction[] {
    return (this.resource().actions ?? []).filter((a) => this.can(a.roles) && (!a.when || a.when(row)));
  }

  visibleFields(current: Partial<Row>): FieldDef[] {
    return this.resource().fields.filter((f) => !(f.createOnly && current.id) && (!f.roles || this.can(f.roles)));
  }

  cell(column: ColumnDef, row: Row): string {
    const value = column.show ? column.show(row) : row[column.key];
    if (value === null || value === undefined || value === '') return '—';
    return column.prefix !== undefined ? this.i18n.t(`${column.prefix}${value}`) : String(value);
  }

  load(page: number): void {
    this.api.page<Row>(this.resource().path, { page, page_size: PAGE_SIZE, q: this.q || null }).subscribe({
      next: (p) => {
        this.rows.set(p.items);
        this.total.set(p.total);
        this.page.set(p.page);
        this.pages.set(p.totalPages);
      },
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  open(row: Row | null): void {
    this.errors.set({});
    this.model = {};
    for (const f of this.resource().fields) {
      this.model[f.key] = row ? (row[f.key] ?? null) : null;
    }
    this.editing.set(row ?? {});
  }

  save(): void {
    const current = this.editing();
    const body: Record<string, unknown> = {};
    for (const f of this.visibleFields(current ?? {})) {
      const value = this.model[f.key];
      if (value !== null && value !== undefined && value !== '') {
        body[f.key] = f.type === 'number' ? Number(value) : value;
      } else if (current?.id && !f.required) {
        body[f.key] = null;
      }
    }
    const path = this.resource().path;
    const call = current?.id ? this.api.put<Row>(`${path}/${current.id}`, body) : this.api.post<Row>(path, body);
    call.subscribe({
      next: () => {
        this.editing.set(null);
        this.load(this.page());
      },
      error: (err) => showFailure(err, (k) => this.i18n.t(k), this.errors, this.error),
    });
  }

  remove(row: Row): void {
    if (!confirm(this.i18n.t('list.confirmDelete', { id: row.id }))) return;
    this.api.delete(`${this.resource().path}/${row.id}`).subscribe({
      next: () => this.load(this.page()),
      error: (err) => this.error.set(errorMessage(err)),
    });
  }

  act(action: RowAction, row: Row): void {
    action.run(row, this.api).subscribe({
      next: () => this.load(this.page()),
      error: (err) => this.error.set(errorMessage(err)),
    });
  }
}
