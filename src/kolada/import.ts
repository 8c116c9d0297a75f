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
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, stringify, type YAMLMap, type YAMLSeq } from 'yaml';
import { z } from 'zod';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../load/report-folder.js';
import { SourceMap } from '../load/source-map.js';
import { parseYamlSource } from '../load/yaml-file.js';
import { compileReport } from '../pipeline/compile.js';
import { validateAgainst } from '../validate/validate.js';

const Value = z.looseObject({
  gender: z.enum(['T', 'K', 'M']).describe('T totalt, K kvinnor, M män'),
  value: z.number().nullable(),
  status: z.string().nullable().optional(),
  isdeleted: z.boolean().optional(),
});

const Entry = z.looseObject({
  kpi: z.string().regex(/^[NU]\d{5}$/, 'ett Kolada-nyckeltal skrivs N eller U och fem siffror'),
  municipality: z.string().regex(/^\d{4}$/, 'kommunkoden är fyra siffror'),
  period: z.number().int().min(1990).max(2100),
  values: z.array(Value),
});

/** A v3 data response: `{ values: [...] }` (paged responses add count and next_url). A bare array is read as its values. */
export const KoladaResponse = z.looseObject({ values: z.array(Entry) });
export type KoladaEntry = z.output<typeof Entry>;

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
export function readKoladaResponse(file: string, cwd: string): { entries?: KoladaEntry[]; diagnostics: Diagnostic[] } {
  const display = displayPath(path.resolve(cwd, file), cwd);
  let source: string;
  try {
    source = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch {
    return { diagnostics: [diag('kolada.fil', 'error', `Kolada-svaret kan inte läsas: ${display}`)] };
  }
  // JSON is YAML: the YAML reader gives every value a position for the diagnostics.
  const { result, diagnostics } = parseYamlSource(source, display);
  if (!result) return { diagnostics };
  const sourceMap = new SourceMap(new Map([[display, result]]), new Map(), display);
  const data = Array.isArray(result.data) ? { values: result.data } : result.data;
  const { value, diagnostics: schema } = validateAgainst(KoladaResponse, { data, sourceMap });
  if (!value) return { diagnostics: [...diagnostics, ...schema] };
  const at = (p: (string | number)[]) => sourceMap.pos(Array.isArray(result.data) ? p.slice(1) : p);
  const out = [...diagnostics];
  const seen = new Map<string, { index: number; values: string }>();
  value.values.forEach((e, i) => {
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
  return { entries: value.values, diagnostics: out };
}

/** A number as YAML: at least the indicator's decimals (76 → "76.0"), never fewer digits than Kolada gave. */
function yamlNumber(v: number, decimals: number): string {
  const text = String(v);
  const written = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  return written < decimals ? v.toFixed(decimals) : text;
}

const scalar = (v: string) => stringify(v).trimEnd();
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
      for (const row of rows) {
        const by = (g: 'T' | 'K' | 'M') => row.values.find((v) => v.gender === g && !v.isdeleted);
        const t = by('T');
        const existing = items.find((it) => String(it.get('period')) === String(row.period));
        const num = (v: number) => yamlNumber(v, ind.decimaler);
        const kept = (k: string) => {
          const node = existing?.get(k, true);
          return isScalar(node) && typeof node.value === 'number' ? (node.source ?? String(node.value)) : undefined;
        };
        const fields: Fields = [['period', String(row.period)]];
        if (t && t.value !== null) {
          fields.push(['värde', num(t.value)]);
          const k = by('K');
          const m = by('M');
          const kv = k && k.value !== null ? num(k.value) : kept('kvinnor');
          const mv = m && m.value !== null ? num(m.value) : kept('män');
          if (kv !== undefined) fields.push(['kvinnor', kv]);
          if (mv !== undefined) fields.push(['män', mv]);
        } else {
          fields.push(['saknas', `{typ: saknas, orsak: ${scalar(`Inget värde i Kolada${t?.status ? ` (${t.status})` : ''}`)}}`]);
        }
        const note = existing?.get('not', true);
        if (isScalar(note)) fields.push(['not', scalar(String(note.value))]);
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
          changes.push({ file: displayPath(abs, cwd), indikator: ind.id, kpi: ind.kolada!, period: row.period, to: describe(fields) });
        }
      }
      edits.set(abs, fileEdits);
    }
  }
  for (const [abs, fileEdits] of edits) {
    if (fileEdits.length === 0) continue;
    let text = readFileSync(abs, 'utf8');
    // From the end, so earlier offsets stay valid; insertions at the same place keep their order.
    for (const e of [...fileEdits].map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    if (!options.dryRun) {
      writeFileSync(abs, text);
      written.push(displayPath(abs, cwd));
    }
  }
  return { changes, diagnostics, written };
}
