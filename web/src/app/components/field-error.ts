import { Component, input } from '@angular/core';

/** The API's message for one field, announced and tied to its input via `aria-describedby="<for>-error"`. */
@Component({
  selector: 'app-field-error',
  template: `@if (errors()[for()]) {
    <p [id]="for() + '-error'" class="mt-1 text-sm text-red-700" role="alert">{{ errors()[for()] }}</p>
  }`,
})
export class FieldError {
  readonly for = input.required<string>();
  readonly errors = input.required<Record<string, string>>();
}
