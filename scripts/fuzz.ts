/**
 * `npm run fuzz`: the property of test/bad-inputs/fuzz.ts over many mutated copies of the example
 * (default 10 000, split over one process per core, each with its own seed). Exit 1 with the
 * smallest failing mutation list when the property breaks.
 *
 *   npm run fuzz -- --fall 10000 --frö 1 --jobb 2
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { fuzz } from '../test/bad-inputs/fuzz.js';

const { values } = parseArgs({
  options: {
    fall: { type: 'string', default: '10000' },
    'frö': { type: 'string', default: '20261122' },
    jobb: { type: 'string', default: String(availableParallelism()) },
    barn: { type: 'boolean', default: false },
  },
});
const runs = Number(values.fall);
const seed = Number(values['frö']);
const jobs = Math.max(1, Math.min(Number(values.jobb), runs));

if (values.barn) {
  // One share of the runs, in this process.
  const summary = await fuzz(runs, seed).catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(0);
}

const start = performance.now();
const shares = Array.from({ length: jobs }, (_, i) => Math.floor(runs / jobs) + (i < runs % jobs ? 1 : 0));
const results = await Promise.all(
  shares.map(
    (n, i) =>
      new Promise<{ code: number; out: string; err: string; seed: number }>((resolve) => {
        const childSeed = seed + i;
        const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, '--barn', '--fall', String(n), '--frö', String(childSeed)], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (err += d));
        child.on('close', (code) => resolve({ code: code ?? 1, out, err, seed: childSeed }));
      }),
  ),
);
let ok = 0;
let rejected = 0;
let failed = false;
for (const r of results) {
  if (r.code !== 0) {
    failed = true;
    process.stderr.write(`fuzzning med frö ${r.seed} hittade ett fel:\n${r.err}\n`);
    continue;
  }
  const s = JSON.parse(r.out.trim().split('\n').pop() ?? '{}') as { ok: number; rejected: number };
  ok += s.ok;
  rejected += s.rejected;
}
const seconds = ((performance.now() - start) / 1000).toFixed(1).replace('.', ',');
process.stdout.write(`fuzzning: ${runs} fall (frö ${seed}–${seed + jobs - 1}, ${jobs} processer) på ${seconds} s: ${ok} byggdes, ${rejected} avvisades med placerade fel${failed ? '; EGENSKAPEN BRÖTS' : ''}\n`);
process.exit(failed ? 1 : 0);
