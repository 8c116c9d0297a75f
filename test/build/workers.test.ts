import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample, filesUnder, ROOT } from '../helpers.js';
import { pdfText, runCli, squeeze, tempDir } from '../e2e/run-cli.js';
import { compileReport } from '../../src/pipeline/compile.js';

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
    const { DEFAULT_TEMPLATES } = await import('../../src/load/package.js');
    const out = tempDir();
    const good = path.join(ROOT, 'examples', 'eskilstuna', 'servicenamnden-dr2-2023');
    const sources = compileReport(good, ROOT).compiled!.snapshot.entries();
    const job = (folder: string, _name: string) => ({
      folder,
      cwd: ROOT,
      templates: DEFAULT_TEMPLATES,
      sources,
      env: { SOURCE_DATE_EPOCH: '1693440000' },
    });
    // The first job goes to the main thread, the next ones to the worker: a failure in either place.
    for (const bad of [0, 1]) {
      const jobs = [job(good, 'a'), job(good, 'b'), job(good, 'c')];
      jobs[bad] = { ...job(good, 'x'), templates: path.join(out, 'finns-inte') };
      const results = await renderAll(jobs, 2);
      expect(results).toHaveLength(3);
      results.forEach((r, i) => {
        if (i === bad) expect(r.error ?? r.diagnostics.map((d) => d.code).join(), `jobb ${i}`).toBeTruthy();
        else expect(r.rendered?.pdf.length, `jobb ${i}: ${r.error}`).toBeGreaterThan(10_000);
      });
    }
  }, 240_000);
});

describe('a file saved while the build runs', () => {
  it('never reaches an output: every thread renders the bytes that were checked', async () => {
    const { renderAll } = await import('../../src/build/pool.js');
    const { DEFAULT_TEMPLATES } = await import('../../src/load/package.js');
    const dir = copyExample();
    const out = tempDir();
    // Checked: the example as it is. Then, before rendering, ekonomi.yaml is saved with a sum that does not foot.
    const { compiled, diagnostics } = compileReport(dir, path.dirname(dir));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ekonomi = path.join(dir, 'ekonomi.yaml');
    writeFileSync(ekonomi, readFileSync(ekonomi, 'utf8').replace('utfall: -42.9', 'utfall: -99.9'));
    const job = (_name: string) => ({ folder: dir, cwd: path.dirname(dir), templates: DEFAULT_TEMPLATES, sources: compiled!.snapshot.entries(), env: { SOURCE_DATE_EPOCH: '1693440000' } });
    // One job on the main thread, two on the worker.
    const results = await renderAll([job('a'), job('b'), job('c')], 2);
    for (const [i, r] of results.entries()) {
      expect(r.error, `jobb ${i}`).toBeUndefined();
      const pdf = path.join(out, `${'abc'[i]}.pdf`);
      writeFileSync(pdf, r.rendered!.pdf);
      const text = squeeze(pdfText(pdf));
      expect(text).toContain('−42,9');
      expect(text).not.toContain('−99,9');
      expect(r.rendered!.html).not.toContain('99,9');
      // The embedded source file is the checked one too.
      expect(Buffer.from(r.rendered!.pdf).includes('utfall: -99.9')).toBe(false);
    }
  }, 240_000);

  it('renamed away after the check, is still rendered as checked (the worker lists the folder as checked)', async () => {
    const { renderAll } = await import('../../src/build/pool.js');
    const { DEFAULT_TEMPLATES } = await import('../../src/load/package.js');
    const dir = copyExample();
    const { compiled } = compileReport(dir, path.dirname(dir));
    // An editor saving by rename: for a moment the file is not there under its name.
    renameSync(path.join(dir, 'bilaga-klimat.yaml'), path.join(dir, 'bilaga-klimat.yaml~'));
    const job = { folder: dir, cwd: path.dirname(dir), templates: DEFAULT_TEMPLATES, sources: compiled!.snapshot.entries(), env: { SOURCE_DATE_EPOCH: '1693440000' } };
    const results = await renderAll([job, job], 2);
    for (const r of results) {
      expect(r.error).toBeUndefined();
      expect(r.rendered!.html).toContain('Plan för klimat 2023');
    }
  }, 120_000);

  it('is refused by a worker when the check never read it', async () => {
    const { renderAll } = await import('../../src/build/pool.js');
    const { DEFAULT_TEMPLATES } = await import('../../src/load/package.js');
    const out = tempDir();
    const good = path.join(ROOT, 'examples', 'eskilstuna', 'servicenamnden-dr2-2023');
    const sources = compileReport(good, ROOT).compiled!.snapshot.entries().filter(([f]) => !f.endsWith('ekonomi.yaml'));
    const [r] = await renderAll([{ folder: good, cwd: ROOT, templates: DEFAULT_TEMPLATES, sources, env: { SOURCE_DATE_EPOCH: '1693440000' } }], 1);
    // The worker lists the folder as checked: without ekonomi.yaml the report is not the one checked.
    expect(r?.error).toMatch(/^rapporten gav ett annat resultat i arbetstråden än vid kontrollen/);
    expect(r?.rendered).toBeUndefined();
  }, 120_000);
});
