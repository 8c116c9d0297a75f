import { Chalk } from 'chalk';
import type { DiffEntry, ReportDiff } from './diff-reports.js';

interface Style {
  old: (s: string) => string;
  new: (s: string) => string;
  dim: (s: string) => string;
  text: (s: string) => string;
}

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

function groups(diff: ReportDiff): [string, DiffEntry[]][] {
  const out = new Map<string, DiffEntry[]>();
  for (const e of diff.entries) {
    const list = out.get(e.group) ?? [];
    list.push(e);
    out.set(e.group, list);
  }
  return [...out];
}

const revisions = (diff: ReportDiff) => (diff.from || diff.to ? ` (${diff.from ?? '?'} → ${diff.to ?? '?'})` : '');

const MARK: Record<DiffEntry['change'], string> = { tillagd: '+', borttagen: '−', ändrad: '~', namn: '~', prosa: '~' };

/** Plain text for a terminal; colours (chalk) only when `color` is true. */
export function formatDiffText(diff: ReportDiff, options: { color: boolean }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const st: Style = { old: chalk.red, new: chalk.green, dim: chalk.dim, text: (s) => s };
  const out = [chalk.bold(`Ändringar i ${diff.title}${revisions(diff)}`)];
  if (diff.entries.length === 0) {
    out.push('Inga innehållsliga ändringar.');
    return out.join('\n') + '\n';
  }
  for (const [group, entries] of groups(diff)) {
    out.push('', chalk.bold(group));
    for (const e of entries) {
      const mark = e.change === 'tillagd' ? chalk.green(MARK[e.change]) : e.change === 'borttagen' ? chalk.red(MARK[e.change]) : chalk.yellow(MARK[e.change]);
      out.push(`  ${mark} ${entryLine(e, st)}`);
    }
  }
  out.push('', summary(diff));
  return out.join('\n') + '\n';
}

function summary(diff: ReportDiff): string {
  const n = diff.entries.length;
  const computed = diff.entries.filter((e) => e.computed).length;
  return `${n} ${n === 1 ? 'ändring' : 'ändringar'}${computed ? `, varav ${computed} ${computed === 1 ? 'beräknad' : 'beräknade'}` : ''}.`;
}

const escapeMd = (s: string) => s.replace(/[\\`*_[\]<>|~#]/g, (ch) => `\\${ch}`);

/** GitHub-flavoured Markdown, ready for a pull-request comment. */
export function formatDiffMarkdown(diff: ReportDiff): string {
  const st: Style = { old: (s) => s, new: (s) => s, dim: (s) => s, text: escapeMd };
  const out = [`### Ändringar i ${escapeMd(diff.title)}${escapeMd(revisions(diff))}`, ''];
  if (diff.entries.length === 0) {
    out.push('Inga innehållsliga ändringar.');
    return out.join('\n') + '\n';
  }
  for (const [group, entries] of groups(diff)) {
    out.push(`#### ${escapeMd(group)}`, '');
    for (const e of entries) out.push(`- ${entryLine(e, st)}`);
    out.push('');
  }
  out.push(`*${summary(diff)}*`);
  return out.join('\n') + '\n';
}
