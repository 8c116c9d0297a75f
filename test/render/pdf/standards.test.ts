/**
 * Declared conformance (PDF/UA-1 + PDF/A-3a / PDF/A-2a / none), the XMP
 * packet, custom metadata and embedded source files, read back with qpdf
 * and poppler (pdfinfo, pdfdetach).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf, type Attachment, type PdfOptions } from '../../../src/render/pdf/index.js';
import { pdfinfo, qpdfCheck, requireTools, run } from './pdftools.js';
import { PdfObjects, type Json } from './pdfstructure.js';

const fixture = fileURLToPath(new URL('../../fixtures/pdf/sample.html', import.meta.url));
const html = readFileSync(fixture, 'utf8');

const yaml = Buffer.from('nämnd: Servicenämnden\nperiod:\n  från: 2023-01-01\n  till: 2023-08-31\n', 'utf8');
const ekonomi = Buffer.from('budget:\n  - verksamhet: Måltidsservice\n    belopp: 186200\n', 'utf8');
const attachments: Attachment[] = [
  { name: 'rapport.yaml', data: yaml, mimeType: 'application/yaml', description: 'Rapportens källfil', modified: new Date(Date.UTC(2023, 8, 20, 8, 30)) },
  { name: 'ekonomi.yaml', data: ekonomi, mimeType: 'application/yaml', modified: new Date(Date.UTC(2023, 8, 19, 16, 0)) },
];

const options: PdfOptions = {
  title: 'Kultur- & fritidsnämnden <DR2> – "Delårsrapport"',
  author: 'Kultur- och fritidsförvaltningen',
  subject: 'Delårsrapport 2 2023',
  keywords: 'delårsrapport, kultur',
  date: new Date(Date.UTC(2023, 8, 21, 12, 0, 0)),
  runningHeader: 'Kultur- och fritidsnämnden',
  runningFooter: 'Dnr KFN/2023:12',
  attachments,
  custom: { 'rapport:commit': '3f2a9c1e0b7d4a6f8e5c2b1a0d9f8e7c6b5a4d3e' },
};

let dir: string;
const files = new Map<string, { file: string; pdf: Buffer }>();

async function render(name: string, o: PdfOptions): Promise<{ file: string; pdf: Buffer }> {
  const pdf = await renderPdf(html, o);
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const r = { file, pdf };
  files.set(name, r);
  return r;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const xmp = (file: string) => run('pdfinfo', ['-meta', file]);
const catalogOf = (file: string) => {
  const p = PdfObjects.load(file);
  return { p, catalog: p.catalog };
};

beforeAll(async () => {
  requireTools();
  for (const tool of ['pdfdetach']) expect(run('sh', ['-c', `command -v ${tool} || true`]).trim(), `${tool} (poppler-utils)`).not.toBe('');
  dir = mkdtempSync(join(tmpdir(), 'rapport-pdf-std-'));
  const t0 = performance.now();
  await render('a3', options);
  console.info(`PDF/A-3a fixture with 2 attachments: ${Math.round(performance.now() - t0)} ms`);
  await render('a2', { ...options, standard: 'PDF/A-2a', attachments: [] });
  await render('none', { ...options, standard: 'none', attachments: [] });
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A minimal well-formedness check: tags balance and no raw & or < in text. */
function expectWellFormedXml(xml: string): void {
  const body = xml.replace(/<\?xpacket[^?]*\?>/g, '');
  const stack: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|&(?!(?:amp|lt|gt|quot|apos|#\d+);)|<(?![/A-Za-z_])/g)) {
    if (m[2] === undefined) throw new Error(`unescaped ${m[0]} in XMP`);
    if (m[4] === '/') continue;
    if (m[1] === '/') expect(stack.pop(), `closing ${m[2]}`).toBe(m[2]);
    else stack.push(m[2]);
  }
  expect(stack).toEqual([]);
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

describe('declared standards', () => {
  it('declares PDF/UA-1 and PDF/A-3a by default, with the extension schemas PDF/A needs', () => {
    const { file } = files.get('a3')!;
    const meta = xmp(file);
    expectWellFormedXml(meta);
    expect(meta).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(meta).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(meta).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(meta).toMatch(/<pdfaSchema:namespaceURI>http:\/\/www\.aiim\.org\/pdfua\/ns\/id\/<\/pdfaSchema:namespaceURI>\s*<pdfaSchema:prefix>pdfuaid<\/pdfaSchema:prefix>/);
    expect(meta).toMatch(/<pdfaSchema:prefix>rapport<\/pdfaSchema:prefix>[\s\S]*<pdfaProperty:name>commit<\/pdfaProperty:name>/);
  });

  it('declares PDF/A-2a with standard "PDF/A-2a" and only PDF/UA-1 with "none"', () => {
    const a2 = xmp(files.get('a2')!.file);
    expect(a2).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(a2).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(a2).toContain('<pdfuaid:part>1</pdfuaid:part>');
    const none = xmp(files.get('none')!.file);
    expect(none).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(none).not.toContain('pdfaid');
    expect(none).not.toContain('pdfaExtension');
    expect(catalogOf(files.get('none')!.file).catalog['/OutputIntents']).toBeUndefined();
  });

  it('has an sRGB OutputIntent, PDF 1.7, no encryption and a tagged, Swedish catalog for PDF/A', () => {
    for (const name of ['a3', 'a2']) {
      const { file } = files.get(name)!;
      const { p, catalog } = catalogOf(file);
      const intents = catalog['/OutputIntents'] as string[];
      expect(intents).toHaveLength(1);
      const intent = p.dict(intents[0]!);
      expect(intent['/S']).toBe('/GTS_PDFA1');
      expect(PdfObjects.text(intent['/OutputConditionIdentifier'])).toBe('sRGB IEC61966-2.1');
      expect(p.streamData(intent['/DestOutputProfile'] as string).subarray(36, 40).toString('latin1')).toBe('acsp');
      const info = pdfinfo(file);
      expect(info['PDF version']).toBe('1.7');
      expect(info['Encrypted']).toBe('no');
      expect(info['Tagged']).toBe('yes');
      expect(PdfObjects.text(catalog['/Lang'])).toBe('sv-SE');
      expect(p.trailer['/Encrypt']).toBeUndefined();
      expect(qpdfCheck(file).status).toBe(0);
    }
  });

  it('mirrors every Info entry in XMP, XML-escaped (title with & < > ")', () => {
    const { file } = files.get('a3')!;
    const info = pdfinfo(file);
    expect(info['Title']).toBe(options.title);
    const meta = xmp(file);
    const one = (re: RegExp) => unescapeXml(re.exec(meta)?.[1] ?? '');
    expect(meta).toContain('Kultur- &amp; fritidsnämnden &lt;DR2&gt; – &quot;Delårsrapport&quot;');
    expect(one(/<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)<\/rdf:li>/)).toBe(options.title);
    expect(one(/<dc:creator><rdf:Seq><rdf:li>(.*?)<\/rdf:li>/)).toBe(options.author);
    expect(one(/<dc:description><rdf:Alt><rdf:li xml:lang="x-default">(.*?)<\/rdf:li>/)).toBe(options.subject);
    expect(one(/<pdf:Keywords>(.*?)<\/pdf:Keywords>/)).toBe(options.keywords);
    expect(one(/<pdf:Producer>(.*?)<\/pdf:Producer>/)).toBe(info['Producer']);
    expect(one(/<xmp:CreatorTool>(.*?)<\/xmp:CreatorTool>/)).toBe(info['Creator']);
    expect(one(/<xmp:CreateDate>(.*?)<\/xmp:CreateDate>/)).toBe('2023-09-21T12:00:00Z');
    expect(one(/<xmp:ModifyDate>(.*?)<\/xmp:ModifyDate>/)).toBe('2023-09-21T12:00:00Z');
    expect(one(/<dc:language><rdf:Bag><rdf:li>(.*?)<\/rdf:li>/)).toBe('sv-SE');
    // One packet only: pdfkit's own (unescaped) Info mirror is not written.
    expect(meta.match(/<dc:title>/g)).toHaveLength(1);
  });

  it('writes custom metadata to the Info dictionary and to XMP', () => {
    const { file } = files.get('a3')!;
    const custom = run('pdfinfo', ['-custom', file]);
    expect(custom).toMatch(/^rapport:commit:\s+3f2a9c1e0b7d4a6f8e5c2b1a0d9f8e7c6b5a4d3e$/m);
    expect(xmp(file)).toContain('<rapport:commit>3f2a9c1e0b7d4a6f8e5c2b1a0d9f8e7c6b5a4d3e</rapport:commit>');
  });

  it('refuses options it cannot write as declared', async () => {
    await expect(renderPdf(html, { ...options, standard: 'PDF/A-2a' })).rejects.toThrow(/PDF\/A-2a/);
    await expect(renderPdf(html, { ...options, attachments: [attachments[0]!, attachments[0]!] })).rejects.toThrow(/twice/);
    await expect(renderPdf(html, { ...options, attachments: [{ ...attachments[0]!, mimeType: 'yaml' }] })).rejects.toThrow(/MIME/);
    await expect(renderPdf(html, { ...options, custom: { 'rapport:två ord': 'x' } })).rejects.toThrow(/Custom metadata key/);
    await expect(renderPdf(html, { ...options, custom: { Title: 'x' } })).rejects.toThrow(/standard Info key/);
  });
});

describe('attachments', () => {
  it('lists the attachments with pdfdetach and returns the same bytes', () => {
    const { file } = files.get('a3')!;
    const list = run('pdfdetach', ['-list', file]);
    expect(list).toMatch(/^2 embedded files$/m);
    const names = [...list.matchAll(/^(\d+): (.*)$/gm)].map((m) => [Number(m[1]), m[2]!] as const);
    expect(names.map(([, n]) => n).sort()).toEqual(['ekonomi.yaml', 'rapport.yaml']);
    for (const [index, name] of names) {
      const out = join(dir, `detached-${name}`);
      run('pdfdetach', ['-save', String(index), '-o', out, file]);
      expect(readFileSync(out).equals(attachments.find((a) => a.name === name)!.data), name).toBe(true);
    }
  });

  it('associates them with the document as Source files (/AF), with MIME type, dates, size and MD5', () => {
    const { file } = files.get('a3')!;
    const { p, catalog } = catalogOf(file);
    const af = catalog['/AF'] as string[];
    expect(af).toHaveLength(2);
    const json = JSON.parse(run('qpdf', ['--json', '--json-key=attachments', file])) as {
      attachments: Record<string, { filespec: string; description: string | null; streams: Record<string, { checksum: string; creationdate: string; modificationdate: string; mimetype: string }> }>;
    };
    for (const a of attachments) {
      const entry = json.attachments[a.name]!;
      expect(af).toContain(entry.filespec);
      const spec = p.dict(entry.filespec);
      expect(spec['/AFRelationship']).toBe('/Source');
      expect(PdfObjects.text(spec['/F'])).toBe(a.name);
      expect(PdfObjects.text(spec['/UF'])).toBe(a.name);
      expect(entry.description).toBe(a.description ?? null);
      const stream = entry.streams['/F']!;
      expect(stream.mimetype).toBe('application/yaml');
      const iso = a.modified.toISOString().replace(/\.\d{3}Z$/, 'Z');
      expect(stream.creationdate).toBe(iso);
      expect(stream.modificationdate).toBe(iso);
      expect(stream.checksum).toBe(createHash('md5').update(a.data).digest('hex'));
      const ef = p.dict((spec['/EF'] as Record<string, Json>)['/F'] as string);
      expect((ef['/Params'] as Record<string, Json>)['/Size']).toBe(a.data.byteLength);
    }
  });

  it('renders byte-identically with attachments, and differently when an attachment changes', async () => {
    const again = await renderPdf(html, options);
    expect(sha256(again)).toBe(sha256(files.get('a3')!.pdf));
    const changed = await renderPdf(html, { ...options, attachments: [attachments[0]!, { ...attachments[1]!, data: Buffer.from('budget: 2\n') }] });
    expect(sha256(changed)).not.toBe(sha256(files.get('a3')!.pdf));
  }, 60_000);
});
