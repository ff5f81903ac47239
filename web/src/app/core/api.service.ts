import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, expand, map, reduce, EMPTY } from 'rxjs';

export const API = '/api/v1';
export const MAX_PAGE_SIZE = 100;

export type Params = Record<string, string | number | boolean | null | undefined>;

/** One page of a list endpoint with the `X-Pagination` metadata the API sends beside it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  totalPages: number;
}

/** The API's error body (flask-smorest): field errors under `errors.json` / `errors.form` / `errors.query`. */
export interface ApiError {
  code?: number;
  status?: string;
  message?: string;
  errors?: Record<string, Record<string, string[]> | string[]>;
}

function toParams(params: Params = {}): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') {
      result = result.set(key, String(value));
    }
  }
  return result;
}

/** Field path → messages ("answers.q1" for nested fields), from whichever location the API validated. */
export function fieldErrors(error: unknown): Record<string, string> {
  const body = (error as HttpErrorResponse)?.error as ApiError | undefined;
  const out: Record<string, string> = {};
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      out[path] = node.map(String).join(' ');
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        walk(value, path ? `${path}.${key}` : key);
      }
    }
  };
  for (const group of Object.values(body?.errors ?? {})) {
    walk(group, '');
  }
  return out;
}

/** A readable message for any failed call. */
export function errorMessage(error: unknown): string {
  const response = error as HttpErrorResponse;
  const body = response?.error as ApiError | undefined;
  return body?.message || response?.message || String(error);
}

/** Thin typed access to the REST API: lists with paging, all pages for exports, and plain verbs. */
@Injectable({ providedIn: 'root' })
export class ApiService {
  private readonly http = inject(HttpClient);

  page<T>(path: string, params: Params = {}): Observable<Page<T>> {
    return this.http.get<T[]>(`${API}${path}`, { params: toParams(params), observe: 'response' }).pipe(
      map((response) => {
        const meta = JSON.parse(response.headers.get('X-Pagination') ?? '{}');
        const items = response.body ?? [];
        return {
          items,
          total: meta.total ?? items.length,
          page: meta.page ?? 1,
          totalPages: meta.total_pages ?? 1,
        };
      }),
    );
  }

  /** Every row of a list, page after page (for exports and pickers). */
  all<T>(path: string, params: Params = {}): Observable<T[]> {
    const fetch = (page: number) => this.page<T>(path, { ...params, page, page_size: MAX_PAGE_SIZE });
    return fetch(1).pipe(
      expand((p) => (p.page < p.totalPages ? fetch(p.page + 1) : EMPTY)),
      reduce((rows: T[], p) => rows.concat(p.items), []),
    );
  }

  get<T>(path: string, params: Params = {}): Observable<T> {
    return this.http.get<T>(`${API}${path}`, { params: toParams(params) });
  }

  post<T>(path: string, body: unknown = {}): Observable<T> {
    return this.http.post<T>(`${API}${path}`, body);
  }

  put<T>(path: string, body: unknown = {}): Observable<T> {
    return this.http.put<T>(`${API}${path}`, body);
  }

  delete(path: string): Observable<unknown> {
    return this.http.delete(`${API}${path}`);
  }

  blob(path: string): Observable<Blob> {
    return this.http.get(`${API}${path}`, { responseType: 'blob' });
  }
}
