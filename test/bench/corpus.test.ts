import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { runCli, tempDir } from '../e2e/run-cli.js';

function files(dir: string, base = dir): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) for (const [k, v] of files(p, base)) out.set(k, v);
    else out.set(path.relative(base, p), readFileSync(p, 'utf8'));
  }
  return out;
}

const generate = (out: string) => execFileSync('npx', ['tsx', path.join(ROOT, 'scripts', 'gen-corpus.ts'), '--namnder', '2', '--out', out], { cwd: ROOT, stdio: 'pipe' });

describe('npm run gen:corpus (the benchmark corpus)', () => {
  it('writes the same files every time, and reports that pass rapport check without errors', async () => {
    const a = path.join(tempDir(), 'korpus');
    const b = path.join(tempDir(), 'korpus');
    generate(a);
    generate(b);
    const fa = files(a);
    expect(fa.size).toBeGreaterThan(10);
    expect(files(b)).toEqual(fa);
    const r = await runCli(['check', a, '--format', 'json'], ROOT);
    expect(r.code, r.stdout.slice(0, 2000)).toBe(0);
    expect(JSON.parse(r.stdout).sammanfattning).toMatchObject({ errors: 0, rapporter: 2 });
  }, 120_000);
});
