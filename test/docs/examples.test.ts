/**
 * Every YAML example in docs/ is built, and says what the tool says of it (docs/format.md, "Om
 * exemplen"). A ```yaml block is, by the words after "yaml" in its fence:
 *
 * - `exempel=NAMN fil=FIL`: a file of a complete example report NAMN (fil=profil.yaml: its profile,
 *   beside the report folder). A ```text block `resultat exempel=NAMN` holds the diagnostics `rapport
 *   check` prints (fil:rad:kolumn: nivå[kod]: meddelande) in order, then its summary line last; a
 *   ```text block `text exempel=NAMN` holds sentences the built HTML contains (no-break spaces read as
 *   spaces).
 * - nothing: a fragment of a report. Its top-level keys replace those of the example report
 *   "minimal" (written as exempel.yaml beside its other files). It checks with 0 fel, or with what the
 *   ```text block `resultat` right after it says (diagnostics located in exempel.yaml).
 * - `profil`: a fragment of a profile, laid over the standard profile (mappings merged, lists and
 *   målstruktur replaced); the profile loads without diagnostics.
 * - `kommun` / `tema`: a whole kommun.yaml / tema.yaml; it validates.
 * - `ci`: a step of a pipeline; it stands in one of examples/ci/ (whose rapport steps test/ci runs).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { KommunSchema } from '../../src/schema/kommun.js';
import { loadProfile, STANDARD_PROFILE } from '../../src/profile/profile.js';
import { ThemeSchema } from '../../src/theme/theme.js';
import { ROOT } from '../helpers.js';
import { runCli, tempDir } from '../e2e/run-cli.js';
import { textOf } from '../e2e/html-tables.js';

interface Block {
  doc: string;
  line: number;
  lang: string;
  attrs: Record<string, string | true>;
  content: string;
}

const DOCS = path.join(ROOT, 'docs');

/** No-break spaces (in numbers and before units) as plain ones, so a doc writer types what they see. */
const spaces = (s: string) => s.replace(/\u00a0/g, ' ');

function blocksOf(doc: string): Block[] {
  const text = readFileSync(path.join(DOCS, doc), 'utf8');
  const out: Block[] = [];
  for (const t of new MarkdownIt().parse(text, {})) {
    if (t.type !== 'fence') continue;
    const [lang = '', ...words] = t.info.trim().split(/\s+/);
    const attrs: Record<string, string | true> = {};
    for (const w of words) {
      const eq = w.indexOf('=');
      if (eq < 0) attrs[w] = true;
      else attrs[w.slice(0, eq)] = w.slice(eq + 1);
    }
    out.push({ doc, line: (t.map?.[0] ?? 0) + 1, lang, attrs, content: t.content });
  }
  return out;
}

const docs = readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort();
const blocks = docs.flatMap(blocksOf);
const where = (b: Block) => `${b.doc}:${b.line}`;

/** The claimed result of a check: the summary line, then diagnostics as `rapport check` prints them (excerpts left out). */
function claimed(b: Block): { summary: string; diagnostics: string[] } {
  const lines = b.content.split('\n').filter((l) => l.trim() !== '');
  return { summary: lines.at(-1)!, diagnostics: lines.slice(0, -1) };
}

/** What `rapport check` says, as the claims are written: diagnostic lines (no excerpt) and the summary. */
async function checkLines(dir: string, target: string): Promise<{ summary: string; diagnostics: string[] }> {
  const r = await runCli(['check', target], dir);
  const lines = r.stdout.split('\n').concat(r.stderr.split('\n'));
  const diagnostics = lines.filter((l) => /^\S+:\d+:\d+: (fel|varning|not)\[/.test(l));
  const summary = lines.find((l) => /^\d+ rapport(er)?, /.test(l)) ?? `(ingen sammanfattning: ${r.stderr.slice(0, 200)})`;
  return { summary, diagnostics };
}

function writeFiles(dir: string, files: Map<string, string>): void {
  for (const [name, content] of files) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
}

// ---------------------------------------------------------------------------------------------
// Complete examples

const examples = new Map<string, Block[]>();
for (const b of blocks) {
  if (b.lang !== 'yaml' || typeof b.attrs['exempel'] !== 'string') continue;
  const list = examples.get(b.attrs['exempel']) ?? [];
  list.push(b);
  examples.set(b.attrs['exempel'], list);
}
const resultFor = (name: string, kind: 'resultat' | 'text') => blocks.filter((b) => b.lang === 'text' && b.attrs[kind] === true && b.attrs['exempel'] === name);

/** An example's folder: the report folder "rapport" (its profile, if any, beside it). */
function exampleFolder(name: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-docs-'));
  const report = path.join(root, 'rapport');
  mkdirSync(report);
  for (const b of examples.get(name) ?? []) {
    const file = String(b.attrs['fil']);
    writeFiles(file === 'profil.yaml' ? root : report, new Map([[file, b.content]]));
  }
  return root;
}

describe('the complete examples in docs/', () => {
  it('exist: at least the minimal report', () => {
    expect([...examples.keys()]).toContain('minimal');
  });

  for (const [name, files] of examples) {
    it(`${name} (${files.map(where).join(', ')}): checks as the docs say, and builds`, async () => {
      for (const b of files) expect(b.attrs['fil'], `${where(b)} har exempel= men inget fil=`).toBeTypeOf('string');
      const root = exampleFolder(name);
      const results = resultFor(name, 'resultat');
      expect(results.length, `exemplet ${name} saknar ett \`\`\`text resultat exempel=${name}-block`).toBe(1);
      const want = claimed(results[0]!);
      const got = await checkLines(root, 'rapport');
      expect(got.diagnostics.map((d) => d.replace(/^rapport\//, ''))).toEqual(want.diagnostics);
      expect(got.summary).toBe(want.summary);
      if (/ 0 fel/.test(want.summary)) {
        const out = tempDir();
        const built = await runCli(['build', 'rapport', '--out', out], root);
        expect(built.code).toBe(0);
        const html = spaces(textOf(readFileSync(path.join(out, 'rapport.html'), 'utf8')));
        for (const t of resultFor(name, 'text')) {
          for (const sentence of t.content.split('\n').filter((l) => l.trim() !== '')) expect(html).toContain(spaces(sentence.trim()));
        }
      }
    }, 60_000);
  }
});

// ---------------------------------------------------------------------------------------------
// Fragments of a report, of a profile, kommun and theme files, pipeline steps

const fragments = blocks.filter((b) => b.lang === 'yaml' && Object.keys(b.attrs).length === 0);

describe('the report fragments in docs/: each replaces its keys in the minimal example and checks as the docs say', () => {
  const base = examples.get('minimal') ?? [];
  for (const b of fragments) {
    it(where(b), async () => {
      const data = parse(b.content) as Record<string, unknown> | null;
      const keys = Object.keys(data ?? {});
      const root = mkdtempSync(path.join(tmpdir(), 'rapport-docs-'));
      const report = path.join(root, 'rapport');
      mkdirSync(report);
      for (const f of base) {
        const file = String(f.attrs['fil']);
        if (file === 'profil.yaml') {
          writeFileSync(path.join(root, file), f.content);
          continue;
        }
        if (!file.endsWith('.yaml')) {
          writeFiles(report, new Map([[file, f.content]]));
          continue;
        }
        // The base file without the keys the fragment gives (a key stands in one file only).
        const own = (parse(f.content) ?? {}) as Record<string, unknown>;
        for (const k of keys) delete own[k];
        writeFileSync(path.join(report, file), Object.keys(own).length ? stringify(own) : '# (tom)\n');
      }
      writeFileSync(path.join(report, 'exempel.yaml'), b.content);
      const next = blocks[blocks.indexOf(b) + 1];
      const claim = next && next.lang === 'text' && next.attrs['resultat'] === true && next.attrs['exempel'] === undefined ? claimed(next) : undefined;
      const got = await checkLines(root, 'rapport');
      if (claim) {
        expect(got.diagnostics.map((d) => d.replace(/^rapport\//, ''))).toEqual(claim.diagnostics);
        expect(got.summary).toBe(claim.summary);
      } else {
        expect(got.diagnostics.filter((d) => /: fel\[/.test(d))).toEqual([]);
        expect(got.summary).toMatch(/^1 rapport, 0 fel/);
      }
    }, 30_000);
  }
});

/** A profile fragment over a profile: mappings merged key by key, lists and målstruktur replaced. */
function overlay(base: Record<string, unknown>, top: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(top)) {
    const b = base[k];
    const mapping = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
    out[k] = k !== 'målstruktur' && mapping(v) && mapping(b) ? overlay(b, v) : v;
  }
  return out;
}

describe('the profile, kommun, theme and pipeline examples in docs/', () => {
  const standard = parse(readFileSync(STANDARD_PROFILE, 'utf8')) as Record<string, unknown>;
  for (const b of blocks.filter((x) => x.lang === 'yaml' && x.attrs['profil'] === true && x.attrs['exempel'] === undefined)) {
    it(`${where(b)}: the profile loads`, () => {
      const merged = overlay(standard, parse(b.content) as Record<string, unknown>);
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'rapport-docs-')), 'profil.yaml');
      writeFileSync(file, stringify(merged));
      const { profile, diagnostics } = loadProfile(file);
      expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      expect(profile).toBeDefined();
    });
  }
  for (const b of blocks.filter((x) => x.lang === 'yaml' && x.attrs['kommun'] === true)) {
    it(`${where(b)}: the kommun.yaml validates`, () => {
      expect(KommunSchema.safeParse(parse(b.content)).error?.issues ?? []).toEqual([]);
    });
  }
  for (const b of blocks.filter((x) => x.lang === 'yaml' && x.attrs['tema'] === true)) {
    it(`${where(b)}: the theme validates`, () => {
      expect(ThemeSchema.safeParse(parse(b.content)).error?.issues ?? []).toEqual([]);
    });
  }
  const pipelines = readdirSync(path.join(ROOT, 'examples', 'ci')).map((f) => readFileSync(path.join(ROOT, 'examples', 'ci', f), 'utf8'));
  for (const b of blocks.filter((x) => x.lang === 'yaml' && x.attrs['ci'] === true)) {
    it(`${where(b)}: the step stands in a pipeline of examples/ci/`, () => {
      const step = b.content.split('\n').map((l) => l.trim()).filter(Boolean);
      expect(pipelines.some((p) => step.every((l) => p.split('\n').some((x) => x.trim() === l)))).toBe(true);
    });
  }
  it('has no yaml block the rules above do not cover', () => {
    const known = new Set(['exempel', 'fil', 'profil', 'kommun', 'tema', 'ci']);
    const odd = blocks.filter((b) => b.lang === 'yaml' && Object.keys(b.attrs).some((k) => !known.has(k)));
    expect(odd.map(where)).toEqual([]);
  });
});
