import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { ButtonModule } from 'primeng/button';
import { errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { LangSwitch } from '../components/lang-switch';

/** Email + password sign-in; returns to the page that asked for it. */
@Component({
  selector: 'app-login',
  imports: [FormsModule, RouterLink, ButtonModule, TranslatePipe, LangSwitch],
  template: `
    <main class="flex min-h-screen items-center justify-center bg-slate-100 p-4">
      <form class="w-full max-w-sm space-y-4 rounded-lg bg-white p-6 shadow" (ngSubmit)="submit()" novalidate>
        <div class="flex items-center justify-between">
          <h1 class="text-2xl font-bold text-slate-900">{{ 'login.title' | t }}</h1>
          <app-lang-switch />
        </div>
        <div>
          <label for="email" class="block text-sm font-medium text-slate-700">{{ 'field.email' | t }}</label>
          <input id="email" name="email" type="email" autocomplete="username" required [(ngModel)]="email"
                 class="mt-1 w-full rounded border border-slate-400 px-3 py-2" />
        </div>
        <div>
          <label for="password" class="block text-sm font-medium text-slate-700">{{ 'field.password' | t }}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required
                 [(ngModel)]="password" class="mt-1 w-full rounded border border-slate-400 px-3 py-2" />
        </div>
        @if (confirmation(); as note) {
          <p role="status" class="text-sm" [class.text-green-800]="note === 'confirmed'"
             [class.text-red-700]="note !== 'confirmed'" data-testid="email-confirmation">
            {{ (note === 'confirmed' ? 'login.emailConfirmed' : 'login.emailLinkInvalid') | t }}</p>
        }
        @if (error()) {
          <p role="alert" class="text-sm text-red-700" data-testid="login-error">{{ error() }}</p>
        }
        <p-button type="submit" [label]="'login.submit' | t" [loading]="busy()" styleClass="w-full" />
        <p class="text-center text-sm text-slate-700">
          {{ 'login.noAccount' | t }} <a routerLink="/register" class="font-medium text-blue-800 underline">{{ 'login.register' | t }}</a>
        </p>
      </form>
    </main>
  `,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly i18n = inject(I18n);
  protected email = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal('');
  /** `/login?email=confirmed|invalid`: where the API's confirmation link lands. */
  protected readonly confirmation = signal(this.route.snapshot.queryParamMap.get('email'));

  submit(): void {
    if (!this.email || !this.password) {
      this.error.set(this.i18n.t('login.missing'));
      return;
    }
    this.busy.set(true);
    this.error.set('');
    this.auth.login(this.email.trim(), this.password).subscribe({
      next: () => void this.router.navigateByUrl(this.route.snapshot.queryParamMap.get('next') || '/'),
      error: (err) => {
        this.busy.set(false);
        this.error.set(err?.status === 401 ? this.i18n.t('login.wrong')
          : err?.status === 403 ? this.i18n.t('login.unconfirmed') : errorMessage(err));
      },
    });
  }
}
