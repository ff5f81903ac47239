import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Survey } from '../core/models';
import { SurveyForm } from './survey-form';

const SURVEY: Survey = {
  id: 1, name: 'Visita', description: null, version: 2, previous_version_id: null, is_current: true, company_id: 1,
  questions: [
    { id: 'greet', type: 'yes_no', text: '¿Le saludaron?', required: true },
    { id: 'nps', type: 'nps', text: '¿Nos recomendaría?' },
    { id: 'offer', type: 'multiple_choice', text: '¿Qué le ofrecieron?', options: ['Plan', 'Equipo'] },
    { id: 'note', type: 'text', text: 'Comentario' },
  ],
};

@Component({
  imports: [SurveyForm],
  template: `<app-survey-form [survey]="survey" [(answers)]="answers" [errors]="errors()" />`,
})
class Host {
  survey = SURVEY;
  answers: Record<string, unknown> = {};
  errors = signal<Record<string, string>>({});
}

describe('SurveyForm', () => {
  it('renders every question and keeps typed answers keyed by question id', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const root: HTMLElement = fixture.nativeElement;
    expect(root.querySelector('legend')!.textContent).toContain('Visita (v2)');
    expect(root.querySelectorAll('[data-question]').length).toBe(4);
    (root.querySelectorAll('[data-question=greet] input[type=radio]')[0] as HTMLInputElement).click();
    const nps = root.querySelector('#q-nps') as HTMLInputElement;
    expect(nps.min).toBe('0');
    expect(nps.max).toBe('10');
    nps.value = '9';
    nps.dispatchEvent(new Event('input'));
    const boxes = root.querySelectorAll('[data-question=offer] input[type=checkbox]') as NodeListOf<HTMLInputElement>;
    boxes[1].click();
    boxes[0].click();
    boxes[1].click();
    expect(fixture.componentInstance.answers).toEqual({ greet: true, nps: 9, offer: ['Plan'] });
  });

  it('shows the API error of one answer under its question', async () => {
    const fixture = TestBed.createComponent(Host);
    fixture.componentInstance.errors.set({ 'answers.nps': 'Must be a whole number from 0 to 10' });
    await fixture.whenStable();
    const alert = fixture.nativeElement.querySelector('[data-question=nps] [role=alert]');
    expect(alert.textContent).toContain('Must be a whole number from 0 to 10');
  });
});
