/**
 * `rapport kolada import <svar.json> [sökvägar…]`: fill indicator values from a Kolada API v3 data
 * response saved to a file (offline, reviewable in git). Indicators name their KPI with
 * `källa: { kolada: N00900 }`; the kommun is the profile's kommunkod (or --kommun). Values are
 * written into the YAML in place, keeping comments and formatting of everything else; a period
 * already present is updated, a new one is added in period order. Kolada's genders: T (totalt),
 * K (kvinnor), M (män); a null value becomes a typed missing value, never a number.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { z } from 'zod';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath } from '../load/report-folder.js';
import { SourceMap } from '../load/source-map.js';
import { parseYamlSource } from '../load/yaml-file.js';
import { compileReport } from '../pipeline/compile.js';
import { formatYamlSource } from '../fmt/format.js';
import { validateAgainst } from '../validate/validate.js';

const Value = z.strictObject({
  gender: z.enum(['T', 'K', 'M']),
  value: z.number().nullable(),
  count: z.number().optional(),
  status: z.string().nullable().optional(),
  isdeleted: z.boolean().optional(),
});

const Entry = z.looseObject({
  kpi: z.string().regex(/^[NU]\d{5}$/, 'ett Kolada-nyckeltal skrivs N eller U och fem siffror'),
  municipality: z.string().regex(/^\d{4}$/, 'kommunkoden är fyra siffror'),
  period: z.number().int().min(1990).max(2100),
  values: z.array(Value),
});

/** A v3 data response: `{ values: [...] }` (paged responses add count and next_url), or the array itself. */
export const KoladaResponse = z.union([z.looseObject({ values: z.array(Entry) }), z.array(Entry)]);
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

/** Read and validate a saved response; errors are located in the JSON file. */
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
  const { value, diagnostics: schema } = validateAgainst(KoladaResponse, { data: result.data, sourceMap });
  if (!value) return { diagnostics: [...diagnostics, ...schema] };
  return { entries: Array.isArray(value) ? value : value.values, diagnostics };
}

/** A typed missing value is written on one line, as the examples write it. */
function flowMaps<T>(node: T): T {
  if (isMap(node)) node.flow = true;
  return node;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v).replace('.', ','));

/** Fill the indicators of the given report folders from the entries. */
export function importKolada(entries: KoladaEntry[], folders: string[], cwd: string, options: { kommun?: string; dryRun?: boolean } = {}): ImportResult {
  const changes: ImportChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const written: string[] = [];
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
    const docs = new Map<string, Document>();
    for (const ind of targets) {
      const rows = entries.filter((e) => e.kpi === ind.kolada && e.municipality === kommun).sort((a, b) => a.period - b.period);
      if (rows.length === 0) {
        diagnostics.push(diag('kolada.saknas', 'warning', `Kolada-svaret har inga värden för ${ind.kolada} i kommun ${kommun} (indikatorn ${ind.id})`, compiled.loaded.sourceMap.pos([...ind.path, 'källa'])));
        continue;
      }
      const file = compiled.loaded.sourceMap.fileOf(ind.path);
      const abs = path.resolve(cwd, file);
      let doc = docs.get(abs);
      if (!doc) {
        doc = parseDocument(readFileSync(abs, 'utf8'), { keepSourceTokens: true });
        docs.set(abs, doc);
      }
      const indNode = doc.getIn(ind.path, true);
      if (!isMap(indNode)) continue;
      const utfall = indNode.get('utfall', true) as YAMLSeq | undefined;
      if (!isSeq(utfall)) continue;
      for (const row of rows) {
        const by = (g: 'T' | 'K' | 'M') => row.values.find((v) => v.gender === g && !v.isdeleted);
        const t = by('T');
        const k = by('K');
        const m = by('M');
        const existing = utfall.items.find((it) => isMap(it) && String((it as YAMLMap).get('period')) === String(row.period)) as YAMLMap | undefined;
        const before = existing ? `${fmt(existing.get('värde') as number | undefined)}` : undefined;
        const point: Record<string, unknown> =
          t && t.value !== null
            ? { period: row.period, värde: t.value, ...(k && k.value !== null ? { kvinnor: k.value } : {}), ...(m && m.value !== null ? { män: m.value } : {}) }
            : { period: row.period, saknas: { typ: 'saknas', orsak: `Inget värde i Kolada${t?.status ? ` (${t.status})` : ''}` } };
        const to = t && t.value !== null ? fmt(t.value) : 'saknas';
        if (existing) {
          const same = ['värde', 'kvinnor', 'män'].every((f) => existing.get(f) === point[f]) && !existing.has('saknas') === !point['saknas'];
          if (same) continue;
          for (const f of ['värde', 'kvinnor', 'män', 'saknas', 'täljare', 'nämnare']) existing.delete(f);
          for (const [f, v] of Object.entries(point)) if (f !== 'period') existing.set(f, flowMaps(doc.createNode(v)));
        } else {
          // Keep the periods in order: the last one is the report period's outcome.
          const index = utfall.items.findIndex((it) => isMap(it) && Number((it as YAMLMap).get('period')) > row.period);
          const node = doc.createNode(point) as YAMLMap;
          flowMaps(node.get('saknas', true));
          if (index < 0) utfall.items.push(node);
          else utfall.items.splice(index, 0, node);
        }
        changes.push({ file: displayPath(abs, cwd), indikator: ind.id, kpi: ind.kolada!, period: row.period, from: before, to });
      }
    }
    for (const [abs, doc] of docs) {
      if (!changes.some((c) => path.resolve(cwd, c.file) === abs)) continue;
      if (!options.dryRun) {
        // The same canonical form as rapport fmt: an import changes the values and nothing else.
        writeFileSync(abs, formatYamlSource(doc.toString({ lineWidth: 0, flowCollectionPadding: false }), displayPath(abs, cwd)).formatted);
        written.push(displayPath(abs, cwd));
      }
    }
  }
  return { changes, diagnostics, written };
}
