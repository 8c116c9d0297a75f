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

describe('renderAll', () => {
  it('keeps going when a report fails to render, on the main thread as on a worker', async () => {
    const { renderAll } = await import('../../src/build/pool.js');
    const { DEFAULT_TEMPLATES } = await import('../../src/render/html.js');
    const out = tempDir();
    const job = (folder: string, name: string) => ({
      folder,
      cwd: ROOT,
      base: path.join(out, name),
      templates: DEFAULT_TEMPLATES,
      profileTheme: true,
      env: { SOURCE_DATE_EPOCH: '1693440000' },
    });
    const good = path.join(ROOT, 'examples', 'eskilstuna', 'servicenamnden-dr2-2023');
    // The first job goes to the main thread, the next ones to the worker: a failure in either place.
    for (const bad of [0, 1]) {
      const jobs = [job(good, 'a'), job(good, 'b'), job(good, 'c')];
      jobs[bad] = { ...job(good, 'x'), templates: path.join(out, 'finns-inte') };
      const results = await renderAll(jobs, 2);
      expect(results).toHaveLength(3);
      results.forEach((r, i) => {
        if (i === bad) expect(r.error ?? r.diagnostics.map((d) => d.code).join(), `jobb ${i}`).toBeTruthy();
        else expect(r.files, `jobb ${i}: ${r.error}`).toHaveLength(2);
      });
    }
  }, 240_000);
});
