/**
 * Finding, loading and asking the organisation profile. A report uses the nearest profil.yaml in
 * its folder's ancestors, else the standard profile shipped beside the default templates.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { hex as contrastRatio } from 'wcag-contrast';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { displayPath, isInside } from '../load/report-folder.js';
import { readTextFile } from '../load/text-file.js';
import { readBounded } from '../load/snapshot.js';
import { SourceMap } from '../load/source-map.js';
import { MAX_FILE_BYTES, parseYamlSource } from '../load/yaml-file.js';
import { DEFAULT_TEMPLATES } from '../load/package.js';
import { validateAgainst } from '../schema/validate-against.js';
import { DriftKolumn, InvKolumn, RrKolumn, SammandragKolumn } from '../schema/money-tables.js';
import { RULES } from '../diagnostics/rules.js';
import { didYouMean, suggestion } from '../diagnostics/did-you-mean.js';
import type { Krav } from '../schema/absent.js';
import { ENTITY_KRAV, type KravEntity, type NodeKravField, ProfileSchema, SCALED_FIELDS, type Level, type ProfileData, type Scale, type TableKind, type Tecken } from '../schema/profile.js';

export const PROFILE_FILE = 'profil.yaml';

/** The columns each kind of money table can show. */
const TABLE_COLUMNS: Record<TableKind, readonly string[]> = {
  resultaträkning: RrKolumn.options,
  driftredovisning: DriftKolumn.options,
  investeringsredovisning: InvKolumn.options,
  sammandrag: SammandragKolumn.options,
};
export const STANDARD_PROFILE = path.join(DEFAULT_TEMPLATES, PROFILE_FILE);

/** Fields every goal node can have; a level key may not reuse one. */
export const NODE_FIELDS = ['id', 'namn', 'rubrik', 'beskrivning', 'text', 'kommentar', 'ursprung', 'bedömning', 'trend', 'status', 'färdiggrad', 'ansvar', 'katalog', 'indikatorer', 'tabeller', 'sammanställning'] as const;

export type ReportKind = 'delårsrapport' | 'verksamhetsberättelse';

export interface ScaleValueView {
  key: string;
  symbol: string;
  color: string;
  text: string;
  legend: string;
  mening?: string;
}

export class Profile {
  constructor(
    readonly data: ProfileData,
    /** Absolute path of the profile file. */
    readonly file: string,
    /** Positions in the profile file, for diagnostics that point into it. */
    readonly sourceMap: SourceMap,
  ) {}

  get dir(): string {
    return path.dirname(this.file);
  }

  get rootKeys(): string[] {
    return this.data.målstruktur.rot;
  }

  level(key: string): Level {
    const level = this.data.målstruktur.nivåer[key];
    // checkProfile guarantees every level the profile names; a miss here is a fault in the tool.
    if (!level) throw new Error(`profilen ${this.file} har ingen nivå "${key}" under målstruktur.nivåer`);
    return level;
  }

  /** Every level key, in hierarchy order (depth first from the roots). */
  get levelKeys(): string[] {
    const out: string[] = [];
    const visit = (k: string) => {
      if (out.includes(k)) return;
      out.push(k);
      for (const c of this.level(k).undernivåer) visit(c);
    };
    for (const r of this.rootKeys) visit(r);
    return out;
  }

  /** How a goal level's field must be given: the level's krav, else valfritt when listed in valfria, else anges. */
  requirement(levelKey: string, field: NodeKravField): Krav {
    return levelRequirement(this.level(levelKey), field);
  }

  /** How a field outside the goal tree (indikator, risk, kontrollmoment, aktivitet) must be given. */
  entityRequirement<E extends KravEntity>(entity: E, field: keyof (typeof ENTITY_KRAV)[E] & string): Krav {
    const own = (this.data.krav[entity] as Partial<Record<string, Krav>>)[field];
    return own ?? (ENTITY_KRAV[entity] as Record<string, Krav>)[field]!;
  }

  scale(id: string): Scale {
    const scale = this.data.skalor[id];
    // checkProfile guarantees every scale a level, förklaring or the tool (TOOL_SCALES) names.
    if (!scale) throw new Error(`profilen ${this.file} har ingen skala "${id}" under skalor`);
    return scale;
  }

  scaleKeys(id: string): string[] | undefined {
    const scale = this.data.skalor[id];
    return scale ? Object.keys(scale.värden) : undefined;
  }

  hasScale(id: string): boolean {
    return id in this.data.skalor;
  }

  /** A scale value as shown in a report of the given kind. */
  value(scaleId: string, key: string, kind: ReportKind): ScaleValueView {
    const v = this.scale(scaleId).värden[key];
    if (!v) throw new Error(`skalan "${scaleId}" i profilen ${this.file} har inget värde "${key}"`);
    const tense = (t: string | { delår: string; helår: string } | undefined) =>
      t === undefined ? undefined : typeof t === 'string' ? t : kind === 'delårsrapport' ? t.delår : t.helår;
    return { key, symbol: v.symbol, color: v.färg, text: tense(v.text) as string, legend: v.förklaring, mening: tense(v.mening) };
  }

  values(scaleId: string, kind: ReportKind): ScaleValueView[] {
    return Object.keys(this.scale(scaleId).värden).map((k) => this.value(scaleId, k, kind));
  }

  /** Column heading templates for a report kind ({år}, {fg}, {månad}, {Månad} filled in by derive/labels). */
  columnTemplates(kind: ReportKind): Record<string, string> {
    return this.data.rapporttyper[kind].kolumner;
  }

  /** The columns a table of this kind shows in a report of this kind, when it does not list its own. */
  defaultColumns(report: ReportKind, table: TableKind): string[] | undefined {
    return this.data.rapporttyper[report].tabeller[table];
  }

  tecken(kind: TableKind, own?: Tecken): Tecken {
    return own ?? this.data.tecken[kind];
  }

  /** The profile's severity for a rule code, or undefined to keep the rule's own. */
  severity(code: string): 'error' | 'warning' | 'note' | 'off' | undefined {
    const s = this.data.regler[code];
    return s === undefined ? undefined : s === 'fel' ? 'error' : s === 'varning' ? 'warning' : s === 'not' ? 'note' : 'off';
  }
}

/** How a level's field must be given (see Profile.requirement). */
export function levelRequirement(level: Pick<Level, 'krav' | 'valfria'>, field: NodeKravField): Krav {
  return level.krav[field] ?? (level.valfria.includes(field) ? 'valfritt' : 'anges');
}

/** Whether a level has a field at all (kommentar.datum: every level, since every node may have a kommentar). */
function levelHasField(level: Level, field: NodeKravField): boolean {
  if (field === 'kommentar.datum') return true;
  if (field === 'färdiggrad') return level.färdiggrad !== undefined;
  if (field === 'ansvar') return level.ansvar;
  return level[field] !== undefined;
}

/** The nearest profil.yaml in `reportDir` or its ancestors; the standard profile when there is none. */
export function findProfile(reportDir: string): string {
  let dir = path.resolve(reportDir);
  for (;;) {
    const candidate = path.join(dir, PROFILE_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return STANDARD_PROFILE;
    dir = parent;
  }
}

function realpathOr(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

const cache = new Map<string, { source: string; result: { profile?: Profile; diagnostics: Diagnostic[] } }>();

/** Read, validate and cross-check a profile file. Cached by content, so watch mode sees edits. */
export function loadProfile(file: string, cwd = process.cwd()): { profile?: Profile; diagnostics: Diagnostic[] } {
  const abs = path.resolve(cwd, file);
  const display = displayPath(abs, cwd);
  // A profile found beside or above a report is read only when it is a file of its own folder: a
  // committed link profil.yaml → /etc/passwd is refused, not read (and never shown in an excerpt).
  if (abs !== STANDARD_PROFILE && !isInside(realpathOr(path.dirname(abs)), abs)) {
    return { diagnostics: [diag('fil.utanför', 'error', 'profilen pekar ut ur sin mapp (symbolisk länk) och läses inte', { file: display, line: 1, column: 1 })] };
  }
  const read = readTextFile(abs, display, MAX_FILE_BYTES);
  if (read.text === undefined) return { diagnostics: read.diagnostics };
  const source = read.text;
  const key = `${abs}\u0000${display}`;
  const hit = cache.get(key);
  if (hit && hit.source === source) return hit.result;
  const result = parseProfile(source, abs, display);
  cache.set(key, { source, result });
  return result;
}

function parseProfile(source: string, abs: string, display: string): { profile?: Profile; diagnostics: Diagnostic[] } {
  const { result, diagnostics: yamlDiagnostics } = parseYamlSource(source, display);
  const diagnostics = yamlDiagnostics.map(asProfileDiagnostic);
  if (!result) return { diagnostics };
  const sourceMap = new SourceMap(new Map([[display, result]]), new Map(), display);
  const { value, diagnostics: schemaDiagnostics } = validateAgainst(ProfileSchema, { data: result.data ?? {}, sourceMap });
  if (!value) return { diagnostics: [...diagnostics, ...schemaDiagnostics.map(asProfileDiagnostic)] };
  const semantic = [...toolScales(value, sourceMap, abs), ...checkProfile(value, sourceMap)];
  if (semantic.length > 0) return { diagnostics: [...diagnostics, ...semantic] };
  return { profile: new Profile(value, abs, sourceMap), diagnostics };
}

/**
 * A schema diagnostic in profil.yaml under the profile's own codes: a missing part is profil.saknas,
 * any other schema error profil.struktur (docs/profil.md, "Vad en profil måste innehålla").
 */
function asProfileDiagnostic(d: Diagnostic): Diagnostic {
  if (!d.code.startsWith('schema.')) return d;
  return { ...d, code: d.code === 'schema.saknas' ? 'profil.saknas' : 'profil.struktur' };
}

/**
 * Scales that no level names but the tool looks up by name: the internkontroll's kontrollmoment are
 * assessed in `kontroll`, the bilagor's activities in `aktivitet`. A profile without one has the
 * standard profile's, so a report's section is never shown in a scale that does not exist.
 */
export const TOOL_SCALES: Readonly<Record<string, string>> = {
  kontroll: 'internkontrollens kontrollmoment bedöms i den',
  aktivitet: 'bilagornas aktiviteter har sin status i den',
};

let standardScales: Record<string, Scale> | undefined;

/** The standard profile's scales: the tool's own file, read once and outside any build's snapshot (it is no report's source). */
function standardProfileScales(): Record<string, Scale> {
  if (!standardScales) {
    const read = readBounded(STANDARD_PROFILE, MAX_FILE_BYTES);
    standardScales = (read.bytes && parseProfile(read.bytes.toString('utf8'), STANDARD_PROFILE, PROFILE_FILE).profile?.data.skalor) || {};
  }
  return standardScales;
}

/** Fills in the TOOL_SCALES a profile lacks from the standard profile; the standard profile itself must have them. */
function toolScales(p: ProfileData, map: SourceMap, abs: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [id, use] of Object.entries(TOOL_SCALES)) {
    if (id in p.skalor) continue;
    const standard = abs === STANDARD_PROFILE ? undefined : standardProfileScales()[id];
    if (standard) p.skalor[id] = standard;
    else out.push(diag('profil.saknas', 'error', `skalan "${id}" saknas under skalor; ${use}`, map.keyPos(['skalor'])));
  }
  return out;
}

/** What the schema cannot say: references between levels and scales, cycles, the ej_bedömd value, contrast. */
function checkProfile(p: ProfileData, map: SourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  const levels = p.målstruktur.nivåer;
  const err = (message: string, at: (string | number)[]) => out.push(diag('profil.struktur', 'error', message, map.pos(at)));
  /** A part the tool looks up is missing: at the key that names it, or the mapping that should hold it. */
  const missing = (message: string, at: (string | number)[]) => out.push(diag('profil.saknas', 'error', message, map.keyPos(at)));
  // A name that is not there: the nearest one that is, else the names there are.
  const hint = (word: string, names: string[]) => suggestion(word, names) || (names.length > 0 ? ` (finns: ${names.join(', ')})` : '');
  const levelNames = Object.keys(levels);
  const scaleNames = Object.keys(p.skalor);
  p.målstruktur.rot.forEach((k, i) => {
    if (!(k in levels)) err(`nivån "${k}" finns inte under målstruktur.nivåer${hint(k, levelNames)}`, ['målstruktur', 'rot', i]);
  });
  for (const [k, level] of Object.entries(levels)) {
    if ((NODE_FIELDS as readonly string[]).includes(k)) err(`"${k}" är ett fält i varje målnod och kan inte vara en nivå`, ['målstruktur', 'nivåer', k]);
    level.undernivåer.forEach((c, i) => {
      if (!(c in levels)) err(`undernivån "${c}" finns inte under målstruktur.nivåer${hint(c, levelNames)}`, ['målstruktur', 'nivåer', k, 'undernivåer', i]);
    });
    for (const field of SCALED_FIELDS) {
      const scale = level[field];
      if (scale !== undefined && !(scale in p.skalor)) err(`skalan "${scale}" finns inte under skalor${hint(scale, scaleNames)}`, ['målstruktur', 'nivåer', k, field]);
    }
    level.valfria.forEach((f, i) => {
      if (!levelHasField(level, f)) err(`"${f}" är valfritt men nivån har inget fält ${f}`, ['målstruktur', 'nivåer', k, 'valfria', i]);
    });
    for (const f of Object.keys(level.krav) as NodeKravField[]) {
      if (!levelHasField(level, f)) err(`krav för "${f}" men nivån har inget fält ${f}`, ['målstruktur', 'nivåer', k, 'krav', f]);
      else if (level.valfria.includes(f)) err(`"${f}" står både under valfria och krav; ange det på ett ställe`, ['målstruktur', 'nivåer', k, 'krav', f]);
    }
  }
  // Each level has one place in the tree: listed once, under one parent (or as a root), reachable.
  const parentOf = new Map<string, (string | number)[]>();
  const place = (k: string, at: (string | number)[]) => {
    const earlier = parentOf.get(k);
    if (earlier) err(`nivån "${k}" står redan på ett annat ställe i målstrukturen; varje nivå har en plats, annars räknas noderna två gånger`, at);
    else parentOf.set(k, at);
  };
  p.målstruktur.rot.forEach((k, i) => place(k, ['målstruktur', 'rot', i]));
  for (const [k, level] of Object.entries(levels)) level.undernivåer.forEach((c, i) => place(c, ['målstruktur', 'nivåer', k, 'undernivåer', i]));
  for (const k of Object.keys(levels)) {
    if (!parentOf.has(k)) err(`nivån "${k}" nås inte från målstruktur.rot eller någon nivås undernivåer`, ['målstruktur', 'nivåer', k]);
  }
  for (const code of Object.keys(p.regler)) {
    if (!(code in RULES)) {
      const best = didYouMean(code, Object.keys(RULES));
      err(`regeln "${code}" finns inte${best ? `; menade du "${best}"?` : ''}`, ['regler', code]);
    }
  }
  // No level may contain itself: the report's goal tree must be finite.
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (k: string, trail: string[]): void => {
    if (done.has(k) || !(k in levels)) return;
    if (visiting.has(k)) {
      err(`målstrukturen är cirkulär: ${[...trail, k].join(' → ')}`, ['målstruktur', 'nivåer', k]);
      return;
    }
    visiting.add(k);
    for (const c of levels[k]?.undernivåer ?? []) visit(c, [...trail, k]);
    visiting.delete(k);
    done.add(k);
  };
  for (const k of Object.keys(levels)) visit(k, []);
  const sr = p.målstruktur.statusräkning;
  if (sr) {
    const level = levels[sr.nivå];
    if (!level) err(`nivån "${sr.nivå}" finns inte under målstruktur.nivåer${hint(sr.nivå, levelNames)}`, ['målstruktur', 'statusräkning', 'nivå']);
    else if (!level.status) err(`nivån "${sr.nivå}" har ingen status att räkna`, ['målstruktur', 'statusräkning', 'nivå']);
  }
  for (const typ of ['delårsrapport', 'verksamhetsberättelse'] as const) {
    const headings = p.rapporttyper[typ].kolumner;
    for (const [kind, cols] of Object.entries(p.rapporttyper[typ].tabeller)) {
      const allowed = TABLE_COLUMNS[kind as TableKind];
      (cols ?? []).forEach((c, i) => {
        if (!allowed.includes(c)) err(`"${c}" är ingen kolumn i ${kind} (finns: ${allowed.join(', ')})`, ['rapporttyper', typ, 'tabeller', kind, i]);
        // A standard column is printed under the profile's heading: without one the table would print its key.
        else if (headings[c] === undefined) {
          missing(`kolumnen "${c}" har ingen rubrik: ange ${c} under rapporttyper.${typ}.kolumner`, ['rapporttyper', typ, 'tabeller', kind, i]);
        }
      });
    }
  }
  p.målstruktur.förklaring.forEach((s, i) => {
    if (!(s in p.skalor)) err(`skalan "${s}" finns inte under skalor${hint(s, scaleNames)}`, ['målstruktur', 'förklaring', i]);
  });
  for (const [id, scale] of Object.entries(p.skalor)) {
    // A report's value is checked against the scale's values: a scale without values would take any word.
    if (Object.keys(scale.värden).length === 0) missing(`skalan "${id}" har inga värden; ange minst ett under värden`, ['skalor', id, 'värden']);
    if (scale.ej_bedömd !== undefined && !(scale.ej_bedömd in scale.värden)) {
      err(`skalan "${id}" saknar värdet "${scale.ej_bedömd}" som ej_bedömd pekar på`, ['skalor', id, 'ej_bedömd']);
    }
    for (const [v, value] of Object.entries(scale.värden)) {
      const ratio = contrastRatio(value.färg, '#ffffff');
      if (ratio < 4.5) {
        out.push(
          diag('profil.kontrast', 'error', `färgen ${value.färg} har kontrasten ${ratio.toFixed(2).replace('.', ',')}:1 mot vitt; symboler och text kräver minst 4,5:1`, map.pos(['skalor', id, 'värden', v, 'färg'])),
        );
      }
    }
  }
  return out;
}
