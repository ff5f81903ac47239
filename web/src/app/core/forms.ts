import { WritableSignal } from '@angular/core';
import { errorMessage, fieldErrors } from './api.service';

/** A failed save as a form shows it: messages beside their fields, and one line on top ("check the fields" if any). */
export function formFailure(error: unknown, t: (key: string) => string): { fields: Record<string, string>; message: string } {
  const fields = fieldErrors(error);
  return { fields, message: Object.keys(fields).length ? t('form.fix') : errorMessage(error) };
}

/** Shows a failed save on a form: the field messages and the line on top. */
export function showFailure(error: unknown, t: (key: string) => string, fields: WritableSignal<Record<string, string>>,
  message: WritableSignal<string>): void {
  const failure = formFailure(error, t);
  fields.set(failure.fields);
  message.set(failure.message);
}
