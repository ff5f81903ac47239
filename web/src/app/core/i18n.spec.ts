import { I18n } from './i18n';
import { DICTIONARY } from './i18n.dict';

describe('I18n', () => {
  beforeEach(() => localStorage.clear());

  it('speaks Spanish by default, switches to English and remembers it', () => {
    const i18n = new I18n();
    expect(i18n.t('nav.evaluations')).toBe('Evaluaciones');
    i18n.use('en');
    expect(i18n.t('nav.evaluations')).toBe('Evaluations');
    expect(document.documentElement.lang).toBe('en');
    expect(new I18n().lang()).toBe('en');
  });

  it('fills parameters', () => {
    expect(new I18n().t('evaluation.title', { id: 12 })).toBe('Evaluación #12');
  });

  it('has an English text for every Spanish key', () => {
    const missing = Object.keys(DICTIONARY.es).filter((key) => !(key in DICTIONARY.en));
    expect(missing).toEqual([]);
  });
});
