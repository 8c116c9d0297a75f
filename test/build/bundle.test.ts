/**
 * The bundle bin/rapport.js runs (scripts/bundle.mjs, part of `npm run build`; these tests need the
 * build, as `npm test` does first): it stands on its own, gives the same bytes as lib/, starts its
 * own render workers, and a stale bundle is never run.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, ROOT } from '../helpers.js';
import { tempDir } from '../e2e/run-cli.js';

const ENV = { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1693440000' };

/** A package folder with bin/, templates/, package.json, node_modules and the given parts of lib/. */
function packageWith(parts: string[]): string {
  const dir = tempDir();
  for (const part of ['bin', 'templates', 'package.json', ...parts.map((p) => path.join('lib', p))]) {
    cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function run(pkg: string, args: string[]) {
  const r = spawnSync(process.execPath, [path.join(pkg, 'bin', 'rapport.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundle', () => {
  it('builds the examples on its own (lib/bundle/ without the rest of lib/), on worker threads too, byte for byte as lib/ does', () => {
    const bundleOnly = packageWith(['bundle']);
    // Without a bundle, bin/ runs lib/.
    const libOnly = packageWith(['.']);
    rmSync(path.join(libOnly, 'lib', 'bundle'), { recursive: true });
    expect(readdirSync(path.join(libOnly, 'lib'))).toContain('cli');

    const fromLib = tempDir();
    const fromBundle = tempDir();
    const onWorkers = tempDir();
    const a = run(libOnly, ['build', 'examples', '--out', fromLib, '--jobb', '1']);
    const b = run(bundleOnly, ['build', 'examples', '--out', fromBundle, '--jobb', '1']);
    const c = run(bundleOnly, ['build', 'examples', '--out', onWorkers, '--jobb', '2']);
    for (const r of [a, b, c]) expect(r.code, r.stderr).toBe(0);
    expect(b.stderr).toBe(a.stderr);
    const want = filesUnder(fromLib);
    expect(want.size).toBeGreaterThan(10);
    for (const out of [fromBundle, onWorkers]) {
      const got = filesUnder(out);
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [name, bytes] of want) expect(got.get(name)?.equals(bytes), name).toBe(true);
    }
  }, 300_000);

  it('is run only when it is at least as new as lib/cli/main.js (a bare tsc after it leaves it stale)', () => {
    const pkg = packageWith(['.']);
    const broken = 'throw new Error("fel kod laddades");\n';
    const bundleMain = path.join(pkg, 'lib', 'bundle', 'main.js');
    const libMain = path.join(pkg, 'lib', 'cli', 'main.js');
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
    const older = new Date('2026-01-01T00:00:00Z');
    const newer = new Date('2026-01-02T00:00:00Z');

    // Bundle newer: lib/ is never loaded.
    writeFileSync(libMain, broken);
    utimesSync(libMain, older, older);
    utimesSync(bundleMain, newer, newer);
    expect(run(pkg, ['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });

    // lib/ compiled after the bundle: the bundle is stale and not loaded.
    cpSync(path.join(ROOT, 'lib', 'cli', 'main.js'), libMain);
    writeFileSync(bundleMain, broken);
    utimesSync(bundleMain, older, older);
    utimesSync(libMain, newer, newer);
    expect(run(pkg, ['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });

    // Same time (npm pack gives every file one date): the bundle.
    utimesSync(libMain, older, older);
    const r = run(pkg, ['--version']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('fel kod laddades');
  }, 60_000);

  it('holds every dependency: nothing is resolved from node_modules at run time but the typeface files', () => {
    const pkg = packageWith(['bundle']);
    // node_modules with only the fonts: a require of anything else would fail the build.
    const modules = path.join(pkg, 'node_modules');
    rmSync(modules);
    mkdirSync(modules);
    cpSync(path.join(ROOT, 'node_modules', 'dejavu-fonts-ttf'), path.join(modules, 'dejavu-fonts-ttf'), { recursive: true });
    const out = tempDir();
    const r = run(pkg, ['build', path.join('examples', 'eskilstuna', 'servicenamnden-dr2-2023'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(filesUnder(out).get('servicenamnden-dr2-2023.pdf')?.length).toBeGreaterThan(100_000);
  }, 120_000);
});
