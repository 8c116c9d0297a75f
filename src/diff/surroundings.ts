/**
 * What changed around a report between two versions: its profile (headings, scales, rules) and its
 * theme (colours, fonts, logo). A change there changes the published report as much as a figure
 * does — every heading of a column, every colour — so `rapport diff` lists it, value by value, in
 * the textconv form (src/diff/textconv.ts) of the two files.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readBounded } from '../load/snapshot.js';
import { MAX_FILE_BYTES } from '../load/yaml-file.js';
import type { CompiledReport } from '../pipeline/compile.js';
import type { DiffEntry } from './diff-reports.js';
import { semanticText } from './textconv.js';

export const SURROUNDINGS_GROUP = 'Profil och tema';
/** At most this many values per file; the rest are counted. */
const MAX_ENTRIES_PER_FILE = 40;

/** A file's bytes as this version's compile read them, else from its checkout. */
function bytesOf(c: CompiledReport, file: string): Buffer | undefined {
  return c.snapshot.bytesOf(file) ?? readBounded(file, MAX_FILE_BYTES).bytes;
}

/** The profile, its theme and the theme's logo of one version, by the name they are shown under. */
function surroundings(c: CompiledReport): Map<string, { text?: string; hash: string }> {
  const out = new Map<string, { text?: string; hash: string }>();
  const add = (name: string, file: string, text: boolean) => {
    const bytes = bytesOf(c, file);
    if (bytes === undefined) return;
    out.set(name, { text: text ? bytes.toString('utf8') : undefined, hash: createHash('sha256').update(bytes).digest('hex') });
  };
  const profile = c.profile;
  add('profil.yaml', profile.file, true);
  if (profile.data.tema) {
    const theme = path.resolve(profile.dir, profile.data.tema);
    add(`tema (${path.basename(theme)})`, theme, true);
    const logo = /^\s*logotyp:\s*["']?([^"'#\n]+?)["']?\s*(#.*)?$/m.exec(bytesOf(c, theme)?.toString('utf8') ?? '')?.[1];
    if (logo) add(`logotyp (${path.basename(logo)})`, path.resolve(path.dirname(theme), logo), false);
  }
  return out;
}

/** "place: value" lines of the textconv form, as a map (a place repeated keeps its lines joined). */
function values(text: string, name: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of semanticText(text, name.endsWith(')') ? 'x.yaml' : name).split('\n')) {
    if (line === '') continue;
    const at = line.search(/: | ¶ /);
    const place = at < 0 ? line : line.slice(0, at);
    const value = at < 0 ? '' : line.slice(at + 2);
    out.set(place, out.has(place) ? `${out.get(place)} ${value}` : value);
  }
  return out;
}

/** The profile and theme changes between two versions of a report, as diff entries. */
export function surroundingsEntries(a: CompiledReport, b: CompiledReport): DiffEntry[] {
  const before = surroundings(a);
  const after = surroundings(b);
  const entries: DiffEntry[] = [];
  for (const name of [...new Set([...before.keys(), ...after.keys()])]) {
    const x = before.get(name);
    const y = after.get(name);
    if (x?.hash === y?.hash) continue;
    const base = { group: SURROUNDINGS_GROUP, kind: 'profil', id: name };
    if (!x || !y || x.text === undefined || y.text === undefined) {
      // A note-only line ("prosa" prints the subject and the note).
      entries.push({ ...base, change: !x ? 'tillagd' : !y ? 'borttagen' : 'prosa', subject: name, note: !x ? '' : !y ? '' : 'ändrad' });
      continue;
    }
    const vx = values(x.text, name);
    const vy = values(y.text, name);
    const changed = [...new Set([...vx.keys(), ...vy.keys()])].filter((k) => vx.get(k) !== vy.get(k));
    for (const place of changed.slice(0, MAX_ENTRIES_PER_FILE)) {
      const from = vx.get(place);
      const to = vy.get(place);
      entries.push({ ...base, id: `${name} ${place}`, change: 'ändrad', subject: `${name}: ${place}`, from: from ?? '–', to: to ?? '–' });
    }
    if (changed.length > MAX_ENTRIES_PER_FILE) entries.push({ ...base, change: 'prosa', subject: name, note: `och ${changed.length - MAX_ENTRIES_PER_FILE} ändringar till` });
  }
  return entries;
}
