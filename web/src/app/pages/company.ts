import { Component, OnInit, inject, signal } from '@angular/core';
import { ButtonModule } from 'primeng/button';
import { ApiService, errorMessage } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { TranslatePipe } from '../core/i18n';

interface Company {
  id: number;
  name: string;
  country: string | null;
  subscription_status: string;
  paid_until: string | null;
  invite_code: string | null;
}

/** The admin's own company: subscription state and the invitation code shoppers register with. */
@Component({
  selector: 'app-company',
  imports: [ButtonModule, TranslatePipe],
  template: `
    <h1 class="mb-3 text-2xl font-bold">{{ 'nav.company' | t }}</h1>
    @if (error()) { <p role="alert" class="text-red-700">{{ error() }}</p> }
    @if (company(); as c) {
      <dl class="grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg bg-white p-4 shadow-sm">
        <dt class="font-medium">{{ 'field.name' | t }}</dt><dd>{{ c.name }}</dd>
        <dt class="font-medium">{{ 'field.subscription_status' | t }}</dt><dd>{{ c.subscription_status }}</dd>
        <dt class="font-medium">{{ 'field.paid_until' | t }}</dt><dd>{{ c.paid_until ?? '—' }}</dd>
        <dt class="font-medium">{{ 'field.invite_code' | t }}</dt><dd class="font-mono" data-testid="invite-code">{{ c.invite_code }}</dd>
      </dl>
      <p-button class="mt-3 inline-block" [label]="'company.newInvite' | t" (onClick)="rotate(c.id)" />
    }
  `,
})
export class CompanyPage implements OnInit {
  private readonly api = inject(ApiService);
  private readonly auth = inject(AuthService);
  protected readonly company = signal<Company | null>(null);
  protected readonly error = signal('');

  ngOnInit(): void {
    const id = this.auth.claims()?.company_id;
    if (id) {
      this.api.get<Company>(`/companies/${id}`).subscribe({ next: (c) => this.company.set(c), error: (err) => this.error.set(errorMessage(err)) });
    }
  }

  rotate(id: number): void {
    this.api.post<Company>(`/companies/${id}/invite-code`).subscribe({
      next: (c) => this.company.set({ ...this.company()!, ...c }),
      error: (err) => this.error.set(errorMessage(err)),
    });
  }
}
