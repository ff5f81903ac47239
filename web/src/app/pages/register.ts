import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { ButtonModule } from 'primeng/button';
import { formFailure } from '../core/forms';
import { AuthService } from '../core/auth.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { FieldError } from '../components/field-error';
import { LangSwitch } from '../components/lang-switch';

/** A shopper joins a company with its invitation code; field errors come from the API and show in place. */
@Component({
  selector: 'app-register',
  imports: [FormsModule, RouterLink, ButtonModule, TranslatePipe, FieldError, LangSwitch],
  template: `
    <main class="flex min-h-screen items-center justify-center bg-slate-100 p-4">
      <form class="w-full max-w-md space-y-3 rounded-lg bg-white p-6 shadow" (ngSubmit)="submit()" novalidate>
        <div class="flex items-center justify-between">
          <h1 class="text-2xl font-bold text-slate-900">{{ 'register.title' | t }}</h1>
          <app-lang-switch />
        </div>
        @for (f of fields; track f.name) {
          <div>
            <label [for]="'reg-' + f.name" class="block text-sm font-medium text-slate-700">{{ f.label | t }}</label>
            <input [id]="'reg-' + f.name" [name]="f.name" [type]="f.type" [autocomplete]="f.auto" required
                   [(ngModel)]="model[f.name]" class="mt-1 w-full rounded border border-slate-400 px-3 py-2"
                   [attr.aria-invalid]="!!errors()[f.name]" [attr.aria-describedby]="f.name + '-error'" />
            <app-field-error [for]="f.name" [errors]="errors()" />
          </div>
        }
        @if (error()) {
          <p role="alert" class="text-sm text-red-700">{{ error() }}</p>
        }
        @if (sent()) {
          <p role="status" class="rounded border border-green-700 bg-green-50 p-3 text-sm text-green-900"
             data-testid="register-sent">{{ 'register.checkEmail' | t }}</p>
        }
        <p-button type="submit" [label]="'register.submit' | t" [loading]="busy()" [disabled]="sent()" styleClass="w-full" />
        <p class="text-center text-sm"><a routerLink="/login" class="text-blue-800 underline">{{ 'register.haveAccount' | t }}</a></p>
      </form>
    </main>
  `,
})
export class RegisterPage {
  private readonly i18n = inject(I18n);
  private readonly auth = inject(AuthService);
  protected readonly fields = [
    { name: 'invite_code', label: 'field.invite_code', type: 'text', auto: 'off' },
    { name: 'first_name', label: 'field.first_name', type: 'text', auto: 'given-name' },
    { name: 'last_name', label: 'field.last_name', type: 'text', auto: 'family-name' },
    { name: 'email', label: 'field.email', type: 'email', auto: 'email' },
    { name: 'password', label: 'field.password', type: 'password', auto: 'new-password' },
  ];
  protected model: Record<string, string> = {};
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  protected readonly errors = signal<Record<string, string>>({});
  protected readonly sent = signal(false);

  submit(): void {
    this.busy.set(true);
    this.error.set('');
    this.errors.set({});
    this.auth.register({ ...this.model }).subscribe({
      next: () => {
        this.busy.set(false);
        this.sent.set(true);
      },
      error: (err) => {
        this.busy.set(false);
        const failure = formFailure(err, (k) => this.i18n.t(k));
        this.errors.set(failure.fields);
        this.error.set(failure.message);
      },
    });
  }
}
