import { Injectable, Pipe, PipeTransform, inject, signal } from '@angular/core';
import { DICTIONARY, Lang } from './i18n.dict';

const STORAGE_KEY = 'siete.lang';

/** The interface language: Spanish by default, English on request, remembered per browser. */
@Injectable({ providedIn: 'root' })
export class I18n {
  readonly lang = signal<Lang>(localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'es');

  constructor() {
    document.documentElement.lang = this.lang();
  }

  use(lang: Lang): void {
    localStorage.setItem(STORAGE_KEY, lang);
    document.documentElement.lang = lang;
    this.lang.set(lang);
  }

  /** The text for `key` in the current language (the key itself when missing), `{name}` filled from params. */
  t(key: string, params: Record<string, unknown> = {}): string {
    const text = DICTIONARY[this.lang()][key] ?? DICTIONARY.es[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
  }

  locale(): string {
    return this.lang() === 'es' ? 'es-DO' : 'en-US';
  }
}

/** `{{ 'nav.dashboard' | t }}`; impure so a language switch re-renders (the signal read marks the view). */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(key: string, params?: Record<string, unknown>): string {
    return this.i18n.t(key, params);
  }
}
