/**
 * Characters the PDF's typefaces cannot draw (pdf.tecken): every class of character, in a report
 * and in kommun.yaml, read back from the PDF. A character without a glyph is a located error with
 * exit code 1 and no output; one that is drawn never reaches the PDF as glyph 0 (.notdef, a box).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankGlyph, canDraw, isDefaultIgnorable, parsedFont, undrawable, type FontKey } from '../../src/render/pdf/base/fonts.js';
import { renderPdf } from '../../src/render/pdf/index.js';
import { copyExample, mutate, ROOT } from '../helpers.js';
import { pdfText, runCli, tempDir } from '../e2e/run-cli.js';
import { notdefCount } from '../pdf-glyphs.js';
import { STACK_TRACE } from './support.js';

const FACES: FontKey[] = [
  'sans', 'sans-bold', 'sans-italic', 'sans-bolditalic',
  'condensed', 'condensed-bold', 'condensed-italic', 'condensed-bolditalic',
  'mono', 'mono-bold', 'mono-italic', 'mono-bolditalic',
];

/** Letters of Swedish, Finnish, Meänkieli and the Sami languages (North, Lule, South, Inari, Skolt), as names need them. */
const NAME_LETTERS = 'ÅÄÖåäöÉéÜüŠšŽžÂâÕõÆæØøÁáČčĐđŊŋŦŧÏïǤǥǦǧǨǩǮǯƷʒʹʼĀāĒēĪīŌōŪū';
/** Sami, Finnish and Meänkieli names, with the modifier apostrophe (U+02BC) of Skolt Sami. */
const NAMES = ['Ánde Ŋuvttis', 'Đuođa Ŧoarvi', 'Žanna Čáhcesuolu', 'Ǥǥaivuotna', 'Ǯǯaarnik Ʒʒ', 'Äijä Tornionlaakso', 'Šakkilä', 'saaʹmǩiõll', 'kåʼdd'];

describe('what the PDF can draw', () => {
  it('every letter that Swedish, Finnish, Meänkieli and Sami names need', () => {
    expect(undrawable(NAME_LETTERS + NAMES.join(' '))).toEqual([]);
  });

  it('format characters that are drawn as nothing: soft hyphen, zero-width space, U+FEFF inside a word, joiners', () => {
    expect(undrawable('Sam\u00admansatt noll\u200bbredd in\ufeffuti a\u200cb a\u200db a\u2060b')).toEqual([]);
  });

  it('combining marks, the replacement character, no-break and thin spaces', () => {
    expect(undrawable('Sa\u0301pmi o\u0308 n\u0303 X\ufffdY 10\u00a0000 10\u2009000 10\u202f000 Ŋ\u0328')).toEqual([]);
  });

  it('whitespace without a glyph, separators drawn as nothing, emoji and CJK are not drawable', () => {
    expect(undrawable('a\u3000b\u2028c\u2029d🦄e漢f\ufffcg\u000bh\u0085i')).toEqual(['\u3000', '\u2028', '\u2029', '🦄', '漢', '\ufffc', '\u000b', '\u0085']);
  });

  it('a lone surrogate is not drawable', () => {
    expect(canDraw('\ud83e')).toBe(false);
  });

  it('the default-ignorable characters are those fontkit hides', () => {
    const font = parsedFont('sans') as unknown as { layout(text: string): unknown; _layoutEngine: { isDefaultIgnorable(cp: number): boolean } };
    font.layout('a');
    for (let cp = 0; cp <= 0x10ffff; cp += 1) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (isDefaultIgnorable(String.fromCodePoint(cp)) !== font._layoutEngine.isDefaultIgnorable(cp)) throw new Error(`U+${cp.toString(16)}`);
    }
  });

  it('every face has printable ASCII, Latin-1 and Latin Extended-A, which the layout sets without a lookup', () => {
    for (const face of FACES) {
      const font = parsedFont(face);
      for (let cp = 0x20; cp <= 0x17f; cp += 1) {
        if (cp > 0x7e && cp < 0xa0) continue;
        expect(font.hasGlyphForCodePoint(cp), `${face} U+${cp.toString(16)}`).toBe(true);
      }
    }
  });

  it('DejaVu Sans draws the punctuation that the check passes without a lookup (dashes, quotes, €, minus)', () => {
    const sans = parsedFont('sans');
    for (const [from, to] of [[0x2010, 0x2027], [0x2030, 0x205e], [0x20ac, 0x20ac], [0x2212, 0x2212]] as const) {
      for (let cp = from; cp <= to; cp += 1) {
        expect(sans.hasGlyphForCodePoint(cp) && !blankGlyph(String.fromCodePoint(cp)), `U+${cp.toString(16)}`).toBe(true);
      }
    }
  });
});

interface Built {
  code: number;
  stderr: string;
  out: string;
}

async function build(dir: string, args: string[] = ['build', '.']): Promise<Built> {
  const out = tempDir();
  const r = await runCli([...args, '--out', out], dir);
  return { code: r.code, stderr: r.stderr, out };
}

/** 1-based line and column (UTF-16 code units, as the tool counts) of a text in a file. */
function at(file: string, needle: string): string {
  const text = readFileSync(file, 'utf8');
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" not in ${file}`);
  const before = text.slice(0, index);
  return `${before.split('\n').length}:${before.length - before.lastIndexOf('\n')}`;
}

describe('pdf.tecken in a report', () => {
  it('whitespace without a glyph (U+3000), separators, emoji and CJK in prose are errors at the character; nothing is written', async () => {
    const dir = copyExample();
    mutate(dir, 'text/sammanfattning.md', 'När vi summerar', 'När\u3000vi summerar');
    mutate(dir, 'text/sammanfattning.md', 'Några delar', 'Några&#x2028;delar');
    mutate(dir, 'text/sammanfattning.md', 'Vi följer planen', 'Vi 🦄 följer planen');
    mutate(dir, 'text/sammanfattning.md', 'Våra verksamheter väljer', 'Våra &#28450; verksamheter väljer');
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const md = path.join(dir, 'text/sammanfattning.md');
    expect(r.stderr).toContain(`text/sammanfattning.md:${at(md, '\u3000')}: fel[pdf.tecken]: tecknet U+3000 (ett osynligt tecken) finns inte i PDF:ens typsnitt`);
    expect(r.stderr).toContain(`text/sammanfattning.md:${at(md, '&#x2028;')}: fel[pdf.tecken]: tecknet U+2028 (ett osynligt tecken) ritas som ingenting`);
    expect(r.stderr).toContain(`text/sammanfattning.md:${at(md, '🦄')}: fel[pdf.tecken]: tecknet "🦄" (U+1F984) finns inte i PDF:ens typsnitt`);
    expect(r.stderr).toContain(`text/sammanfattning.md:${at(md, '&#28450;')}: fel[pdf.tecken]: tecknet "漢" (U+6F22) finns inte i PDF:ens typsnitt`);
    expect(existsSync(path.join(r.out, 'rapport.pdf'))).toBe(false);
    expect(existsSync(path.join(r.out, 'rapport.html'))).toBe(false);
  }, 300_000);

  it('characters written as YAML escapes are errors at the escape', async () => {
    const dir = copyExample();
    mutate(dir, 'rapport.yaml', 'dnr: SEN/2023:35', 'dnr: "SEN/2023:35\\u3000"');
    mutate(dir, 'rapport.yaml', '  - Kommunledningskontoret', '  - "Kommunledningskontoret\\Lnästa rad"');
    mutate(dir, 'rapport.yaml', '  - Kommunstyrelsen', '  - "Kommunstyrelsen\\P"');
    mutate(dir, 'rapport.yaml', '  - Kommunrevision', '  - "Kommunrevision \\U0001F984 \\ufffc"');
    const r = await build(dir);
    expect(r.code).toBe(1);
    const yaml = path.join(dir, 'rapport.yaml');
    for (const [escape, label] of [['\\u3000', 'U+3000'], ['\\L', 'U+2028'], ['\\P', 'U+2029'], ['\\U0001F984', '"🦄" (U+1F984)'], ['\\ufffc', 'U+FFFC']] as const) {
      expect(r.stderr).toContain(`rapport.yaml:${at(yaml, escape)}: fel[pdf.tecken]: tecknet ${label}`);
    }
    expect(existsSync(path.join(r.out, 'rapport.pdf'))).toBe(false);
  }, 300_000);

  it('names in Sami, Finnish and Meänkieli, format characters and combining marks build; the PDF shows no .notdef glyph', async () => {
    const dir = copyExample();
    const text = `${NAMES.join(', ')}; kod: \`${NAMES.slice(0, 5).join(' ')}\`; Sam\u00admansatt, noll\u200bbredd, in\ufeffuti, X\ufffdY, Sa\u0301pmi, 10\u00a0000 och 10\u2009000.`;
    mutate(dir, 'text/sammanfattning.md', 'När vi summerar', `${text}\n\nNär vi summerar`);
    mutate(dir, 'rapport.yaml', 'namn: Jörgen Axelsson', 'namn: Ánde Ŋuvttis-Đuođa');
    const r = await build(dir);
    expect(r.stderr).not.toContain('fel[');
    expect(r.code).toBe(0);
    const pdf = path.join(r.out, 'rapport.pdf');
    const { notdef, glyphs } = notdefCount(pdf);
    expect(glyphs).toBeGreaterThan(10_000);
    expect(notdef).toBe(0);
    const extracted = pdfText(pdf).replace(/\s+/g, ' ');
    for (const name of [...NAMES, 'Ánde Ŋuvttis-Đuođa', 'Sammansatt', 'nollbredd', 'inuti']) expect(extracted).toContain(name);
  }, 300_000);
});

describe('the PDF renderer', () => {
  it('writes no PDF with a .notdef glyph, whatever reaches it unchecked', async () => {
    const render = (body: string) =>
      renderPdf(`<!doctype html><html lang="sv"><head><title>t</title></head><body><h1>Rubrik</h1><p>${body}</p></body></html>`, {
        title: 't', date: new Date(0), runningHeader: 'Sidhuvud', runningFooter: 'Sidfot', standard: 'none',
      });
    await expect(render('Tecknet 漢 och\u3000detta')).rejects.toThrow(/"漢" \(U\+6F22\).*U\+3000/);
    await expect(render('<code>Ǥǥ</code> och Ǯǯ')).resolves.toBeInstanceOf(Buffer);
  }, 120_000);
});

/** The Eskilstuna kommun with only Servicenämnden: one report to render beside the sammanställning. */
function kommunProject(): { root: string; kommun: string; out: string } {
  const project = mkdtempSync(path.join(tmpdir(), 'rapport-kommun-'));
  const root = path.join(project, 'eskilstuna');
  mkdirSync(root);
  const examples = path.join(ROOT, 'examples', 'eskilstuna');
  cpSync(path.join(examples, 'profil.yaml'), path.join(root, 'profil.yaml'));
  cpSync(path.join(examples, 'servicenamnden-dr2-2023'), path.join(root, 'servicenamnden-dr2-2023'), { recursive: true });
  const kommun = path.join(root, 'kommun.yaml');
  const text = readFileSync(path.join(examples, 'kommun.yaml'), 'utf8');
  const avn = /  - rapport: arbetsmarknadsnamnden-dr2-2023\n.*\n/;
  expect(text).toMatch(avn);
  writeFileSync(kommun, text.replace(avn, ''));
  const out = path.join(project, 'ut');
  mkdirSync(out);
  return { root, kommun, out };
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text.split(from).length - 1).toBe(1);
  writeFileSync(file, text.replace(from, to));
}

describe('pdf.tecken in kommun.yaml', () => {
  it('builds when its texts are drawable', async () => {
    const { root, kommun, out } = kommunProject();
    edit(kommun, 'rubrik: Sammanställning delårsrapport 2 2023', 'rubrik: Sammanställning delårsrapport 2 2023 – Sámi ŋ đ ŧ ž á ʼ');
    const r = await runCli(['build', '.', '--out', out], root);
    expect(r.stderr).not.toContain('fel[');
    expect(r.code).toBe(0);
    const pdf = path.join(out, 'sammanstallning.pdf');
    expect(notdefCount(pdf).notdef).toBe(0);
    expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain('Sámi ŋ đ ŧ ž á ʼ');
  }, 300_000);

  it('a character without a glyph in rubrik is an error at the character; the sammanställning is not written', async () => {
    const { root, kommun, out } = kommunProject();
    edit(kommun, 'rubrik: Sammanställning delårsrapport 2 2023', 'rubrik: Sammanställning 漢 delårsrapport 2 2023 🦄');
    // An earlier build's sammanställning: it no longer matches its source.
    writeFileSync(path.join(out, 'sammanstallning.pdf'), '%PDF-1.7 förra bygget');
    writeFileSync(path.join(out, 'sammanstallning.html'), '<p>förra bygget</p>');
    const r = await runCli(['build', '.', '--out', out], root);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toContain(`kommun.yaml:${at(kommun, '漢')}: fel[pdf.tecken]: tecknet "漢" (U+6F22) finns inte i PDF:ens typsnitt`);
    expect(r.stderr).toContain(`kommun.yaml:${at(kommun, '🦄')}: fel[pdf.tecken]: tecknet "🦄" (U+1F984) finns inte i PDF:ens typsnitt`);
    expect(existsSync(path.join(out, 'sammanstallning.pdf'))).toBe(false);
    expect(existsSync(path.join(out, 'sammanstallning.html'))).toBe(false);
  }, 300_000);

  it('check finds it too: at an escape in a quoted value and inside a block scalar, in any text of the file', async () => {
    const { root, kommun } = kommunProject();
    edit(kommun, 'rubrik: Sammanställning delårsrapport 2 2023', 'rubrik: "Sammanställning \\u3000delårsrapport 2 2023"');
    edit(kommun, 'kommun: Eskilstuna', 'kommun: Eskilstuna\u2029');
    edit(kommun, '    text: Kommunkoncernen säkerställer ett samordnat arbete mot välfärdsbrott i samverkan med andra myndigheter.',
      '    text: |\n      Kommunkoncernen säkerställer ett samordnat arbete\n      mot välfärdsbrott 漢 i samverkan med andra myndigheter.');
    edit(kommun, 'ansvar: [KS, SBN, MRN, SEN, TSN, alla bolag]', 'ansvar: [KS, SBN, MRN, SEN, TSN, "alla bolag \\U0001F984"]');
    const r = await runCli(['check', '.'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`kommun.yaml:${at(kommun, '\\u3000')}: fel[pdf.tecken]: tecknet U+3000`);
    expect(r.stderr).toContain(`kommun.yaml:${at(kommun, '\u2029')}: fel[pdf.tecken]: tecknet U+2029`);
    expect(r.stderr).toContain(`kommun.yaml:${at(kommun, '漢')}: fel[pdf.tecken]: tecknet "漢"`);
    expect(r.stderr).toContain(`kommun.yaml:${at(kommun, '\\U0001F984')}: fel[pdf.tecken]: tecknet "🦄"`);
  }, 300_000);
});
