import { Component, OnDestroy, OnInit, computed, inject, signal } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { NAV } from '../app.routes';
import { ApiService } from '../core/api.service';
import { AuthService } from '../core/auth.service';
import { I18n, TranslatePipe } from '../core/i18n';
import { LiveService } from '../core/live.service';
import { ROLE_KEYS } from '../core/roles';

/** The signed-in layout: a skip link, the role's navigation, language switch, live unread badge, logout. */
@Component({
  selector: 'app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, TranslatePipe],
  template: `
    <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
      {{ 'shell.skip' | t }}
    </a>
    <header class="bg-slate-900 text-white">
      <div class="mx-auto flex max-w-7xl items-center gap-3 px-3 py-2">
        <a routerLink="/" class="whitespace-nowrap text-lg font-bold tracking-tight">Siete CX</a>
        <button type="button" class="ml-auto rounded border border-white/40 px-3 py-1 md:hidden"
                [attr.aria-expanded]="menuOpen()" aria-controls="main-nav" (click)="menuOpen.set(!menuOpen())">
          {{ 'shell.menu' | t }}
        </button>
        <div class="ml-auto hidden items-center gap-3 text-sm md:flex">
          <span data-testid="whoami">{{ claims()?.email }} · {{ roleKey() | t }}</span>
        </div>
        <label class="sr-only" for="lang">{{ 'shell.language' | t }}</label>
        <select id="lang" class="rounded bg-slate-800 px-2 py-1 text-sm" [value]="i18n.lang()"
                (change)="i18n.use($any($event.target).value)">
          <option value="es">Español</option>
          <option value="en">English</option>
        </select>
        <button type="button" class="rounded bg-white/10 px-3 py-1 text-sm hover:bg-white/20" (click)="auth.logout()"
                data-testid="logout">
          {{ 'shell.logout' | t }}
        </button>
      </div>
      <nav id="main-nav" [attr.aria-label]="'shell.navigation' | t" class="border-t border-white/10 md:block"
           [class.hidden]="!menuOpen()">
        <ul class="mx-auto flex max-w-7xl flex-col gap-1 px-3 py-2 md:flex-row md:flex-wrap" data-testid="nav">
          @for (item of items(); track item.path) {
            <li>
              <a [routerLink]="item.path" routerLinkActive="bg-white/20" [routerLinkActiveOptions]="{ exact: item.path === '/' }"
                 class="block rounded px-3 py-1.5 text-sm hover:bg-white/10" [attr.data-nav]="item.path">
                {{ item.label | t }}
                @if (item.path === '/notifications' && live.unread() > 0) {
                  <span class="ml-1 rounded-full bg-amber-400 px-2 text-xs font-bold text-slate-900" data-testid="unread">
                    {{ live.unread() }}
                  </span>
                }
              </a>
            </li>
          }
        </ul>
      </nav>
    </header>
    <main id="main" tabindex="-1" class="mx-auto max-w-7xl px-3 py-4 focus:outline-none">
      <router-outlet />
    </main>
  `,
})
export class Shell implements OnInit, OnDestroy {
  protected readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly live = inject(LiveService);
  private readonly router = inject(Router);
  private readonly api = inject(ApiService);
  protected readonly menuOpen = signal(false);
  protected readonly claims = this.auth.claims;
  protected readonly roleKey = computed(() => {
    const role = this.auth.role();
    return role === null ? '' : ROLE_KEYS[role];
  });
  protected readonly items = computed(() =>
    NAV.filter((item) => this.auth.hasRole(item.roles) && (!item.reviewer || this.auth.isReviewer())));

  ngOnInit(): void {
    this.live.start();
    this.auth.profile().subscribe();
    this.api.page('/notifications', { unread: true, page_size: 1 }).subscribe((p) => this.live.unread.set(p.total));
    this.router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe(() => this.menuOpen.set(false));
  }

  ngOnDestroy(): void {
    this.live.stop();
  }
}
