/** Helpers that read a PDF back with real tools (poppler-utils, qpdf). */
import { execFileSync, spawnSync } from 'node:child_process';

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

export function requireTools(): void {
  for (const tool of ['pdftotext', 'pdfinfo', 'pdffonts', 'qpdf']) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${tool} is required for the PDF tests (apt-get install -y poppler-utils qpdf)`);
  }
}

/** Text of one page (1-based) with layout preserved; NBSP normalised to a space. */
export function pageText(file: string, page: number): string {
  return run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-']).replace(/\u00a0/g, ' ');
}

export function allText(file: string): string {
  return run('pdftotext', ['-layout', file, '-']).replace(/\u00a0/g, ' ');
}

export function pdfinfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of run('pdfinfo', [file]).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

export interface FontRow {
  name: string;
  type: string;
  emb: string;
}

export function pdffonts(file: string): FontRow[] {
  const lines = run('pdffonts', [file]).split('\n').slice(2).filter((l) => l.trim() !== '');
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    // name type... encoding emb sub uni objectID gen
    const emb = cols[cols.length - 5] ?? '';
    return { name: cols[0] ?? '', type: cols.slice(1, cols.length - 6).join(' '), emb };
  });
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Word boxes per page from pdftotext -bbox. */
export function wordBoxes(file: string): { width: number; height: number; words: Word[] }[] {
  const xml = run('pdftotext', ['-bbox', file, '-']);
  const pages: { width: number; height: number; words: Word[] }[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  for (const pm of xml.matchAll(pageRe)) {
    const words: Word[] = [];
    for (const wm of pm[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ xMin: Number(wm[1]), yMin: Number(wm[2]), xMax: Number(wm[3]), yMax: Number(wm[4]), text: wm[5]! });
    }
    pages.push({ width: Number(pm[1]), height: Number(pm[2]), words });
  }
  return pages;
}

export interface OutlineItem {
  title: string;
  page: number;
  kids: OutlineItem[];
}

export function outlines(file: string): OutlineItem[] {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', file])) as {
    outlines: Array<{ title: string; destpageposfrom1: number; kids: unknown[] }>;
  };
  const map = (items: Array<{ title: string; destpageposfrom1: number; kids: unknown[] }>): OutlineItem[] =>
    items.map((i) => ({
      title: i.title,
      page: i.destpageposfrom1,
      kids: map(i.kids as Array<{ title: string; destpageposfrom1: number; kids: unknown[] }>),
    }));
  return map(json.outlines);
}

/** Uncompressed PDF source (qpdf QDF mode) for inspecting objects. */
export function qdf(file: string): string {
  return execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
}

export function qpdfCheck(file: string): { status: number | null; output: string } {
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
