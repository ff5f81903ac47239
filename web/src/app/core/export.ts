/** Client-side exports (seed helpers json-csv-convert, markdown-pdf-convert) and the browser's save of a file. */

/** RFC 4180 CSV of the given columns; cells that a spreadsheet would run as a formula are quoted with a '. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const cell = (value: unknown): string => {
    let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (/^[=+\-@\t\r]/.test(text)) {
      text = `'${text}`;
    }
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))];
  return lines.join('\r\n') + '\r\n';
}

/** Follows `url` as a download (a same-origin link, or a signed one the server hands out). */
export function openLink(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

export function download(filename: string, content: Blob | string, type = 'text/csv;charset=utf-8'): void {
  const blob = typeof content === 'string' ? new Blob(['\ufeff', content], { type }) : content;
  const url = URL.createObjectURL(blob);
  openLink(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Markdown reduced to the lines jsPDF writes: headings bold and larger, bullets kept, emphasis marks removed. */
export function markdownLines(markdown: string): { text: string; heading: boolean }[] {
  return markdown.split(/\r?\n/).map((line) => {
    const heading = /^#{1,6}\s/.test(line);
    const text = line
      .replace(/^#{1,6}\s+/, '')
      .replace(/^\s*[-*+]\s+/, '• ')
      .replace(/\*\*(.+?)\*\*|__(.+?)__/g, '$1$2')
      .replace(/\*(.+?)\*|_(.+?)_/g, '$1$2')
      .replace(/`([^`]+)`/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
    return { text, heading };
  });
}

/** A PDF of an evaluation's analysis: title, KPI lines, then the executive view; jsPDF loads only when asked. */
export async function analysisPdf(title: string, kpis: string[], markdown: string): Promise<Blob> {
  const { jsPDF } = await import('jspdf');
  const doc = new jsPDF({ unit: 'pt', format: 'a4' });
  const width = doc.internal.pageSize.getWidth() - 80;
  const bottom = doc.internal.pageSize.getHeight() - 40;
  let y = 50;
  const write = (text: string, size: number, bold: boolean) => {
    doc.setFont('helvetica', bold ? 'bold' : 'normal');
    doc.setFontSize(size);
    for (const line of doc.splitTextToSize(text, width) as string[]) {
      if (y > bottom) {
        doc.addPage();
        y = 50;
      }
      doc.text(line, 40, y);
      y += size * 1.35;
    }
  };
  write(title, 16, true);
  kpis.forEach((line) => write(line, 10, false));
  y += 8;
  for (const { text, heading } of markdownLines(markdown)) {
    if (text.trim()) {
      write(text, heading ? 13 : 10, heading);
    } else {
      y += 6;
    }
  }
  return doc.output('blob');
}
