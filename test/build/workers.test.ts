import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { pdfText, runCli, tempDir } from '../e2e/run-cli.js';

function files(dir: string, base = dir): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) for (const [k, v] of files(p, base)) out.set(k, v);
    else out.set(path.relative(base, p), readFileSync(p));
  }
  return out;
}

describe('rendering several reports', () => {
  it('gives the same bytes in one process (--jobb 1) as on worker threads, whatever was rendered before', async () => {
    const one = tempDir();
    const many = tempDir();
    expect((await runCli(['build', 'examples', '--out', one, '--jobb', '1'], ROOT)).code).toBe(0);
    expect((await runCli(['build', 'examples', '--out', many, '--jobb', '2'], ROOT)).code).toBe(0);
    const a = files(one);
    const b = files(many);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes), name).toBe(true);
    // Rendered after the Eskilstuna reports in the same process, the superscript still has its text
    // (a glyph first met as part of a composite glyph once lost its ToUnicode entry).
    expect(pdfText(path.join(one, 'linkoping', 'kommunstyrelsen-vb-2023.pdf'))).toContain('kWh/m²/år');
  }, 240_000);
});
