import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyExample, ROOT } from '../helpers.js';
import { pdfInfo, tempDir } from './run-cli.js';

const BIN = path.join(ROOT, 'bin', 'rapport.js');
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Build in a fresh process, as CI does, with the given environment additions. */
function buildInProcess(dir: string, env: Record<string, string | undefined>): string {
  const out = tempDir();
  const { SOURCE_DATE_EPOCH: _inherited, ...clean } = process.env;
  const r = spawnSync(process.execPath, [BIN, 'build', '.', '--out', out], { cwd: dir, encoding: 'utf8', env: { ...clean, CI: 'true', ...env } });
  expect(r.status, r.stderr).toBe(0);
  return out;
}

describe('builds in separate processes', () => {
  it('are byte-identical with SOURCE_DATE_EPOCH, and stamp that date', () => {
    const dir = copyExample();
    const [a, b] = [buildInProcess(dir, { SOURCE_DATE_EPOCH: '1700000000', TZ: 'UTC' }), buildInProcess(dir, { SOURCE_DATE_EPOCH: '1700000000', TZ: 'America/New_York', LANG: 'en_US.UTF-8' })];
    for (const ext of ['html', 'pdf']) expect(sha(path.join(a, `rapport.${ext}`))).toBe(sha(path.join(b, `rapport.${ext}`)));
    expect(pdfInfo(path.join(a, 'rapport.pdf'))['CreationDate']).toContain('2023');
  }, 60_000);

  it('outside git and without SOURCE_DATE_EPOCH use the end of the report period', () => {
    const dir = copyExample();
    const [a, b] = [buildInProcess(dir, {}), buildInProcess(dir, {})];
    for (const ext of ['html', 'pdf']) expect(sha(path.join(a, `rapport.${ext}`))).toBe(sha(path.join(b, `rapport.${ext}`)));
    const info = spawnSync('pdfinfo', ['-isodates', path.join(a, 'rapport.pdf')], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/CreationDate:\s+2023-08-31T00:00:00/);
  }, 60_000);
});
