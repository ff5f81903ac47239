import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { Observable, catchError, finalize, map, of, shareReplay, tap } from 'rxjs';
import { User } from './models';
import { Role } from './roles';

/** Tokens as `POST /auth/login`, `/auth/register` and `/auth/refresh` return them. */
export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type?: string;
  expires_in?: number;
}

/** The access token's claims the console relies on (seed §7.2). */
export interface Claims {
  sub: string;
  email: string;
  role: Role;
  company_id: number | null;
  exp: number;
}

const STORAGE_KEY = 'siete.tokens';
export const AUTH_URL = '/api/v1/auth';

/** Decodes a JWT's payload (base64url JSON); the server verifies the signature, the console only reads claims. */
export function decodeClaims(token: string): Claims | null {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      Array.from(atob(part), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
    );
    const claims = JSON.parse(json);
    return typeof claims.role === 'number' ? claims : null;
  } catch {
    return null;
  }
}

/** Owns the session: the token pair in localStorage, login/register/refresh/logout, and the current claims. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private readonly tokens = signal<Tokens | null>(this.load());
  private refreshing: Observable<string> | null = null;

  readonly claims = computed(() => {
    const tokens = this.tokens();
    return tokens ? decodeClaims(tokens.access_token) : null;
  });
  readonly role = computed(() => this.claims()?.role ?? null);
  readonly loggedIn = computed(() => this.claims() !== null);
  /** The signed-in user's record (`GET /auth/me`): what the token does not carry, such as the reviewer permission. */
  readonly me = signal<User | null>(null);
  /** Superadmins always review; others when a superadmin gave them the permission. */
  readonly isReviewer = computed(() => this.role() === Role.Superadmin || (this.role() !== Role.Shopper && !!this.me()?.is_reviewer));
  private profile$: Observable<User | null> | null = null;

  accessToken(): string | null {
    return this.tokens()?.access_token ?? null;
  }

  hasRole(roles: readonly Role[]): boolean {
    const role = this.role();
    return role !== null && roles.includes(role);
  }

  /** The user record, read once per session (null when it cannot be read: the API refuses what is not allowed anyway). */
  profile(): Observable<User | null> {
    if (!this.loggedIn()) return of(null);
    if (this.me()) return of(this.me());
    this.profile$ ??= this.http.get<User>(`${AUTH_URL}/me`).pipe(
      tap((user) => this.me.set(user)),
      catchError(() => of(null)),
      finalize(() => (this.profile$ = null)),
      shareReplay(1),
    );
    return this.profile$;
  }

  login(email: string, password: string): Observable<Claims> {
    return this.http.post<Tokens>(`${AUTH_URL}/login`, { email, password }).pipe(map((t) => this.store(t)));
  }

  /** Registration opens no session: the API mails a confirmation link (the same answer whatever the email). */
  register(body: Record<string, unknown>): Observable<{ message: string }> {
    return this.http.post<{ message: string }>(`${AUTH_URL}/register`, body);
  }

  /** One refresh at a time: concurrent 401s share the same request and its new access token. */
  refresh(): Observable<string> {
    const refreshToken = this.tokens()?.refresh_token;
    if (!refreshToken) {
      throw new Error('no refresh token');
    }
    if (!this.refreshing) {
      const headers = new HttpHeaders({ Authorization: `Bearer ${refreshToken}` });
      this.refreshing = this.http.post<Tokens>(`${AUTH_URL}/refresh`, null, { headers }).pipe(
        map((t) => {
          this.store(t);
          return t.access_token;
        }),
        finalize(() => (this.refreshing = null)),
        shareReplay(1),
      );
    }
    return this.refreshing;
  }

  canRefresh(): boolean {
    return !!this.tokens()?.refresh_token;
  }

  /** Revokes both tokens on the server (best effort), forgets them, and goes to the login page. */
  logout(): void {
    const tokens = this.tokens();
    const done = () => {
      this.clear();
      void this.router.navigate(['/login']);
    };
    if (!tokens) {
      done();
      return;
    }
    this.http.post(`${AUTH_URL}/logout`, { refresh_token: tokens.refresh_token }).subscribe({ next: done, error: done });
  }

  /** Forgets the session without asking the server (its tokens are already refused). */
  clear(): void {
    localStorage.removeItem(STORAGE_KEY);
    this.tokens.set(null);
    this.me.set(null);
  }

  private store(tokens: Tokens): Claims {
    const claims = decodeClaims(tokens.access_token);
    if (!claims) {
      throw new Error('the server returned an unreadable token');
    }
    localStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    if (this.me() && String(this.me()!.id) !== claims.sub) this.me.set(null);
    this.tokens.set(tokens);
    return claims;
  }

  private load(): Tokens | null {
    try {
      const tokens = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
      return tokens && decodeClaims(tokens.access_token) ? tokens : null;
    } catch {
      return null;
    }
  }
}
