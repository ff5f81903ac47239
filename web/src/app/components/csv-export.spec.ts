import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { CsvExport } from './csv-export';

describe('CsvExport', () => {
  it('writes every page the API returns for the current filters, in the given columns', () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CsvExport);
    let q = 'centro';
    fixture.componentRef.setInput('path', '/zones');
    fixture.componentRef.setInput('columns', ['id', 'name']);
    fixture.componentRef.setInput('filename', 'zonas.csv');
    fixture.componentRef.setInput('params', () => ({ q }));
    const saved: [string, string][] = [];
    fixture.componentInstance.save = (name, csv) => saved.push([name, csv]);
    q = 'norte';  // the filters as they are when the button is pressed
    fixture.componentInstance.run();
    const first = http.expectOne((r) => r.url === '/api/v1/zones' && r.params.get('page') === '1');
    expect(first.request.params.get('q')).toBe('norte');
    expect(first.request.params.get('page_size')).toBe('100');
    first.flush([{ id: 1, name: 'Norte, A', city: 'x' }], { headers: { 'X-Pagination': JSON.stringify({ total: 2, total_pages: 2, page: 1 }) } });
    http.expectOne((r) => r.params.get('page') === '2').flush([{ id: 2, name: 'Norte B' }], {
      headers: { 'X-Pagination': JSON.stringify({ total: 2, total_pages: 2, page: 2 }) },
    });
    expect(saved).toEqual([['zonas.csv', 'id,name\r\n1,"Norte, A"\r\n2,Norte B\r\n']]);
    http.verify();
  });

  it('shows the API error instead of saving a partial file', () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CsvExport);
    fixture.componentRef.setInput('path', '/users');
    fixture.componentRef.setInput('columns', ['id']);
    fixture.componentRef.setInput('filename', 'usuarios.csv');
    const save = jasmine.createSpy('save');
    fixture.componentInstance.save = save;
    fixture.componentInstance.run();
    http.expectOne((r) => r.url === '/api/v1/users').flush({ message: 'Prohibido' }, { status: 403, statusText: 'Forbidden' });
    fixture.detectChanges();
    expect(save).not.toHaveBeenCalled();
    expect(fixture.nativeElement.querySelector('[role=alert]').textContent).toContain('Prohibido');
  });
});
