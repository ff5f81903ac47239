import { Component, inject } from '@angular/core';
import { I18n, TranslatePipe } from '../core/i18n';

/** Español / English switch for pages outside the shell. */
@Component({
  selector: 'app-lang-switch',
  imports: [TranslatePipe],
  template: `
    <label class="sr-only" for="lang-switch">{{ 'shell.language' | t }}</label>
    <select id="lang-switch" class="rounded border border-slate-400 px-2 py-1 text-sm" [value]="i18n.lang()"
            (change)="i18n.use($any($event.target).value)">
      <option value="es">Español</option>
      <option value="en">English</option>
    </select>
  `,
})
export class LangSwitch {
  protected readonly i18n = inject(I18n);
}
