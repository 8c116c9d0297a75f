import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';

/** Rows of the table with the given id, as arrays of cell texts (th and td). */
export function tableRows(html: string, tableId: string): string[][] {
  const doc = parseDocument(html);
  const table = DomUtils.findOne((e) => e.name === 'table' && e.attribs['id'] === tableId, doc.children, true);
  if (!table) throw new Error(`no table #${tableId}`);
  return DomUtils.findAll((e) => e.name === 'tr', [table]).map((tr) =>
    (tr.children.filter((c) => (c as Element).name === 'th' || (c as Element).name === 'td') as Element[]).map((c) =>
      DomUtils.textContent(c).replace(/\s+/g, ' ').trim(),
    ),
  );
}

export function row(rows: string[][], name: string): string[] {
  const r = rows.find((cells) => cells[0] === name);
  if (!r) throw new Error(`no row "${name}" in ${JSON.stringify(rows.map((x) => x[0]))}`);
  return r;
}

export function textOf(html: string): string {
  return DomUtils.textContent(parseDocument(html)).replace(/[ \t\r\n]+/g, ' ');
}
