/** The final pass of `rapport fmt`: no trailing whitespace, at most one blank line in a row and none after a line that opens a block or at either end, one final newline. */
import type { OutLine } from './source-lines.js';

/** Final pass: whitespace and blank lines. */
export function finish(lines: OutLine[]): string {
  const out: OutLine[] = [];
  for (const line of lines) {
    if (line.verbatim) {
      out.push(line);
      continue;
    }
    const text = line.text.replace(/[ \t]+$/, '');
    const prev = out[out.length - 1];
    if (text === '') {
      if (!prev) continue;
      if (!prev.verbatim && (prev.text === '' || opensBlock(prev.text))) continue;
    }
    out.push({ text, verbatim: false });
  }
  while (out.length > 0 && !out[out.length - 1]!.verbatim && out[out.length - 1]!.text === '') out.pop();
  return out.map((l) => l.text).join('\n') + '\n';
}

/** `key:` (possibly with a comment) or `- key:` — a line after which a nested block begins. */
function opensBlock(text: string): boolean {
  if (/^\s*#/.test(text)) return false;
  return /:\s*(#.*)?$/.test(text) && !/["']/.test(text.replace(/#.*$/, ''));
}
