/**
 * `rapport kolada import <svar.json> [sökvägar…]`: fill indicator values from a Kolada API v3 data
 * response saved to a file (offline, reviewable in git). Indicators name their KPI with
 * `källa: { kolada: N00914 }`; the kommun is the profile's kommunkod (or --kommun).
 *
 * The YAML is edited as text: only the `utfall` items that change are rewritten (or inserted, in
 * year order), so comments, quoting and every other line stay byte for byte as they were. Kolada's
 * genders: T (totalt), K (kvinnor), M (män); a null value becomes a typed missing value, never a
 * number. Existing kvinnor/män values stay unless Kolada sends new ones; a value from Kolada is no
 * longer preliminary.
 *
 * The response is data from outside: it must be JSON of the expected shape (Zod below), every number
 * is written with exactly the decimal digits the response has (never rounded: 1e-7 is 0.0000001),
 * and every text is written as a YAML scalar that reads back as the same text. Before anything is
 * written, each changed file is read back and must hold exactly the intended values; the files are
 * then written together through temporary files (write-atomic.ts). Any error: nothing is written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parse, parseDocument, stringify, type YAMLMap, type YAMLSeq } from 'yaml';
import { z } from 'zod';
import { writeFilesAtomic } from '../build/write-atomic.js';
import { diag, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { toDecimal } from '../format/decimal.js';
import { formatNumber } from '../format/number.js';
import { displayPath } from '../load/report-folder.js';
import { SourceMap } from '../load/source-map.js';
import { CONTROL_CHARACTER, lineColumn, readTextFile } from '../load/text-file.js';
import { parseYamlSource } from '../load/yaml-file.js';
import { compileReport } from '../pipeline/compile.js';
import { validateAgainst } from '../schema/validate-against.js';

/** Largest response file read; a response for a few nyckeltal over some years is a few kilobytes. */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
/** A value is written with at most this many significant digits (a double holds 15 exactly) … */
export const MAX_DIGITS = 15;
/** … and at most this many decimals. */
export const MAX_DECIMALS = 10;
/** Longest status text (Kolada's are a word or two). */
export const MAX_STATUS = 200;

const Value = z.looseObject({
  gender: z.enum(['T', 'K', 'M']).describe('T totalt, K kvinnor, M män'),
  value: z.number().nullable(),
  status: z.string().max(MAX_STATUS).nullable().optional(),
  isdeleted: z.boolean().optional(),
});

const Entry = z.looseObject({
  kpi: z.string().regex(/^[NU]\d{5}$/, 'ett Kolada-nyckeltal skrivs N eller U och fem siffror'),
  municipality: z.string().regex(/^\d{4}$/, 'kommunkoden är fyra siffror'),
  period: z.number().int().min(1990).max(2100),
  // T, K and M, and deleted ones beside them: a handful.
  values: z.array(Value).max(30),
});

/** A v3 data response: `{ values: [...] }` (paged responses add count and next_url). A bare array is read as its values. */
export const KoladaResponse = z.looseObject({ values: z.array(Entry) });

export interface KoladaValue {
  gender: 'T' | 'K' | 'M';
  value: number | null;
  /** The value exactly as the response writes it, as a plain decimal ("1e-7" → "0.0000001"); null when the value is null. */
  decimal: string | null;
  status?: string | null;
  isdeleted?: boolean;
}
export interface KoladaEntry {
  kpi: string;
  municipality: string;
  period: number;
  values: KoladaValue[];
}

export interface ImportChange {
  file: string;
  indikator: string;
  kpi: string;
  period: number;
  from?: string;
  to: string;
}

export interface ImportResult {
  changes: ImportChange[];
  diagnostics: Diagnostic[];
  /** Files written (empty with dryRun). */
  written: string[];
}

/** Read and validate a saved response; errors (and conflicting duplicates) are located in the JSON file. */
export async function readKoladaResponse(file: string, cwd: string): Promise<{ entries?: KoladaEntry[]; diagnostics: Diagnostic[] }> {
  const display = displayPath(path.resolve(cwd, file), cwd);
  // UTF-8 without control characters, and bounded: as every text file the tool reads.
  const { text: source, diagnostics: read } = readTextFile(path.resolve(cwd, file), display, MAX_RESPONSE_BYTES);
  if (source === undefined) return { diagnostics: [diag('kolada.fil', 'error', `Kolada-svaret kan inte läsas: ${display}`), ...read] };
  // JSON is YAML: the YAML reader gives every value a position for the diagnostics.
  const { result, diagnostics } = parseYamlSource(source, display);
  if (!result) return { diagnostics };
  // … but YAML is more than JSON (comments, 0x10, unquoted words): Kolada sends JSON, and nothing else is read.
  const notJson = jsonProblem(source, display);
  if (notJson) return { diagnostics: [notJson] };
  const sourceMap = new SourceMap(new Map([[display, result]]), new Map(), display);
  const data = Array.isArray(result.data) ? { values: result.data } : result.data;
  const { value, diagnostics: schema } = validateAgainst(KoladaResponse, { data, sourceMap });
  if (!value) return { diagnostics: [...diagnostics, ...schema] };
  const base = (p: (string | number)[]) => (Array.isArray(result.data) ? p.slice(1) : p);
  // Printable ASCII is in every typeface; the PDF's typeface is loaded only for other characters.
  const exotic = value.values.some((e) => e.values.some((v) => typeof v.status === 'string' && /[^\x20-\x7e]/.test(v.status)));
  const font = exotic ? await import('../render/pdf/base/fonts.js') : undefined;
  const hasGlyph = (cp: number) => (cp >= 0x20 && cp <= 0x7e) || (font?.parsedFont(font.FALLBACK_FONT).hasGlyphForCodePoint(cp) ?? true);
  const at = (p: (string | number)[]) => sourceMap.pos(base(p));
  const out = [...diagnostics];
  const entries: KoladaEntry[] = value.values.map((e, i) => ({
    kpi: e.kpi,
    municipality: e.municipality,
    period: e.period,
    values: e.values.map((v, j) => {
      const where = ['values', i, 'values', j];
      let decimal: string | undefined;
      if (v.value !== null) {
        const raw = sourceMap.raw(base([...where, 'value'])) ?? String(v.value);
        decimal = plainDecimal(raw);
        const problem = decimal === undefined ? `värdet ${raw} är inget decimaltal` : digitsProblem(decimal, raw);
        if (problem) out.push(diag('kolada.tal', 'error', `${e.kpi} ${e.period} (${v.gender}): ${problem}`, at([...where, 'value'])));
      }
      if (typeof v.status === 'string') {
        const problem = textProblem(v.status, hasGlyph);
        if (problem) out.push(diag('kolada.text', 'error', `${e.kpi} ${e.period} (${v.gender}): status ${problem}`, at([...where, 'status'])));
      }
      return { gender: v.gender, value: v.value, decimal: decimal ?? null, status: v.status, isdeleted: v.isdeleted };
    }),
  }));
  const seen = new Map<string, { index: number; values: string }>();
  entries.forEach((e, i) => {
    const genders = e.values.filter((v) => !v.isdeleted).map((v) => v.gender);
    const twice = genders.find((g, j) => genders.indexOf(g) !== j);
    if (twice) out.push(diag('kolada.dubblett', 'error', `${e.kpi} ${e.period}: könet ${twice} förekommer två gånger i samma post`, at(['values', i, 'values'])));
    const key = `${e.kpi}|${e.municipality}|${e.period}`;
    const values = JSON.stringify(e.values.filter((v) => !v.isdeleted).map((v) => [v.gender, v.value]).sort());
    const first = seen.get(key);
    if (first && first.values !== values) {
      out.push(
        diag('kolada.dubblett', 'error', `${e.kpi} ${e.municipality} ${e.period} finns två gånger med olika värden; vilket som gäller går inte att avgöra`, at(['values', i, 'period']), [
          { message: 'först här', pos: at(['values', first.index, 'period']) },
        ]),
      );
    } else if (!first) seen.set(key, { index: i, values });
  });
  if (out.some((d) => d.severity === 'error')) return { diagnostics: out };
  return { entries, diagnostics: out };
}

/** Where the text stops being JSON (JSON.parse's position, as line and column), if it does. */
function jsonProblem(source: string, display: string): Diagnostic | undefined {
  try {
    JSON.parse(source);
    return undefined;
  } catch (error) {
    const offset = /position (\d+)/.exec((error as Error).message)?.[1];
    const pos = offset === undefined ? { line: 1, column: 1 } : lineColumn(source, Number(offset));
    return diag('kolada.json', 'error', 'Kolada-svaret är inte JSON (kommentarer, apostrofer, ord utan citattecken och hexadecimala tal är YAML men inte JSON); spara svaret igen med rapport kolada hamta', {
      file: display,
      ...pos,
    });
  }
}

/**
 * A JSON number as a plain decimal with exactly its digits: "1e-7" → "0.0000001", "7.83E1" → "78.3",
 * "78.30" → "78.30" (the written decimals are the value's precision). undefined for anything else.
 */
export function plainDecimal(raw: string): string | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(raw.trim());
  if (!m) return undefined;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  const shift = Number(exp);
  if (!Number.isSafeInteger(shift) || Math.abs(shift) > 400) return undefined;
  let digits = int + frac;
  // The decimal point sits after int.length + shift digits.
  let point = int.length + shift;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fraction = digits.slice(point);
  const text = fraction ? `${whole}.${fraction}` : whole;
  return /^[0.]+$/.test(text) ? text : sign + text; // -0 is 0
}

/** Why a plain decimal cannot go into a report as the response wrote it, if it cannot. */
function digitsProblem(decimal: string, raw: string): string | undefined {
  const [whole = '', fraction = ''] = decimal.replace('-', '').split('.');
  const significant = (whole + fraction).replace(/^0+/, '').length;
  if (fraction.length > MAX_DECIMALS) return `värdet ${raw} har ${fraction.length} decimaler; högst ${MAX_DECIMALS} förs in i en rapport (avrundas det ändras värdet)`;
  if (significant > MAX_DIGITS) return `värdet ${raw} har ${significant} siffror; högst ${MAX_DIGITS} förs in i en rapport exakt`;
  return undefined;
}

/** Why a text from the response cannot be printed as it is, if it cannot (control characters, line breaks, a character without a glyph). */
function textProblem(text: string, hasGlyph: (codePoint: number) => boolean): string | undefined {
  const hex = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  const control = /[\t\n\r\u2028\u2029]/.exec(text) ?? CONTROL_CHARACTER.exec(text);
  if (control) return `innehåller ${/[\n\r\u2028\u2029]/.test(control[0]) ? 'en radbrytning' : 'ett styrtecken'} (${hex(control[0])}); en status är ett ord eller två på en rad`;
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  if (lone) return `innehåller ett ensamt surrogat (${hex(lone[0])}), som inte är något tecken`;
  for (const ch of text) {
    if (!/\s/u.test(ch) && !hasGlyph(ch.codePointAt(0) ?? 0)) return `innehåller tecknet "${ch}" (${hex(ch)}), som PDF:ens typsnitt saknar`;
  }
  return undefined;
}

/** A number from Kolada as YAML: its exact digits, padded with zeros to the indicator's decimals (76 → "76.0"); never rounded. */
function yamlNumber(decimal: string, decimals: number): string {
  const dot = decimal.indexOf('.');
  const written = dot < 0 ? 0 : decimal.length - dot - 1;
  if (written >= decimals) return decimal;
  return `${decimal}${dot < 0 ? '.' : ''}${'0'.repeat(decimals - written)}`;
}

/**
 * A text as a YAML scalar that reads back as the same text both in a block mapping and inside { }:
 * plain where that is safe (Inget värde i Kolada (Saknas)), else double-quoted with escapes.
 */
export function yamlString(text: string): string {
  const plain = stringify(text, { lineWidth: 0 }).trimEnd();
  const same = (yaml: string) => {
    try {
      return isDeepStrictEqual(parse(yaml, { strict: true }), { k: text });
    } catch {
      return false;
    }
  };
  if (!plain.includes('\n') && !/^["']/.test(plain) && same(`k: ${plain}\n`) && same(`{k: ${plain}}\n`)) return plain;
  // JSON's string escapes are YAML's double-quoted ones; characters a report file may not hold are escaped too.
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

const show = (v: unknown) => (typeof v === 'number' ? String(v).replace('.', ',') : '–');

type Fields = [string, string][];

/** One utfall item as YAML text, in the style of its neighbours. */
function renderItem(fields: Fields, flow: boolean, indent: number): string {
  if (flow) return `{${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  return fields.map(([k, v], i) => `${i === 0 ? '' : ' '.repeat(indent)}${k}: ${v}`).join('\n');
}

/** Start of the line that holds `offset`. */
const lineStart = (source: string, offset: number) => source.lastIndexOf('\n', offset - 1) + 1;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Fill the indicators of the given report folders from the entries. */
export function importKolada(entries: KoladaEntry[], folders: string[], cwd: string, options: { kommun?: string; dryRun?: boolean } = {}): ImportResult {
  const changes: ImportChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const written: string[] = [];
  const edits = new Map<string, Edit[]>();
  const expected = new Map<string, { path: (string | number)[]; value: unknown[] }[]>();
  for (const folder of folders) {
    const { compiled, diagnostics: compileDiagnostics } = compileReport(folder, cwd);
    if (!compiled) {
      diagnostics.push(...compileDiagnostics.filter((d) => d.severity === 'error'));
      continue;
    }
    const kommun = options.kommun ?? compiled.profile.data.kommunkod;
    const targets = compiled.derived.indikatorer.filter((i) => i.kolada);
    if (targets.length === 0) continue;
    if (!kommun) {
      diagnostics.push(diag('kolada.kommun', 'error', `profilen för ${compiled.loaded.displayDir} anger ingen kommunkod; ange kommunkod i profil.yaml eller --kommun`, compiled.profile.sourceMap.pos(['organisation'])));
      continue;
    }
    for (const ind of targets) {
      const rows = entries.filter((e) => e.kpi === ind.kolada && e.municipality === kommun).sort((a, b) => a.period - b.period);
      const where = compiled.loaded.sourceMap.pos([...ind.path, 'källa']);
      if (rows.length === 0) {
        diagnostics.push(diag('kolada.saknas', 'warning', `Kolada-svaret har inga värden för ${ind.kolada} i kommun ${kommun} (indikatorn ${ind.id})`, where));
        continue;
      }
      if (!ind.points.every((p) => /^\d{4}$/.test(p.period))) {
        diagnostics.push(diag('kolada.period', 'warning', `indikatorn ${ind.id} har perioder som inte är år; Kolada-värden läggs bara in i en årsserie`, where));
        continue;
      }
      const abs = path.resolve(cwd, compiled.loaded.sourceMap.fileOf(ind.path));
      const source = readFileSync(abs, 'utf8');
      const doc = parseDocument(source);
      const utfall = doc.getIn([...ind.path, 'utfall'], true) as YAMLSeq | undefined;
      if (!isSeq(utfall) || utfall.items.length === 0) continue;
      const items = utfall.items.filter((it): it is YAMLMap => isMap(it));
      const flow = items.some((it) => it.flow);
      const first = items[0]!;
      const itemCol = first.range![0] - lineStart(source, first.range![0]);
      const fileEdits = edits.get(abs) ?? [];
      const replaced = new Map<YAMLMap, unknown>();
      const inserted: { before?: YAMLMap; value: unknown }[] = [];
      for (const row of rows) {
        const by = (g: 'T' | 'K' | 'M') => row.values.find((v) => v.gender === g && !v.isdeleted);
        const t = by('T');
        const existing = items.find((it) => String(it.get('period')) === String(row.period));
        const num = (v: KoladaValue) => {
          const text = yamlNumber(v.decimal!, ind.decimaler);
          // Written exactly; but a value the indicator's decimals show as zero would be read as zero.
          if (Number(text) !== 0 && /^[-−]?0(,0+)?$/.test(formatNumber(toDecimal(Number(text), text), { decimals: ind.decimaler }))) {
            diagnostics.push(
              diag(
                'kolada.decimaler',
                'warning',
                `${ind.kolada} ${row.period} (${v.gender}): värdet ${text.replace('.', ',')} visas som ${formatNumber(toDecimal(0), { decimals: ind.decimaler })} med indikatorns ${ind.decimaler} ${ind.decimaler === 1 ? 'decimal' : 'decimaler'} (indikatorn ${ind.id}); ange fler decimaler om värdet ska synas`,
                where,
              ),
            );
          }
          return text;
        };
        const kept = (k: string): [string, number] | undefined => {
          const node = existing?.get(k, true);
          return isScalar(node) && typeof node.value === 'number' ? [node.source ?? String(node.value), node.value] : undefined;
        };
        // Each field as YAML text, and the value that text must read back as (checked before writing).
        const fields: Fields = [];
        const intended: Record<string, unknown> = {};
        const add = (key: string, text: string, value: unknown) => {
          fields.push([key, text]);
          intended[key] = value;
        };
        add('period', String(row.period), row.period);
        if (t && t.value !== null) {
          add('värde', num(t), t.value);
          for (const [key, g] of [['kvinnor', 'K'], ['män', 'M']] as const) {
            const v = by(g);
            if (v && v.value !== null) add(key, num(v), v.value);
            else {
              const old = kept(key);
              if (old) add(key, old[0], old[1]);
            }
          }
        } else {
          const orsak = `Inget värde i Kolada${t?.status ? ` (${t.status})` : ''}`;
          add('saknas', `{typ: saknas, orsak: ${yamlString(orsak)}}`, { typ: 'saknas', orsak });
        }
        const note = existing?.get('not', true);
        if (isScalar(note)) add('not', yamlString(String(note.value)), String(note.value));
        const describe = (f: Fields) => {
          const get = (k: string) => f.find(([key]) => key === k)?.[1];
          const v = get('värde');
          const split = [get('kvinnor') && `K ${get('kvinnor')!.replace('.', ',')}`, get('män') && `M ${get('män')!.replace('.', ',')}`].filter(Boolean);
          return v === undefined ? 'saknas' : `${v.replace('.', ',')}${split.length ? ` (${split.join(', ')})` : ''}`;
        };
        if (existing) {
          const [start, end] = existing.range!;
          const text = renderItem(fields, existing.flow ?? false, itemCol);
          if (source.slice(start, end).trimEnd() === text) continue;
          replaced.set(existing, intended);
          const before = existing.has('saknas') ? '–' : show(existing.get('värde'));
          fileEdits.push({ start, end: start + source.slice(start, end).trimEnd().length, text });
          changes.push({ file: displayPath(abs, cwd), indikator: ind.id, kpi: ind.kolada!, period: row.period, from: before, to: describe(fields) });
        } else {
          // In year order: before the first later year, else after the last item.
          const later = items.find((it) => Number(it.get('period')) > row.period);
          const dash = ' '.repeat(Math.max(0, itemCol - 2));
          const text = `${dash}- ${renderItem(fields, flow, itemCol)}\n`;
          const last = items[items.length - 1]!;
          // The item's range can include the line break after it: search from its last character.
          const newline = source.indexOf('\n', source.slice(0, last.range![1]).trimEnd().length);
          const at = later ? lineStart(source, later.range![0]) : newline < 0 ? source.length : newline + 1;
          fileEdits.push({ start: at, end: at, text: newline < 0 && !later ? `\n${text}` : text });
          inserted.push({ before: later, value: intended });
          changes.push({ file: displayPath(abs, cwd), indikator: ind.id, kpi: ind.kolada!, period: row.period, to: describe(fields) });
        }
      }
      edits.set(abs, fileEdits);
      // The utfall list as it must read after the edits: replaced items, new ones before the first later year.
      const after: unknown[] = [];
      for (const it of utfall.items) {
        for (const n of inserted) if (n.before === it) after.push(n.value);
        after.push(isMap(it) && replaced.has(it) ? replaced.get(it) : (it as { toJS(doc: unknown): unknown }).toJS(doc));
      }
      for (const n of inserted) if (!n.before) after.push(n.value);
      const list = expected.get(abs) ?? [];
      list.push({ path: [...ind.path, 'utfall'], value: after });
      expected.set(abs, list);
    }
  }
  const files: [string, string][] = [];
  for (const [abs, fileEdits] of edits) {
    if (fileEdits.length === 0) continue;
    const source = readFileSync(abs, 'utf8');
    let text = source;
    // From the end, so earlier offsets stay valid; insertions at the same place keep their order.
    for (const e of [...fileEdits].map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    const problem = readsBack(source, text, expected.get(abs) ?? []);
    if (problem) diagnostics.push(diag('kolada.skrivning', 'error', `${displayPath(abs, cwd)} skulle inte läsas tillbaka med Kolada-svarets värden (${problem}); ingenting skrivs`));
    files.push([abs, text]);
  }
  // An error anywhere: no file is written (nor half of one); otherwise all of them together.
  if (!options.dryRun && !hasErrors(diagnostics) && files.length > 0) {
    try {
      writeFilesAtomic(files);
      written.push(...files.map(([abs]) => displayPath(abs, cwd)));
    } catch (error) {
      // A failure while the temporary files are written leaves every file as it was.
      diagnostics.push(diag('kolada.skrivning', 'error', `kan inte skriva ${files.map(([abs]) => displayPath(abs, cwd)).join(', ')}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`));
    }
  }
  return { changes, diagnostics, written };
}

/**
 * Does the edited text read (as rapport reads it) as the old data with exactly the expected utfall
 * lists, and nothing else changed? The reason when it does not.
 */
function readsBack(before: string, after: string, lists: { path: (string | number)[]; value: unknown[] }[]): string | undefined {
  const old = parseYamlSource(before, 'före');
  const edited = parseYamlSource(after, 'efter');
  if (!old.result) return 'filen kunde inte läsas före ändringen';
  if (!edited.result) return edited.diagnostics.map((d) => `${d.pos ? `rad ${d.pos.line}: ` : ''}${d.message}`).join('; ');
  const want = structuredClone(old.result.data) as Record<string | number, unknown>;
  for (const { path: at, value } of lists) {
    let node = want as Record<string | number, unknown>;
    for (const seg of at.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
    node[at[at.length - 1]!] = value;
  }
  return isDeepStrictEqual(edited.result.data, want) ? undefined : 'värdena skiljer sig från svarets';
}
