/** Data against a schema of the format (report, profile, theme, kommun.yaml): every Zod issue becomes a located Swedish diagnostic. */
import type { z } from 'zod';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceMap } from '../load/source-map.js';
import type { Path, PathSeg } from '../load/yaml-file.js';
import { suggestion } from '../diagnostics/did-you-mean.js';
import { SAKNAS } from './absent.js';
import { childSchema, unwrap, unwrapToObject } from './walk.js';

type AnySchema = z.core.$ZodType;

/** The data and where it came from: a report folder, or a single YAML file such as a theme. */
interface Source {
  data: unknown;
  sourceMap: SourceMap;
}

/** Validate data against any schema of the format; every issue becomes a located diagnostic. */
export function validateAgainst<S extends z.ZodType>(schema: S, source: Source): { value?: z.output<S>; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(source.data);
  if (result.success) return { value: result.data, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.error.issues) diagnostics.push(...issueToDiagnostics(issue, source, schema));
  return { diagnostics: dedupe(diagnostics) };
}

function missingKey(path: PathSeg[], loaded: Source, schema: AnySchema): Diagnostic {
  const key = path[path.length - 1];
  // A field the profile says must be given (krav: anges) may be "uppgift saknas": say so.
  const hint = acceptsSaknas(schemaAt(schema, path)) ? ` (skriv "${SAKNAS}" om rapporten inte anger det)` : '';
  return diag(
    'schema.saknas',
    'error',
    typeof key === 'number'
      ? `element ${key + 1} saknas`
      : `obligatorisk nyckel "${String(key ?? '')}" saknas${path.length > 1 ? ` i ${describePath(path.slice(0, -1))}` : ''}${hint}`,
    loaded.sourceMap.keyPos(path),
  );
}

function schemaAt(schema: AnySchema, path: Path): AnySchema | undefined {
  let cur: AnySchema | undefined = schema;
  for (const seg of path) cur = cur ? childSchema(cur, seg) : undefined;
  return cur;
}

/** Does the schema take the words "uppgift saknas" (a field under krav anges or valfritt)? */
function acceptsSaknas(schema: AnySchema | undefined): boolean {
  if (!schema) return false;
  const def = (unwrap(schema) as unknown as { _zod: { def: { type: string; options?: AnySchema[]; entries?: Record<string, string>; values?: unknown[] } } })._zod.def;
  if (def.type === 'enum') return Object.values(def.entries ?? {}).includes(SAKNAS);
  if (def.type === 'literal') return (def.values ?? []).includes(SAKNAS);
  if (def.type === 'union') return (def.options ?? []).some((o) => acceptsSaknas(o));
  return false;
}

function issueToDiagnostics(issue: z.core.$ZodIssue, loaded: Source, schema: AnySchema): Diagnostic[] {
  const map = loaded.sourceMap;
  const path = issue.path as PathSeg[];
  const where = describePath(path);
  // Zod reports a missing enum or union value as an invalid value: it is a missing key.
  if (issue.code !== 'unrecognized_keys' && path.length > 0 && valueAt(loaded.data, path) === undefined) {
    return [missingKey(path, loaded, schema)];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, path);
      return issue.keys.map((key) =>
        diag('schema.okänd-nyckel', 'error', `okänd nyckel "${key}"${where ? ` i ${where}` : ''}${splitByComma(loaded, [...path, key]) ? COMMA_HINT : suggestion(key, known)}`, map.keyPos([...path, key])),
      );
    }
    case 'invalid_type': {
      const value = valueAt(loaded.data, path);
      return [diag('schema.typ', 'error', `${where}: förväntade ${typeName(issue.expected)}, fick ${describeValue(value)}${typeHint(issue.expected, value)}${requiresValue(value)}`, map.pos(path))];
    }
    case 'invalid_value': {
      const value = valueAt(loaded.data, path);
      const allowed = issue.values.map(String);
      return [
        diag(
          'schema.värde',
          'error',
          `${where}: ogiltigt värde ${describeValue(value)}; tillåtna värden: ${allowed.join(', ')}${typeof value === 'string' ? suggestion(value, allowed) : ''}${requiresValue(value)}`,
          map.pos(path),
        ),
      ];
    }
    case 'invalid_format': {
      const value = valueAt(loaded.data, path);
      const message =
        issue.format === 'date'
          ? `${describeValue(value)} är inte ett datum ÅÅÅÅ-MM-DD som finns i kalendern`
          : issue.format === 'regex'
            ? `${describeValue(value)} har fel form: ${issue.message}`
            : `${describeValue(value)} är inte ${issue.format}`;
      return [diag('schema.format', 'error', `${where}: ${message}`, map.pos(path))];
    }
    case 'too_small':
    case 'too_big': {
      const value = valueAt(loaded.data, path);
      const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const text = Array.isArray(value)
        ? issue.code === 'too_small'
          ? `listan måste ha minst ${bound} element`
          : `listan får ha högst ${bound} element`
        : issue.code === 'too_small'
          ? `värdet ${describeValue(value)} är mindre än ${bound}`
          : `värdet ${describeValue(value)} är större än ${bound}`;
      return [diag('schema.gräns', 'error', `${where}: ${text}`, map.pos(path))];
    }
    case 'invalid_union': {
      const value = valueAt(loaded.data, path);
      // A value or "uppgift saknas": say what is wrong with the value, and that the words are allowed too.
      const branches = issue.errors as z.core.$ZodIssue[][];
      const isSaknasBranch = (b: z.core.$ZodIssue[]) => b.length === 1 && b[0]!.code === 'invalid_value' && b[0]!.values.length === 1 && b[0]!.values[0] === SAKNAS;
      // A word where the union takes a word (a column key) or a mapping (an own column): the word's issue.
      if (typeof value === 'string') {
        const word = branches.find((b) => b.length === 1 && b[0]!.code === 'invalid_value' && b[0]!.path.length === 0 && !isSaknasBranch(b));
        if (word) {
          const own = path[path.length - 2] === 'kolumner' ? ' – eller en egen kolumn { id, rubrik }' : '';
          return issueToDiagnostics({ ...word[0]!, path } as z.core.$ZodIssue, loaded, schema).map((d) => ({ ...d, message: `${d.message}${own}` }));
        }
      }
      if (branches.some(isSaknasBranch)) {
        const other = branches.find((b) => !isSaknasBranch(b));
        const first = other?.[0];
        if (first) {
          return issueToDiagnostics({ ...first, path: [...path, ...first.path] } as z.core.$ZodIssue, loaded, schema).map((d) => ({ ...d, message: `${d.message} (eller "${SAKNAS}" när rapporten inte anger värdet)` }));
        }
      }
      // Scalars of a few types (a row's own column: a number or a text): say which.
      const expected = branches.every((b) => b.length === 1 && b[0]!.code === 'invalid_type' && b[0]!.path.length === 0)
        ? branches.map((b) => (b[0] as z.core.$ZodIssueInvalidType).expected as string)
        : undefined;
      if (expected && !expected.includes('object')) {
        const words: Record<string, string> = { number: 'ett tal', string: 'en text', boolean: 'true eller false', array: 'en lista' };
        return [diag('schema.typ', 'error', `${where}: förväntade ${expected.map((e) => words[e] ?? e).join(' eller ')}, fick ${describeValue(value)}`, map.pos(path))];
      }
      // Prose: a string or { fil: ... }.
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const nested = issue.errors.flat().filter((e) => e.code === 'unrecognized_keys');
        if (nested.length > 0) {
          return nested.flatMap((e) => issueToDiagnostics({ ...e, path: [...path, ...e.path] } as z.core.$ZodIssue, loaded, schema));
        }
      }
      return [diag('schema.typ', 'error', `${where}: förväntade text (Markdown) eller { fil: … }, fick ${describeValue(value)}`, map.pos(path))];
    }
    case 'custom': {
      // A key the table's own columns do not declare (ownColumns in the schema): did-you-mean over them too.
      const params = (issue.params ?? {}) as { okändNyckel?: string; kända?: string[]; kod?: string };
      if (params.okändNyckel !== undefined) {
        const parent = describePath(path.slice(0, -1));
        return [diag('schema.okänd-nyckel', 'error', `okänd nyckel "${params.okändNyckel}"${parent ? ` i ${parent}` : ''}${splitByComma(loaded, path) ? COMMA_HINT : suggestion(params.okändNyckel, params.kända ?? [])}`, map.keyPos(path))];
      }
      const code = params.kod ?? 'schema.ogiltig';
      return [diag(code, 'error', `${where ? `${where}: ` : ''}${issue.message}`, code === 'schema.saknas' ? map.keyPos(path) : map.pos(path))];
    }
    case 'not_multiple_of':
    case 'invalid_key':
    case 'invalid_element':
    default:
      return [diag('schema.ogiltig', 'error', `${where}: ${issue.message}`, map.pos(path))];
  }
}

/** "uppgift saknas" where the profile requires a value (krav: krävs): say why it is refused. */
function requiresValue(value: unknown): string {
  return value === SAKNAS ? ' (profilen kräver ett värde här: krav krävs)' : '';
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const k = `${d.code}|${d.message}|${d.pos?.file}:${d.pos?.line}:${d.pos?.column}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function valueAt(data: unknown, path: Path): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}

/** "ekonomi.resultaträkning.rader[3].utfall" */
export function describePath(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg + 1}]` : out ? `.${seg}` : seg;
  return out;
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    number: 'ett tal',
    string: 'text',
    boolean: 'ja/nej (true/false)',
    array: 'en lista',
    object: 'en mappning',
    record: 'en mappning',
    map: 'en mappning',
    tuple: 'en lista',
    date: 'ett datum',
    bigint: 'ett heltal',
    int: 'ett heltal',
  };
  return names[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (value === null) return 'tomt värde';
  if (value === undefined) return 'inget värde';
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'en lista';
  return 'en mappning';
}

function typeHint(expected: string, value: unknown): string {
  if (expected === 'number' && typeof value === 'string' && /^[−-]?\s?[\d\s]+,\d+$/.test(value.trim())) {
    return ` (skriv talet med punkt som decimaltecken och utan mellanslag, t.ex. ${value.replace(/\s/g, '').replace(',', '.').replace('−', '-')})`;
  }
  return '';
}

/** The keys an object schema accepts at `path` (for did-you-mean). */
export function knownKeysAt(schema: AnySchema, path: Path): string[] {
  let cur: AnySchema | undefined = schema;
  for (const seg of path) {
    cur = cur ? childSchema(cur, seg) : undefined;
  }
  const obj = cur ? unwrapToObject(cur) : undefined;
  return obj ? Object.keys(obj) : [];
}

const COMMA_HINT = ' – ett kommatecken inom { … } skiljer nycklar åt, så en text med kommatecken där delas; skriv texten inom citattecken ("Inom ±0,5")';

/**
 * A key without a value right after a comma in a flow mapping: the rest of a text that a comma split
 * ({ text: Inom ±0,5 } reads as text "Inom ±0" and a key "5").
 */
function splitByComma(loaded: { data: unknown; sourceMap: SourceMap }, path: Path): boolean {
  if (valueAt(loaded.data, path) !== null) return false;
  const found = loaded.sourceMap.info(path);
  const key = found?.exact ? found.info.key : undefined;
  if (!found || !key) return false;
  const line = found.file.source.split('\n')[key.line - 1] ?? '';
  const before = line.slice(0, key.column - 1);
  return before.includes('{') && /,\s*$/.test(before);
}
