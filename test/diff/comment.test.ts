/**
 * The pull-request comment of `rapport diff --format markdown` (and its text form): two versions of a
 * kommun's rapporter/ folder side by side in temp dirs, as CI compares the base branch with the PR.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeSpan, compareProse, escapeMd, formatDiffMarkdown, formatDiffSetMarkdown, oneLine } from '../../src/diff/index.js';
import { runCli } from '../e2e/run-cli.js';
import { ESKILSTUNA_PROFILE, EXAMPLE, mutate, ROOT } from '../helpers.js';

const AVN = path.join(ROOT, 'examples', 'eskilstuna', 'arbetsmarknadsnamnden-dr2-2023');
const ZWSP = '\u200b';
const UNCHANGED = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'];
/** A nämnd name that tries to be Markdown: a heading, HTML, a mention, an issue reference, a table, code. */
const EVIL = 'Ond\n# Rubrik <img src=x onerror=alert(1)> @someone #1 | `kod` > - *fet*';

/** Two versions (a, b) of rapporter/ with the Eskilstuna profile; `reports` maps folder → example. */
function twoVersions(reports: Record<string, string>): { root: string; a: string; b: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-comment-'));
  for (const v of ['a', 'b']) {
    mkdirSync(path.join(root, v, 'rapporter'), { recursive: true });
    cpSync(ESKILSTUNA_PROFILE, path.join(root, v, 'rapporter', 'profil.yaml'));
    for (const [folder, source] of Object.entries(reports)) cpSync(source, path.join(root, v, 'rapporter', folder), { recursive: true });
  }
  return { root, a: path.join(root, 'a', 'rapporter'), b: path.join(root, 'b', 'rapporter') };
}

/** The lines of one report's section: from its heading to the next report heading. */
function section(md: string, folder: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`### \`rapporter/${folder}\``));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && (l.startsWith('### ') || l.startsWith('<details>') || /^\d+ rapport/.test(l)));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('rapport diff --format markdown: the pull-request comment', () => {
  let root: string;
  let md: string;
  let text: string;
  let code: number;

  beforeAll(async () => {
    const reports: Record<string, string> = { 'sen-1': EXAMPLE, 'sen-2': EXAMPLE, ond: AVN };
    for (const u of UNCHANGED) reports[u] = AVN;
    const v = twoVersions(reports);
    root = v.root;
    // Both versions carry the hostile name; only b changes something, so the report gets a section.
    for (const dir of [v.a, v.b]) mutate(path.join(dir, 'ond'), 'rapport.yaml', 'namn: Arbetsmarknads- och vuxenutbildningsnämnden', `namn: ${JSON.stringify(EVIL)}`);
    mutate(path.join(v.b, 'ond'), 'ekonomi.yaml', 'namn: Kommunersättning', `namn: ${JSON.stringify('Ersättning @ekonomi <script>x</script>')}`);
    // A changed word in the prose of sen-1; a prognos that no longer adds up in sen-2 (a new error).
    mutate(path.join(v.b, 'sen-1'), 'text/sammanfattning.md', 'om hög utvecklingstakt', 'om låg utvecklingstakt');
    mutate(path.join(v.b, 'sen-2'), 'ekonomi.yaml', 'prognos: -450.1', 'prognos: -452.3');
    const r = await runCli(['diff', 'a', 'b', 'rapporter', '--format', 'markdown'], root);
    ({ code, stdout: md } = r);
    expect(r.stderr).toBe('');
    text = (await runCli(['diff', 'a', 'b', 'rapporter'], root)).stdout;
  }, 120_000);

  it('compares (exit 0), with a section for each changed report only', () => {
    expect(code).toBe(0);
    const headings = md.split('\n').filter((l) => /^#{1,3} /.test(l));
    expect(headings).toEqual([
      '## Ändringar i rapporterna (a → b)',
      `### \`rapporter/ond\` – Ond \\# Rubrik \\<img src=x onerror=alert(1)\\> @${ZWSP}someone \\#${ZWSP}1 \\| \\\`kod\\\` \\> - \\*fet\\* – Delårsrapport 2 2023`,
      '### `rapporter/sen-1` – Servicenämnden – Delårsrapport 2 2023',
      '### `rapporter/sen-2` – Servicenämnden – Delårsrapport 2 2023',
    ]);
  });

  it('collapses the unchanged reports into one folded line at the end', () => {
    const lines = md.trimEnd().split('\n');
    expect(lines.slice(-6)).toEqual([
      '<details>',
      '<summary>9 rapporter utan innehållsliga ändringar</summary>',
      '',
      UNCHANGED.map((u) => `\`rapporter/${u}\``).join(', '),
      '',
      '</details>',
    ]);
    expect(md).not.toContain('Inga innehållsliga ändringar');
    // The text form: one line for them too.
    expect(text.split('\n').filter((l) => l.includes('rapporter/u1'))).toEqual([`9 rapporter utan innehållsliga ändringar: ${UNCHANGED.map((u) => `rapporter/${u}`).join(', ')}`]);
  });

  it('shows a changed sentence word by word: the old word struck, the new inserted, with context', () => {
    const lines = section(md, 'sen-1');
    expect(lines).toContain('- Sammanfattning: 1 stycke, +1 ord, −1 ord');
    expect(lines).toContain('  - … delår 2 handlar det om <del>hög</del> <ins>låg</ins> utvecklingstakt som ska balanseras med …');
    expect(text).toContain('\n      … delår 2 handlar det om [-hög-] {+låg+} utvecklingstakt som ska balanseras med …\n');
  });

  it('lists the error the change introduces, with its code, under the report that has it', () => {
    const lines = section(md, 'sen-2');
    expect(lines).toContain('#### Nya fel/varningar');
    expect(lines.filter((l) => l.startsWith('- fel\\[summa.rader\\] `ekonomi.yaml:'))).toHaveLength(1);
    expect(lines).toContain('*3 ändringar, varav 2 beräknade.*');
    expect(section(md, 'sen-1').join('\n')).not.toContain('Nya fel');
    expect(text).toMatch(/\nNya fel\/varningar\n {2}fel\[summa\.rader\] ekonomi\.yaml:\d+: Summa KOSTNADER, prognos: angivet −801,0/);
  });

  it('renders text from the YAML as text: no heading, HTML, mention or reference of its own', () => {
    const lines = section(md, 'ond');
    expect(lines).toContain(`- Rad kommunersattning: namn ”Kommunersättning” → ”Ersättning @${ZWSP}ekonomi \\<script\\>x\\</script\\>”`);
    // Rendered as GitHub would (CommonMark): the headings are ours, and the only HTML is <del>/<ins>/<details>.
    const tokens = new MarkdownIt({ html: true }).parse(md, {});
    const headings = tokens.flatMap((t, i) => (t.type === 'heading_open' ? [`${t.tag} ${tokens[i + 1]!.content}`] : []));
    expect(headings.filter((h) => h.startsWith('h1') || h.startsWith('h2'))).toEqual(['h2 Ändringar i rapporterna (a → b)']);
    expect(headings.filter((h) => h.startsWith('h3'))).toHaveLength(3);
    const html = tokens.flatMap((t) => [t, ...(t.children ?? [])]).filter((t) => t.type === 'html_inline' || t.type === 'html_block');
    for (const t of html) expect(t.content.trim()).toMatch(/^(<\/?(del|ins)>|<details>\n<summary>[^<]*<\/summary>|<\/details>)$/);
    const rendered = new MarkdownIt({ html: true }).render(md);
    expect(rendered).not.toMatch(/<img|<script|<table|<code>kod/);
    expect(rendered).toContain(`Ond # Rubrik &lt;img src=x onerror=alert(1)&gt; @${ZWSP}someone #${ZWSP}1 | \`kod\` &gt; - *fet* – Delårsrapport 2 2023`);
    // No @ directly before a name, anywhere (GitHub mentions ignore backslashes).
    expect(md).not.toMatch(/@\w/);
    // The text form keeps the name on one line.
    expect(text.split('\n').filter((l) => l.includes('Rubrik'))).toEqual([
      'rapporter/ond – Ond # Rubrik <img src=x onerror=alert(1)> @someone #1 | `kod` > - *fet* – Delårsrapport 2 2023 (a → b)',
    ]);
  });
});

describe('rapport diff: a version that cannot be read', () => {
  let v: ReturnType<typeof twoVersions>;
  beforeAll(() => {
    v = twoVersions({ sen: EXAMPLE, avn: AVN });
    mutate(path.join(v.b, 'sen'), 'rapport.yaml', 'kommun: Eskilstuna', 'kommun: [Eskilstuna');
  });

  it('is shown in the comment with its errors, and the exit code is 1', async () => {
    const r = await runCli(['diff', 'a', 'b', 'rapporter', '--format', 'markdown'], v.root);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fel: rapporter/sen i b kan inte läsas');
    const lines = section(r.stdout, 'sen');
    expect(lines[0]).toBe('### `rapporter/sen` – Servicenämnden – Delårsrapport 2 2023');
    expect(lines).toContain('**Kan inte läsas i `b`**: rapporten jämförs inte (kör `rapport check`).');
    expect(lines).toContain('#### Fel i `b`');
    expect(lines.some((l) => /^- fel\\\[yaml\.[a-z.-]+\\\] `rapport\.yaml:\d+`: /.test(l))).toBe(true);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 rapport utan innehållsliga ändringar: `rapporter/avn`');
  });

  it('the other way round: the errors are listed as fixed', async () => {
    const r = await runCli(['diff', 'b', 'a', 'rapporter', '--format', 'markdown'], v.root);
    expect(r.code).toBe(1);
    const lines = section(r.stdout, 'sen');
    expect(lines).toContain('**Kan inte läsas i `b`**: rapporten jämförs inte (kör `rapport check`).');
    expect(lines).toContain('#### Åtgärdade');
    expect(lines.some((l) => l.startsWith('- fel\\[yaml.'))).toBe(true);
  });
});

describe('rapport diff between git revisions', () => {
  it('shows a report the change adds as new, with its warnings, and exits 0', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'rapport-comment-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@e.se', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    mkdirSync(path.join(repo, 'rapporter'));
    writeFileSync(path.join(repo, 'rapporter', 'profil.yaml'), readFileSync(ESKILSTUNA_PROFILE));
    cpSync(AVN, path.join(repo, 'rapporter', 'avn'), { recursive: true });
    git('add', '-A');
    git('commit', '-qm', 'första');
    cpSync(EXAMPLE, path.join(repo, 'rapporter', 'sen'), { recursive: true });
    git('add', '-A');
    git('commit', '-qm', 'ny nämnd');
    const r = await runCli(['diff', 'main~1', 'HEAD', 'rapporter', '--format', 'markdown'], repo);
    expect(r.code, r.stderr).toBe(0);
    const lines = section(r.stdout, 'sen');
    expect(lines[0]).toBe('### `rapporter/sen` – Servicenämnden – Delårsrapport 2 2023');
    expect(lines).toContain('**Ny rapport**: finns inte i `main~1`.');
    expect(lines).toContain('#### Nya fel/varningar');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 rapport utan innehållsliga ändringar: `rapporter/avn`');
  }, 60_000);
});

describe('escaping for the comment', () => {
  it('keeps every text on one line, as text', () => {
    expect(oneLine('a\n# b\r\nc\u2028d\x1b[31me\u202ef')).toBe('a # b c d [31mef');
    expect(escapeMd('<b>|x|</b> @a #12 *y* _z_ ~s~ [l](u) &amp; $x$ \\')).toBe(
      `\\<b\\>\\|x\\|\\</b\\> @${ZWSP}a \\#${ZWSP}12 \\*y\\* \\_z\\_ \\~s\\~ \\[l\\](u) \\&amp; \\$x\\$ \\\\`,
    );
    expect(escapeMd('se https://x.se och www.x.se, GH-12')).toBe(`se https:${ZWSP}//x.se och www${ZWSP}.x.se, GH-${ZWSP}12`);
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`a')).toBe('`` `a ``');
    expect(codeSpan('rapporter/x\ny')).toBe('`rapporter/x y`');
  });

  it('keeps a comment with a huge change below GitHub’s limit', () => {
    const entries = Array.from({ length: 150 }, (_, i) => ({ group: 'Ekonomi', change: 'ändrad' as const, kind: 'rad', id: `r${i}`, subject: `Rad ${i} ${'x'.repeat(100)}`, from: '1', to: '2' }));
    const reports = Array.from({ length: 20 }, (_, i) => ({
      folder: `rapporter/n${i}`,
      title: `Nämnd ${i}`,
      diff: { title: `Nämnd ${i}`, entries },
      unreadable: [],
      introduced: [],
      resolved: [],
    }));
    const out = formatDiffSetMarkdown({ from: 'main', to: 'HEAD', reports });
    expect(out.length).toBeLessThan(65_536);
    expect(out).toMatch(/\*\d+ rapporter till med ändringar visas inte/);
  });
});

describe('compareProse', () => {
  it('groups changes into passages within a paragraph, with context', () => {
    const change = compareProse('Första stycket här.\n\nAndra stycket med ord.', 'Första stycket där.\n\nAndra stycket med fler ord.');
    expect(change).toMatchObject({ paragraphs: 2, added: 2, removed: 1, method: 'lcs' });
    expect(change?.passages).toHaveLength(2);
    expect(change?.passages[0]).toEqual({
      segments: [
        { op: 'same', text: 'Första stycket', spaceBefore: false },
        { op: 'del', text: 'här', spaceBefore: true },
        { op: 'ins', text: 'där', spaceBefore: false },
        { op: 'same', text: '.', spaceBefore: false },
      ],
      // The paragraph ends after "där.": nothing cut.
      cutBefore: false,
      cutAfter: false,
    });
    // The second passage: "Andra stycket med" before the insertion, "ord." after it.
    expect(change?.passages[1]?.segments.map((g) => `${g.op}:${g.text}`)).toEqual(['same:Andra stycket med', 'ins:fler', 'same:ord.']);
  });

  it('is shown as the first three changed passages of a text, then how many more', () => {
    const a = [0, 1, 2, 3, 4].map((i) => `Stycke ${i} har ett ord som byts ut här.`).join('\n\n');
    const prose = compareProse(a, a.replaceAll('byts ut', 'ändras'))!;
    expect(prose).toMatchObject({ paragraphs: 5, added: 5, removed: 10 });
    const md = formatDiffMarkdown({ title: 'T', entries: [{ group: 'Text', change: 'prosa', kind: 'prosa', id: 's', subject: 'Sammanfattning', note: '5 stycken', prose }] });
    expect(md.split('\n').filter((l) => l.startsWith('  - '))).toEqual([
      '  - … 0 har ett ord som <del>byts ut</del> <ins>ändras</ins> här.',
      '  - … 1 har ett ord som <del>byts ut</del> <ins>ändras</ins> här.',
      '  - … 2 har ett ord som <del>byts ut</del> <ins>ändras</ins> här.',
      '  - … och 2 ändringar till',
    ]);
  });

  it('falls back to counting words when two long texts differ too much, quickly', () => {
    const text = (seed: number) => Array.from({ length: 20_000 }, (_, i) => `ord${(i * seed) % 7919}`).join(' ');
    const start = Date.now();
    const change = compareProse(text(3), text(5));
    expect(change?.method).toBe('antal');
    expect(change?.passages).toEqual([]);
    expect(Date.now() - start).toBeLessThan(5_000);
  });
});
