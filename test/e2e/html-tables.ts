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

/** Rows of the first table whose aria-label, caption or id is `label` (status tables have no id). */
export function tableByLabel(html: string, label: string): string[][] {
  const doc = parseDocument(html);
  const table = DomUtils.findOne(
    (e) => {
      if (e.name !== 'table') return false;
      if (e.attribs['aria-label'] === label || e.attribs['id'] === label) return true;
      const caption = DomUtils.findOne((c) => c.name === 'caption', e.children, false);
      return caption !== null && DomUtils.textContent(caption).replace(/\s+/g, ' ').trim() === label;
    },
    doc.children,
    true,
  );
  if (!table) throw new Error(`no table "${label}"`);
  return DomUtils.findAll((e) => e.name === 'tr', [table]).map((tr) =>
    (tr.children.filter((c) => (c as Element).name === 'th' || (c as Element).name === 'td') as Element[]).map((c) =>
      DomUtils.textContent(c).replace(/\s+/g, ' ').trim(),
    ),
  );
}

/** The ids of the h1 headings, in document order (the order of the report's sections). */
export function sectionOrder(html: string): string[] {
  return DomUtils.findAll((e) => e.name === 'h1' && e.attribs['id'] !== undefined, parseDocument(html).children).map((e) => e.attribs['id']!);
}
