/** Where the prose of two reports is compared: every prose field found through the schema, labelled by its owner, diffed word by word. */
import path from 'node:path';
import type { PathSeg } from '../load/yaml-file.js';
import type { CompiledReport } from '../pipeline/compile.js';
import { ProseSchema } from '../schema/fields.js';
import type { Report } from '../schema/report.js';
import { reportSchemaFor } from '../validate/validate.js';
import { childSchema, unwrap } from '../schema/walk.js';
import { type Entity, isObject, type Kinds, kindsFor, short } from './entities.js';
import type { Collector } from './value-changes.js';
import { compareProse, type ProseChange } from './words.js';

interface ProseField {
  key: string;
  label: string;
  /** Keys of the entities that own the field (to skip prose of added/removed entities). */
  owners: string[];
  text: string;
}

function proseFields(compiled: CompiledReport): Map<string, ProseField> {
  const out = new Map<string, ProseField>();
  const kinds = kindsFor(compiled.profile);
  const walk = (node: unknown, schema: unknown, segs: { key: PathSeg; container: string }[], owners: Entity[]) => {
    if (node === undefined || node === null || !schema) return;
    if (unwrap(schema as never) === (ProseSchema as unknown)) {
      const text = typeof node === 'string' ? node : readProseFile(compiled, (node as { fil: string }).fil);
      const key = segs.map((s) => String(s.key)).join('/');
      out.set(key, { key, label: proseLabel(segs, owners, compiled.report, kinds), owners: owners.map((o) => o.key), text });
      return;
    }
    if (Array.isArray(node)) {
      const container = String(segs[segs.length - 1]?.key ?? '');
      node.forEach((item, i) => {
        const id = isObject(item) && typeof item['id'] === 'string' ? item['id'] : undefined;
        const owner: Entity[] = id ? [{ key: `${container}:${id}`, id, container, node: item as Record<string, unknown> }] : [];
        walk(item, childSchema(schema as never, i), [...segs.slice(0, -1), { key: `${container}[${id ?? i}]`, container }], [...owners, ...owner]);
      });
    } else if (isObject(node)) {
      for (const [k, v] of Object.entries(node)) {
        const id = isObject(v) && typeof v['id'] === 'string' ? v['id'] : undefined;
        const owner: Entity[] = id ? [{ key: `${k}:${id}`, id, container: k, node: v as Record<string, unknown> }] : [];
        walk(v, childSchema(schema as never, k), [...segs, { key: k, container: k }], [...owners, ...owner]);
      }
    }
  };
  // The profile's schema: its goal levels are concrete, so prose inside the goal tree is found too.
  walk(compiled.report, reportSchemaFor(compiled.profile), [], []);
  return out;
}

/** A prose file's text as the compile read and accepted it (a refused or unread file has none). */
function readProseFile(compiled: CompiledReport, file: string): string {
  const abs = path.resolve(compiled.loaded.dir, file);
  if (!compiled.sources.includes(abs)) return '';
  return compiled.snapshot.bytesOf(abs)?.toString('utf8').replace(/^\uFEFF/, '') ?? '';
}

const FIELD_LABEL: Record<string, string> = {
  sammanfattning: 'Sammanfattning',
  text: 'text',
  kommentar: 'kommentar',
  förklaring: 'förklaring',
  resultat: 'resultat',
  åtgärd: 'åtgärd',
};

function proseLabel(segs: { key: PathSeg; container: string }[], owners: Entity[], report: Report, kinds: Kinds): string {
  const owner = owners[owners.length - 1];
  // Field name: the keys after the owner, "kommentar/text" → "kommentar".
  const names = segs.map((s) => String(s.key));
  let rest = names;
  if (owner) {
    const i = names.findIndex((n) => n === `${owner.container}[${owner.id}]` || n === owner.container);
    rest = names.slice(i + 1);
  }
  if (rest.length > 1 && rest[rest.length - 1] === 'text') rest = rest.slice(0, -1);
  const field = rest.map((r) => FIELD_LABEL[r] ?? r.replace(/\[.*\]$/, '')).join(', ');
  if (!owner) {
    const m = /^ärendebeskrivning\[(\d+)\]$/.exec(names[0] ?? '');
    if (m) {
      const i = Number(m[1]);
      const rubrik = report.ärendebeskrivning?.[i]?.rubrik;
      return `Ärendebeskrivning${rubrik ? ` ”${short(rubrik, 40)}”` : ` ${i + 1}`}`;
    }
    if (names[0] === 'internkontroll') return `Intern kontroll, ${field.replace(/^internkontroll, /, '')}`;
    return field.charAt(0).toUpperCase() + field.slice(1);
  }
  const isTable = ['resultaträkning', 'driftredovisning', 'investeringsredovisning'].includes(owner.container);
  return `${kinds(owner.container).label}${isTable ? '' : ` ${owner.id}`}, ${field}`;
}

export function diffProse(c: Collector, a: CompiledReport, b: CompiledReport, addedOrRemoved: Set<string>) {
  const pa = proseFields(a);
  const pb = proseFields(b);
  const skip = (f: ProseField) => f.owners.some((o) => addedOrRemoved.has(o));
  for (const fb of pb.values()) {
    if (skip(fb)) continue;
    const fa = pa.get(fb.key);
    const change = compareProse(fa?.text ?? '', fb.text);
    if (!change) continue;
    c.add({ group: 'Text', change: 'prosa', kind: 'prosa', id: fb.key, subject: fb.label, note: proseNote(change, !fa), prose: change });
  }
  for (const fa of pa.values()) {
    if (skip(fa) || pb.has(fa.key)) continue;
    const change = compareProse(fa.text, '');
    if (!change) continue;
    c.add({ group: 'Text', change: 'prosa', kind: 'prosa', id: fa.key, subject: fa.label, note: `texten har tagits bort (−${change.removed} ord)`, prose: change });
  }
}

function proseNote(change: ProseChange, added: boolean): string {
  const stycken = `${change.paragraphs} ${change.paragraphs === 1 ? 'stycke' : 'stycken'}`;
  const counted = change.method === 'antal' ? ' (ordräkning, ingen ordföljdsdiff)' : '';
  if (added) return `ny text, ${stycken}, +${change.added} ord`;
  return `${stycken}, +${change.added} ord, −${change.removed} ord${counted}`;
}
