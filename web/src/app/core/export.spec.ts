import { markdownLines, toCsv } from './export';

describe('toCsv', () => {
  it('writes a header and quotes commas, quotes and line breaks', () => {
    const csv = toCsv([{ id: 1, name: 'Tienda, "Centro"', note: 'a\nb' }, { id: 2, name: null }], ['id', 'name', 'note']);
    expect(csv).toBe('id,name,note\r\n1,"Tienda, ""Centro""","a\nb"\r\n2,,\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(toCsv([{ v: '=HYPERLINK("x")' }, { v: '-2+3' }], ['v'])).toBe('v\r\n"\'=HYPERLINK(""x"")"\r\n\'-2+3\r\n');
  });
});

describe('markdownLines', () => {
  it('keeps headings and bullets and drops emphasis marks', () => {
    expect(markdownLines('## Resumen\n- **Saludo** cordial\nTexto _clave_')).toEqual([
      { text: 'Resumen', heading: true },
      { text: '• Saludo cordial', heading: false },
      { text: 'Texto clave', heading: false },
    ]);
  });
});
