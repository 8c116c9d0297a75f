/**
 * Rebuild latency of `rapport watch`: 10 edits of a copy of the example report, each timed from the
 * file write until the rebuilt HTML is served. Usage: npx tsx scripts/watch-bench.ts
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWatch } from '../src/watch/server.js';

const EXAMPLE = path.resolve(import.meta.dirname, '..', 'examples', 'eskilstuna', 'servicenamnden-dr2-2023');
const EDITS = 10;
const TARGET_MS = 300;

const root = mkdtempSync(path.join(tmpdir(), 'rapport-watch-bench-'));
const dir = path.join(root, 'rapport');
cpSync(EXAMPLE, dir, { recursive: true });
const file = path.join(dir, 'ekonomi.yaml');
const original = readFileSync(file, 'utf8');

const handle = await startWatch({ paths: ['rapport'], cwd: root, port: 0, log: () => {} });
const build: number[] = [];
const total: number[] = [];
try {
  for (let i = 0; i < EDITS; i++) {
    // Moves 0,1·i mnkr between two cost rows: every edit keeps the report free of errors.
    const a = (-42.9 - 0.1 * (i + 1)).toFixed(1);
    const b = (-187.5 + 0.1 * (i + 1)).toFixed(1);
    const next = handle.nextBuild();
    const start = performance.now();
    writeFileSync(file, original.replace('utfall: -42.9', `utfall: ${a}`).replace('utfall: -187.5', `utfall: ${b}`));
    const timeout = setTimeout(() => {
      console.error(`edit ${i + 1}: no rebuild within 5 s`);
      process.exit(1);
    }, 5000);
    const { ms, errors } = await next;
    clearTimeout(timeout);
    if (errors > 0) throw new Error(`edit ${i + 1} left ${errors} errors`);
    const res = await fetch(`${handle.url}rapport/`, { signal: AbortSignal.timeout(5000) });
    const html = await res.text();
    total.push(performance.now() - start);
    build.push(ms);
    if (!html.includes(`${a.replace('-', '−').replace('.', ',')}`)) throw new Error(`edit ${i + 1}: served HTML lacks ${a}`);
  }
} finally {
  await handle.close();
  rmSync(root, { recursive: true, force: true });
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const mid = s.length / 2;
  const median = s.length % 2 ? (s[Math.floor(mid)] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median: Math.round(median), max: Math.round(s[s.length - 1] as number) };
};
const b = stats(build);
const t = stats(total);
console.log(`rebuild (compile + HTML):           median ${b.median} ms, max ${b.max} ms`);
console.log(`write → rebuilt page served (incl. 50 ms debounce): median ${t.median} ms, max ${t.max} ms`);
console.log(t.max < TARGET_MS ? `OK: under ${TARGET_MS} ms` : `OVER TARGET: ${TARGET_MS} ms`);
