/**
 * Prose that used to be lost, crash the build or show other figures than it holds (issue 14, items
 * 10 and 11): nesting deeper than markdown-it or the page can take, emphasis thousands of levels deep,
 * the tool's own placeholder characters and the invisible controls of text direction. Each is either
 * built with every word in the HTML and the PDF, or a located error from `check` and `build` alike
 * (exit 1, no stack trace, nothing left in the output folder).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/load/text-file.js';
import { htmlToBlocks } from '../../src/render/pdf/dom.js';
import { EXAMPLE } from '../helpers.js';
import { runCli, squeeze } from '../e2e/run-cli.js';
import { replaceOnce } from './cases.js';
import { STACK_TRACE } from './support.js';

const MD = 'text/sammanfattning.md';
const MD_DISPLAY = `rapport/${MD}`;
const YAML_DISPLAY = 'rapport/rapport.yaml';
/** The start of a prose value in rapport.yaml (ärendebeskrivning, "Budget"). */
const YAML_PROSE = 'Servicenämndens budget är helt intäktsfinansierad. Intäkter';

interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  pos?: { file: string; line?: number; column?: number };
}

/** A copy of the example in a project folder, with the outputs of an earlier good build in ut/. */
function project(): { root: string; dir: string; out: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-prosa-'));
  const dir = path.join(root, 'rapport');
  cpSync(EXAMPLE, dir, { recursive: true });
  const out = path.join(root, 'ut');
  mkdirSync(out);
  writeFileSync(path.join(out, 'rapport.html'), '<p>förra bygget</p>');
  writeFileSync(path.join(out, 'rapport.pdf'), '%PDF-1.7 förra bygget');
  return { root, dir, out };
}

function appendProse(dir: string, text: string): void {
  const file = path.join(dir, MD);
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n${text}`);
}

/** 1-based line and column of `needle` (at its `offset`th character) in a file of the report. */
function at(dir: string, file: string, needle: string, offset = 0): { line: number; column: number } {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`${JSON.stringify(needle.slice(0, 40))} finns inte i ${file}`);
  const before = text.slice(0, index + offset);
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

interface Expected {
  code: string;
  file: string;
  line: number;
  column: number;
  message?: RegExp;
}

/** `check` and `build` both end with exit 1 and every expected diagnostic at its place; ut/ is left empty. */
async function expectErrors(p: { root: string; out: string }, expected: Expected[]): Promise<void> {
  for (const args of [['check', 'rapport'], ['build', 'rapport', '--out', 'ut']]) {
    const json = await runCli([...args, '--format', 'json'], p.root);
    const pretty = await runCli(args, p.root);
    for (const r of [json, pretty]) {
      expect(r.code, `${args[0]}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK_TRACE);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/internt fel|Maximum call stack/);
    }
    const report = JSON.parse(json.stdout) as { rapporter: { diagnostik: JsonDiagnostic[] }[] };
    const errors = report.rapporter.flatMap((r) => r.diagnostik).filter((d) => d.severity === 'error');
    const listed = errors.map((d) => `${d.code} ${d.pos?.file}:${d.pos?.line}:${d.pos?.column} ${d.message}`).join('\n');
    expect(errors.length, `${args[0]}:\n${listed}`).toBe(expected.length);
    for (const e of expected) {
      const hit = errors.find((d) => d.code === e.code && d.pos?.file === e.file && d.pos.line === e.line);
      expect(hit, `${args[0]}: ${e.code} ${e.file}:${e.line}:${e.column}\n${listed}`).toBeDefined();
      expect(hit!.pos?.column, `${args[0]}:\n${listed}`).toBe(e.column);
      if (e.message) expect(hit!.message).toMatch(e.message);
      expect(pretty.stdout + pretty.stderr).toContain(`${e.file}:${e.line}:${e.column}: fel[${e.code}]`);
    }
  }
  // Nothing of the report is left: not the earlier outputs, not a temporary file.
  expect(existsSync(p.out) ? readdirSync(p.out) : []).toEqual([]);
}

/** The PDF's text (pdftotext, with room for the text of a 1 MB paragraph). */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** `check` and `build` both succeed; the HTML source and the PDF's text. */
async function expectBuilt(p: { root: string; out: string }): Promise<{ html: string; pdf: string }> {
  const check = await runCli(['check', 'rapport'], p.root);
  expect(check.code, check.stdout + check.stderr).toBe(0);
  const build = await runCli(['build', 'rapport', '--out', 'ut'], p.root);
  expect(build.code, build.stdout + build.stderr).toBe(0);
  expect(build.stdout + build.stderr).not.toMatch(STACK_TRACE);
  return { html: readFileSync(path.join(p.out, 'rapport.html'), 'utf8'), pdf: squeeze(pdfText(path.join(p.out, 'rapport.pdf'))) };
}

/** A list nested `levels` deep, one item per level, each saying its level. */
function nestedList(levels: number, word: string): string {
  return Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- ${word}${i}\n`).join('');
}

describe('prose nested deeper than a report needs', () => {
  it('a list 10 levels deep builds with every level in the HTML and the PDF; an 11th level is prosa.djup at its marker', async () => {
    const p = project();
    // The deepest item holds a table too: markdown-it's own nesting limit is far above ours.
    appendProse(p.dir, `${nestedList(10, 'Listnivå')}${'  '.repeat(10)}| Tabellrubrik | Värde |\n${'  '.repeat(10)}|---|---|\n${'  '.repeat(10)}| Tabellcell | 7 |\n\nEfter listan.\n`);
    const { html, pdf } = await expectBuilt(p);
    for (let i = 0; i < 10; i++) {
      expect(html).toContain(`Listnivå${i}`);
      expect(pdf).toContain(`Listnivå${i}`);
    }
    expect(html).toContain('<td>Tabellcell</td>');
    expect(pdf).toContain('Tabellcell');
    expect(pdf).toContain('Efter listan.');

    const deeper = project();
    appendProse(deeper.dir, `${nestedList(11, 'Djupnivå')}\nEfter listan.\n`);
    await expectErrors(deeper, [{ code: 'prosa.djup', file: MD_DISPLAY, ...at(deeper.dir, MD, '- Djupnivå10'), message: /11 nivåer.*högst 10/ }]);
  }, 180_000);

  it('10 nested block quotes build with their text in the HTML and the PDF; 30 (missing from the PDF before) are prosa.djup at the 11th ">"', async () => {
    const p = project();
    appendProse(p.dir, `${'>'.repeat(10)} Citattext på tionde nivån.\n\nEfter citatet.\n`);
    const { html, pdf } = await expectBuilt(p);
    expect(html).toContain('Citattext på tionde nivån.');
    expect(pdf).toContain('Citattext på tionde nivån.');
    expect(pdf).toContain('Efter citatet.');

    const deeper = project();
    appendProse(deeper.dir, `${'>'.repeat(30)} Citattext.\n`);
    // In a YAML text value too, located in rapport.yaml.
    replaceOnce(deeper.dir, 'rapport.yaml', YAML_PROSE, `${YAML_PROSE}.\n\n      ${'> '.repeat(12)}Citat.`);
    await expectErrors(deeper, [
      { code: 'prosa.djup', file: MD_DISPLAY, ...at(deeper.dir, MD, '>'.repeat(30), 10) },
      { code: 'prosa.djup', file: YAML_DISPLAY, ...at(deeper.dir, 'rapport.yaml', '> '.repeat(12), 20) },
    ]);
  }, 180_000);

  it('a list 60 levels deep (which cut off the rest of the file) is prosa.djup at the 11th level', async () => {
    const p = project();
    appendProse(p.dir, `${nestedList(60, 'Nivå')}\nEfter listan.\n`);
    await expectErrors(p, [{ code: 'prosa.djup', file: MD_DISPLAY, ...at(p.dir, MD, '- Nivå10') }]);
  }, 60_000);
});

describe('prose that crashed the build', () => {
  it('5 000 "*" on each side of a word: check and build agree, and the word is in the HTML and the PDF', async () => {
    const p = project();
    appendProse(p.dir, `Före ${'*'.repeat(5000)}Stjärnord${'*'.repeat(5000)} efter.\n\nSista stycket.\n`);
    const { html, pdf } = await expectBuilt(p);
    expect(html).toMatch(/Före <strong>(?:<em>)?Stjärnord(?:<\/em>)?<\/strong> efter\./);
    expect(pdf).toContain('Före Stjärnord efter.');
    expect(pdf).toContain('Sista stycket.');
  }, 180_000);

  it('5 000 "* " (a list in a list in …) is prosa.djup from check and build alike', async () => {
    const p = project();
    appendProse(p.dir, `${'* '.repeat(5000)}x\n\nSista stycket.\n`);
    await expectErrors(p, [{ code: 'prosa.djup', file: MD_DISPLAY, ...at(p.dir, MD, '* '.repeat(5000), 20) }]);
  }, 60_000);

  it('5 000 "_", "[" and "<span>", 10 000 backticks, a 100 000-character word and a 1 MB paragraph build', async () => {
    const p = project();
    const word = `Långord${'x'.repeat(100_000)}Slut`;
    appendProse(
      p.dir,
      [
        `Understreck ${'_'.repeat(5000)}Understruket${'_'.repeat(5000)} klart.`,
        `Hakparentes ${'['.repeat(5000)} klart.`,
        `Spann ${'<span>'.repeat(5000)} klart.`,
        `Bakåtfnuttar ${'`'.repeat(10_000)} klart.`,
        word,
        'Sista stycket.',
      ].join('\n\n'),
    );
    // The 1 MB paragraph goes where a 1 MB Markdown file would be too large: a YAML text value.
    const paragraph = 'Ord i ett mycket långt stycke. '.repeat(34_000);
    replaceOnce(p.dir, 'rapport.yaml', YAML_PROSE, `${YAML_PROSE} ${paragraph}Slutet på det långa stycket. Intäkter`);
    const { html, pdf } = await expectBuilt(p);
    for (const text of ['Understruket', 'klart.', 'Sista stycket.', 'Slutet på det långa stycket.']) {
      expect(html).toContain(text);
      expect(pdf).toContain(text);
    }
    expect(html).toContain('&lt;span&gt;'.repeat(100));
    expect(html).toContain(word);
    // A word wider than the line is split over lines (and pages) in the PDF; none of it is lost.
    expect(pdf).toContain('Långordxxx');
    expect(pdf).toContain('xxxSlut');
    expect(pdf.split('x').length - 1).toBeGreaterThanOrEqual(100_000);
  }, 300_000);

  it('a container of 150 000 blocks (a 1 MB prose file of "***" lines) becomes blocks without overflowing the stack', () => {
    const blocks = htmlToBlocks(`<!doctype html><html><body><main><section>${'<hr>'.repeat(150_000)}</section></main></body></html>`);
    expect(blocks.length).toBe(150_000);
    expect(blocks.every((b) => b.kind === 'rule')).toBe(true);
  }, 60_000);
});

describe("the prose renderer's own placeholders", () => {
  it('U+E000 in prose is refused: as a character in Markdown, escaped in YAML, as a character reference', async () => {
    // "\uE0000\uE001" was the placeholder of the first cited value: it printed that value's number.
    const p = project();
    appendProse(p.dir, `Summan är \uE0000\uE001 kronor.\n`);
    await expectErrors(p, [{ code: 'fil.kodning', file: MD_DISPLAY, ...at(p.dir, MD, '\uE000'), message: /privat tecken U\+E000/ }]);

    const escaped = project();
    replaceOnce(escaped.dir, 'rapport.yaml', `    text: |\n      ${YAML_PROSE}`, `    text: "Summan är \\uE0000\\uE001 kronor. {{belopp summa-rr.utfall}}"\n  - rubrik: Mer budget\n    text: |\n      ${YAML_PROSE}`);
    appendProse(escaped.dir, 'Summan är &#xE000;0&#xE001; kronor.\n');
    await expectErrors(escaped, [
      { code: 'prosa.tecken', file: YAML_DISPLAY, ...at(escaped.dir, 'rapport.yaml', '"Summan är \\uE000'), message: /privat tecken U\+E000/ },
      { code: 'prosa.tecken', file: MD_DISPLAY, ...at(escaped.dir, MD, '&#xE000;'), message: /privat tecken U\+E000 skrivet som teckenreferensen &#xE000;/ },
    ]);
  }, 120_000);
});

describe('invisible controls of text direction', () => {
  it('U+202E in a YAML value and in a Markdown file is fil.kodning at the character', async () => {
    const why = /U\+202E \(RIGHT-TO-LEFT OVERRIDE\).*"123" visas som "321"/;
    const inYaml = project();
    replaceOnce(inYaml.dir, 'rapport.yaml', YAML_PROSE, `Servicenämndens budget är \u202E123 kronor. Intäkter`);
    await expectErrors(inYaml, [{ code: 'fil.kodning', file: YAML_DISPLAY, ...at(inYaml.dir, 'rapport.yaml', '\u202E'), message: why }]);

    const inMarkdown = project();
    appendProse(inMarkdown.dir, `Resultatet blev \u202E-450 miljoner.\n`);
    await expectErrors(inMarkdown, [{ code: 'fil.kodning', file: MD_DISPLAY, ...at(inMarkdown.dir, MD, '\u202E'), message: why }]);
  }, 120_000);

  it('escaped in YAML, written as a character reference, or as an isolate or RLM, it is refused too', async () => {
    const escaped = project();
    replaceOnce(escaped.dir, 'rapport.yaml', '  - rubrik: Budget\n', '  - rubrik: "Budget \\u202E123"\n');
    await expectErrors(escaped, [{ code: 'yaml.tecken', file: YAML_DISPLAY, ...at(escaped.dir, 'rapport.yaml', '"Budget \\u202E'), message: /U\+202E/ }]);

    const reference = project();
    appendProse(reference.dir, 'Resultatet blev &#x202E;-450 miljoner, och `&#x202E;` i kod är bara text.\n');
    await expectErrors(reference, [
      { code: 'prosa.tecken', file: MD_DISPLAY, ...at(reference.dir, MD, '&#x202E;'), message: /U\+202E \(RIGHT-TO-LEFT OVERRIDE\) skrivet som teckenreferensen/ },
    ]);
    for (const [ch, name] of [['\u2067', 'RIGHT-TO-LEFT ISOLATE'], ['\u202B', 'RIGHT-TO-LEFT EMBEDDING'], ['\u200F', 'RIGHT-TO-LEFT MARK'], ['\uFDD0', 'icke-tecken'], ['\u{F0001}', 'privat tecken']] as const) {
      const { text, diagnostics } = decodeText(Buffer.from(`rad ett\nbelopp ${ch}100`), 'x.md');
      expect(text).toBeUndefined();
      expect(diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.column])).toEqual([['fil.kodning', 2, 8]]);
      expect(diagnostics[0]!.message).toContain(name);
    }
    // The left-to-right mark only keeps left-to-right text as written: accepted.
    expect(decodeText(Buffer.from('Ali\u200E 100 kr'), 'x.md').text).toBe('Ali\u200E 100 kr');
  }, 120_000);
});
