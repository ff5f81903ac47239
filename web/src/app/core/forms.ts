import { errorMessage, fieldErrors } from './api.service';

/** A failed save as a form shows it: messages beside their fields, and one line on top ("check the fields" if any). */
export function formFailure(error: unknown, t: (key: string) => string): { fields: Record<string, string>; message: string } {
  const fields = fieldErrors(error);
  return { fields, message: Object.keys(fields).length ? t('form.fix') : errorMessage(error) };
}
