import { Chalk } from 'chalk';
import type { ComparedReport, DiagnosticItem, DiffSet, Side } from './compare.js';
import { hasChanges } from './compare.js';
import type { DiffEntry, ReportDiff } from './diff-reports.js';
import type { ProsePassage } from './words.js';

/** Changed passages shown per prose entry; the rest are counted. */
export const MAX_PASSAGES = 3;
/** Diagnostics shown per list (new, resolved); the rest are counted. */
export const MAX_DIAGNOSTICS = 20;
/** Entries shown per report; the rest are counted. */
export const MAX_ENTRIES = 200;
/** GitHub refuses a comment longer than 65 536 characters: the Markdown stays below this. */
export const MAX_COMMENT = 60_000;
/** Unchanged reports listed on one line; more (or a long line) are folded into <details>. */
const FOLD_UNCHANGED = 8;

// ---------------------------------------------------------------------------------------------
// Escaping: every text from the YAML (names, titles, prose, messages) is text, never structure.

/**
 * One line of plain text: line breaks (and every other control character, so no terminal escape
 * either) become spaces, runs of spaces one, and bidirectional overrides are dropped.
 */
export function oneLine(s: string): string {
  return s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/ {2,}/g, ' ');
}

const ZWSP = '\u200b';

/**
 * Inline Markdown text (GitHub-flavoured) that renders as exactly `s` on one line: Markdown and HTML
 * characters are backslash-escaped (entities too), and what GitHub links after rendering – @mentions,
 * #123 and GH-123 references, bare URLs – is broken with a zero-width space (a backslash does not
 * stop a mention).
 */
export function escapeMd(s: string): string {
  return oneLine(s)
    .replace(/[\\`*_~[\]<>|&#$]/g, (ch) => `\\${ch}`)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/\\#(?=\d)/g, `\\#${ZWSP}`)
    .replace(/\b(gh)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}

/** A code span holding `s` on one line, with a fence longer than any run of backticks in it. */
export function codeSpan(s: string): string {
  const t = oneLine(s);
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || (t.startsWith(' ') && t.endsWith(' ')) || t === '' ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

// ---------------------------------------------------------------------------------------------

interface Style {
  old: (s: string) => string;
  new: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
  /** Text from the report, made safe for the output. */
  text: (s: string) => string;
  /** A removed / inserted run of prose. */
  del: (s: string) => string;
  ins: (s: string) => string;
  /** A path or position. */
  path: (s: string) => string;
}

function textStyle(color: boolean): Style {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  return {
    old: chalk.red,
    new: chalk.green,
    dim: chalk.dim,
    bold: chalk.bold,
    text: oneLine,
    del: (s) => (color ? chalk.red.strikethrough(oneLine(s)) : `[-${oneLine(s)}-]`),
    ins: (s) => (color ? chalk.green(oneLine(s)) : `{+${oneLine(s)}+}`),
    path: oneLine,
  };
}

const MD_STYLE: Style = {
  old: (s) => s,
  new: (s) => s,
  dim: (s) => s,
  bold: (s) => `**${s}**`,
  text: escapeMd,
  del: (s) => `<del>${escapeMd(s)}</del>`,
  ins: (s) => `<ins>${escapeMd(s)}</ins>`,
  path: codeSpan,
};

/** One entry as a Swedish sentence fragment: "Åtagande at-x: status Klart, avslutat → Pågår". */
function entryLine(e: DiffEntry, st: Style): string {
  const subject = st.text(e.subject);
  if (e.change === 'tillagd' || e.change === 'borttagen') return `${subject} ${st.text(e.note ?? '')}`.trimEnd();
  if (e.change === 'prosa') return `${subject}: ${st.text(e.note ?? '')}`;
  const detail = e.detail ? `${st.text(e.detail)} ` : '';
  // The unit follows the new value, or the old one when the figure was removed.
  const unitText = e.unit ? ` ${st.text(e.unit)}` : '';
  const unit = e.to !== '–' ? unitText : '';
  const fromUnit = e.to === '–' && e.from !== '–' ? unitText : '';
  let line = `${subject}: ${detail}${st.old(st.text(e.from ?? '–'))}${fromUnit} → ${st.new(st.text(e.to ?? '–'))}${unit}`;
  if (e.delta) line += ` (${st.text(e.delta)})`;
  if (e.computed) line += st.dim(' (beräknad)');
  if (e.note) line += st.dim(`; ${st.text(e.note)}`);
  return line;
}

/** A changed passage on one line: "… en [-hög-] {+mycket hög+} utvecklingstakt …". */
function passageLine(p: ProsePassage, st: Style): string {
  let out = p.cutBefore ? '…' : '';
  p.segments.forEach((seg, i) => {
    const prev = p.segments[i - 1];
    // A replacement is shown as old then new, apart; elsewhere the text's own spacing.
    const apart = seg.spaceBefore || (prev !== undefined && prev.op !== 'same' && seg.op !== 'same');
    if (out !== '' && (apart || (i === 0 && p.cutBefore))) out += ' ';
    out += seg.op === 'same' ? st.text(seg.text) : seg.op === 'del' ? st.del(seg.text) : st.ins(seg.text);
  });
  if (p.cutAfter) out += ' …';
  return out;
}

/** The lines under a prose entry: the first passages, then how many more. */
function passageLines(e: DiffEntry, st: Style): string[] {
  const passages = e.prose?.passages ?? [];
  const lines = passages.slice(0, MAX_PASSAGES).map((p) => passageLine(p, st));
  const more = passages.length - MAX_PASSAGES;
  if (more > 0) lines.push(`… och ${more} ${more === 1 ? 'ändring' : 'ändringar'} till`);
  return lines;
}

function groups(entries: DiffEntry[]): [string, DiffEntry[]][] {
  const out = new Map<string, DiffEntry[]>();
  for (const e of entries) {
    const list = out.get(e.group) ?? [];
    list.push(e);
    out.set(e.group, list);
  }
  return [...out];
}

const arrow = (from: string | undefined, to: string | undefined) => (from || to ? `${from ?? '?'} → ${to ?? '?'}` : '');
const revisions = (from: string | undefined, to: string | undefined, st: Pick<Style, 'text'>) => (from || to ? ` (${st.text(arrow(from, to))})` : '');

const MARK: Record<DiffEntry['change'], string> = { tillagd: '+', borttagen: '−', ändrad: '~', namn: '~', prosa: '~' };

function summary(diff: ReportDiff): string {
  const n = diff.entries.length;
  const computed = diff.entries.filter((e) => e.computed).length;
  return `${n} ${n === 1 ? 'ändring' : 'ändringar'}${computed ? `, varav ${computed} ${computed === 1 ? 'beräknad' : 'beräknade'}` : ''}.`;
}

const SEVERITY: Record<DiagnosticItem['severity'], string> = { error: 'fel', warning: 'varning' };

function diagnosticLine(d: DiagnosticItem, st: Style): string {
  const where = d.file ? ` ${st.path(d.line ? `${d.file}:${d.line}` : d.file)}` : '';
  return `${st.text(`${SEVERITY[d.severity]}[${d.code}]`)}${where}: ${st.text(d.message)}`;
}

const countWord = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------------------------
// Text

/** Plain text for a terminal: one report's diff; colours (chalk) only when `color` is true. */
export function formatDiffText(diff: ReportDiff, options: { color: boolean }): string {
  const st = textStyle(options.color);
  const out = [st.bold(`Ändringar i ${st.text(diff.title)}${revisions(diff.from, diff.to, st)}`)];
  if (diff.entries.length === 0) out.push('Inga innehållsliga ändringar.');
  else out.push(...textEntries(diff, st, options.color), '', summary(diff));
  return out.join('\n') + '\n';
}

function textEntries(diff: ReportDiff, st: Style, color: boolean): string[] {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  for (const [group, entries] of groups(diff.entries.slice(0, MAX_ENTRIES))) {
    out.push('', st.bold(st.text(group)));
    for (const e of entries) {
      const mark = e.change === 'tillagd' ? chalk.green(MARK[e.change]) : e.change === 'borttagen' ? chalk.red(MARK[e.change]) : chalk.yellow(MARK[e.change]);
      out.push(`  ${mark} ${entryLine(e, st)}`);
      for (const line of passageLines(e, st)) out.push(`      ${line}`);
    }
  }
  const more = diff.entries.length - MAX_ENTRIES;
  if (more > 0) out.push(`  … och ${countWord(more, 'ändring', 'ändringar')} till`);
  return out;
}

/** Every compared report in plain text: the changed ones in full, the unchanged ones on one line. */
export function formatDiffSetText(set: DiffSet, options: { color: boolean }): string {
  const st = textStyle(options.color);
  const changed = set.reports.filter(hasChanges);
  const unchanged = set.reports.filter((r) => !hasChanges(r));
  const out: string[] = [];
  for (const r of changed) {
    if (out.length > 0) out.push('');
    out.push(st.bold(`${reportHeading(r, st)}${revisions(set.from, set.to, st)}`));
    out.push(...statusLines(r, set, st));
    if (r.diff && r.diff.entries.length > 0) out.push(...textEntries(r.diff, st, options.color));
    for (const [heading, items] of diagnosticLists(r, set, st)) {
      out.push('', st.bold(heading));
      for (const line of cappedDiagnostics(items, st)) out.push(`  ${line}`);
    }
    if (r.diff && r.diff.entries.length > 0) out.push('', summary(r.diff));
  }
  if (out.length > 0 && unchanged.length > 0) out.push('');
  out.push(...unchangedLines(unchanged, changed.length, st, (items) => items.join(', ')));
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Markdown

/** GitHub-flavoured Markdown for one report's diff. */
export function formatDiffMarkdown(diff: ReportDiff): string {
  const out = [`### Ändringar i ${escapeMd(diff.title)}${revisions(diff.from, diff.to, MD_STYLE)}`, ''];
  if (diff.entries.length === 0) out.push('Inga innehållsliga ändringar.');
  else out.push(...markdownEntries(diff), `*${summary(diff)}*`);
  return out.join('\n') + '\n';
}

function markdownEntries(diff: ReportDiff): string[] {
  const out: string[] = [];
  for (const [group, entries] of groups(diff.entries.slice(0, MAX_ENTRIES))) {
    out.push(`#### ${escapeMd(group)}`, '');
    for (const e of entries) {
      out.push(`- ${entryLine(e, MD_STYLE)}`);
      for (const line of passageLines(e, MD_STYLE)) out.push(`  - ${line}`);
    }
    out.push('');
  }
  const more = diff.entries.length - MAX_ENTRIES;
  if (more > 0) out.push(`*… och ${countWord(more, 'ändring', 'ändringar')} till; kör \`rapport diff\` lokalt för alla.*`, '');
  return out;
}

/**
 * Every compared report as a pull-request comment (GitHub-flavoured Markdown): a section per report
 * with changes, headed by its folder and title; the unchanged reports on one line at the end.
 */
export function formatDiffSetMarkdown(set: DiffSet): string {
  const changed = set.reports.filter(hasChanges);
  const unchanged = set.reports.filter((r) => !hasChanges(r));
  const head = [`## Ändringar i rapporterna${revisions(set.from, set.to, MD_STYLE)}`, ''];
  const tail = unchangedLines(unchanged, changed.length, MD_STYLE, foldedList);
  const out = [...head];
  let size = head.join('\n').length + tail.join('\n').length + 400;
  let omitted = 0;
  for (const r of changed) {
    const section = markdownSection(r, set);
    const length = section.join('\n').length + 1;
    if (omitted > 0 || size + length > MAX_COMMENT) {
      omitted++;
      continue;
    }
    out.push(...section);
    size += length;
  }
  if (omitted > 0) {
    out.push(`*${countWord(omitted, 'rapport', 'rapporter')} till med ändringar visas inte (kommentaren blir annars för lång); kör \`rapport diff\` lokalt.*`, '');
  }
  out.push(...tail);
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function markdownSection(r: ComparedReport, set: DiffSet): string[] {
  const out = [`### ${reportHeading(r, MD_STYLE)}`, ''];
  for (const line of statusLines(r, set, MD_STYLE)) out.push(line, '');
  if (r.diff && r.diff.entries.length > 0) out.push(...markdownEntries(r.diff));
  for (const [heading, items] of diagnosticLists(r, set, MD_STYLE)) {
    out.push(`#### ${heading}`, '', ...cappedDiagnostics(items, MD_STYLE).map((l) => `- ${l}`), '');
  }
  if (r.diff && r.diff.entries.length > 0) out.push(`*${summary(r.diff)}*`, '');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Shared by both

/** "rapporter/sen – Servicenämnden – Delårsrapport 2 2023": the folder tells two nämnder of one name apart. */
function reportHeading(r: ComparedReport, st: Style): string {
  return r.title ? `${st.path(r.folder)} – ${st.text(r.title)}` : st.path(r.folder);
}

function versionLabel(side: Side, set: DiffSet, st: Style): string {
  const label = side === 'from' ? set.from : set.to;
  return label ? st.path(label) : side === 'from' ? 'den tidigare versionen' : 'den senare versionen';
}

/** Why a report has no diff (or what else happened to it), one sentence a line. */
function statusLines(r: ComparedReport, set: DiffSet, st: Style): string[] {
  const out: string[] = [];
  if (r.absent === 'from') out.push(`${st.bold('Ny rapport')}: finns inte i ${versionLabel('from', set, st)}.`);
  if (r.absent === 'to') out.push(`${st.bold('Borttagen rapport')}: finns inte i ${versionLabel('to', set, st)}.`);
  for (const side of r.unreadable) {
    out.push(`${st.bold(`Kan inte läsas i ${versionLabel(side, set, st)}`)}: rapporten jämförs inte (kör ${st.path('rapport check')}).`);
  }
  if (r.failure !== undefined) out.push(`${st.bold('Kunde inte jämföras')}: ${st.text(r.failure)}`);
  return out;
}

function diagnosticLists(r: ComparedReport, set: DiffSet, st: Style): [string, DiagnosticItem[]][] {
  const lists: [string, DiagnosticItem[]][] = [];
  if (r.errors && r.errors.length > 0) lists.push([`Fel i ${versionLabel('to', set, st)}`, r.errors]);
  if (r.introduced.length > 0) lists.push(['Nya fel/varningar', r.introduced]);
  if (r.resolved.length > 0) lists.push(['Åtgärdade', r.resolved]);
  return lists;
}

function cappedDiagnostics(items: DiagnosticItem[], st: Style): string[] {
  const lines = items.slice(0, MAX_DIAGNOSTICS).map((d) => diagnosticLine(d, st));
  const more = items.length - MAX_DIAGNOSTICS;
  if (more > 0) lines.push(`… och ${more} till`);
  return lines;
}

/** A report in a list: its folder, or its title when the folder is the one given ("."). */
const listLabel = (r: ComparedReport, st: Style) => (r.folder === '.' && r.title ? st.text(r.title) : st.path(r.folder));

/** Markdown: the list on one line, or folded into <details> when long. */
function foldedList(items: string[], heading: string): string[] {
  const line = items.join(', ');
  if (items.length <= FOLD_UNCHANGED && line.length <= 400) return [`${heading}: ${line}`];
  // The summary is HTML (no Markdown inside); the list after the blank line is Markdown again.
  return ['<details>', `<summary>${heading}</summary>`, '', line, '', '</details>'];
}

function unchangedLines(
  unchanged: ComparedReport[],
  changedCount: number,
  st: Style,
  list: (items: string[], heading: string) => string[] | string,
): string[] {
  if (unchanged.length === 0) return changedCount === 0 ? ['Inga rapporter att jämföra.'] : [];
  const items = unchanged.map((r) => listLabel(r, st));
  const n = unchanged.length;
  const heading =
    changedCount === 0 ? `${countWord(n, 'rapport', 'rapporter')} ${n === 1 ? 'jämförd' : 'jämförda'}` : `${countWord(n, 'rapport', 'rapporter')} utan innehållsliga ändringar`;
  const listed = list(items, heading);
  const lines = typeof listed === 'string' ? [`${heading}: ${listed}`] : listed;
  // Markdown: a blank line, or the two sentences run together in one paragraph.
  return changedCount === 0 ? ['Inga innehållsliga ändringar.', ...(st === MD_STYLE ? [''] : []), ...lines] : lines;
}
