import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, ROOT } from '../helpers.js';
import { pdfText, runCli, tempDir } from '../e2e/run-cli.js';

describe('rendering several reports', () => {
  it('gives the same bytes in one process (--jobb 1) as on worker threads, whatever was rendered before', async () => {
    const one = tempDir();
    const many = tempDir();
    expect((await runCli(['build', 'examples', '--out', one, '--jobb', '1'], ROOT)).code).toBe(0);
    expect((await runCli(['build', 'examples', '--out', many, '--jobb', '2'], ROOT)).code).toBe(0);
    const a = filesUnder(one);
    const b = filesUnder(many);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes), name).toBe(true);
    // Rendered after the Eskilstuna reports in the same process, the superscript still has its text
    // (a glyph first met as part of a composite glyph once lost its ToUnicode entry).
    expect(pdfText(path.join(one, 'linkoping', 'kommunstyrelsen-vb-2023.pdf'))).toContain('kWh/m²/år');
  }, 240_000);
});
