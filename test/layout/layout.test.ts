/**
 * Issue 17: typesetting a kommun would publish, whatever the tables hold. Builds every example and
 * the stress corpus (test/fixtures/layout-stress) to PDF once, reads each PDF back with the
 * positions and structure roles of its text (extract.ts), and runs every layout check (checks.ts)
 * on every PDF. A failure lists each offending place as "<report>.pdf p. <page>: <what>".
 *
 * Needs the compiled CLI (npm run build; npm test does it), poppler-utils (pdftotext) and qpdf.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTools } from '../render/pdf/pdftools.js';
import { buildAll, builtDocs, htmlPath, pdfPath } from './build.js';
import { CHECKS } from './checks.js';
import { readLayout } from './extract.js';
import type { LayoutDoc } from './model.js';

const docs = builtDocs();
const layouts = new Map<string, LayoutDoc>();
let outRoot = '';

beforeAll(async () => {
  requireTools();
  outRoot = mkdtempSync(path.join(tmpdir(), 'rapport-layout-'));
  await buildAll(outRoot);
  for (const doc of docs) layouts.set(doc.name, readLayout(doc.name, pdfPath(outRoot, doc), htmlPath(outRoot, doc)));
}, 240_000);

afterAll(() => {
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
});

describe('the corpus', () => {
  it('has the examples and the five stress reports', () => {
    const names = docs.map((d) => d.name);
    expect(names).toContain('examples/eskilstuna/servicenamnden-dr2-2023');
    expect(names).toContain('examples/linkoping/kommunstyrelsen-vb-2023');
    for (const r of ['langa-sammansattningar', 'indikatorer-saknas', 'nio-kolumner', 'langa-namn', 'korta-kapitel']) {
      expect(names).toContain(`test/fixtures/layout-stress/${r}`);
    }
  });

  it('is read back with structure: every PDF has headings, and text lines that are not artifacts', () => {
    for (const doc of docs) {
      const layout = layouts.get(doc.name)!;
      const lines = layout.pages.flatMap((p) => p.lines);
      expect(lines.some((l) => l.role === 'heading'), `${doc.name}: no heading found`).toBe(true);
      // Words that no tagged text operator claimed would make the roles guesswork.
      const unknown = lines.filter((l) => l.element.startsWith('unknown')).map((l) => l.text);
      expect(unknown, `${doc.name}: words not matched to the PDF's structure`).toEqual([]);
    }
  });
});

describe.each(CHECKS)('$name: $goal', (check) => {
  it.each(docs)('$name', (doc) => {
    const layout = layouts.get(doc.name);
    expect(layout, `${doc.name} was not built`).toBeDefined();
    const findings = check.run(layout!).map((f) => `${doc.name}.pdf p. ${f.page}: ${f.message}`);
    expect(findings).toEqual([]);
  });
});
