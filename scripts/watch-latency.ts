/**
 * Rebuild latency of `rapport watch`, shared by scripts/watch-bench.ts and scripts/bench.ts: edits of
 * a copy of a report folder, each timed from the file write until the rebuilt HTML is served.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWatch } from '../src/watch/server.js';

export interface WatchLatency {
  /** compile + HTML of the edited report, per edit (ms). */
  build: number[];
  /** file write → rebuilt page served, incl. the 50 ms debounce, per edit (ms). */
  total: number[];
}

/**
 * `edits` edits of `ekonomi.yaml` in a copy of `reportDir` (the Servicenämnden example): each moves
 * 0,1·i mnkr between two cost rows, so every edit keeps the report free of errors.
 */
export async function measureWatch(reportDir: string, edits: number): Promise<WatchLatency> {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-watch-bench-'));
  const dir = path.join(root, 'rapport');
  cpSync(reportDir, dir, { recursive: true });
  const file = path.join(dir, 'ekonomi.yaml');
  const original = readFileSync(file, 'utf8');
  const handle = await startWatch({ paths: ['rapport'], cwd: root, port: 0, log: () => {} });
  const build: number[] = [];
  const total: number[] = [];
  try {
    for (let i = 0; i < edits; i++) {
      const a = (-42.9 - 0.1 * (i + 1)).toFixed(1);
      const b = (-187.5 + 0.1 * (i + 1)).toFixed(1);
      const next = handle.nextBuild();
      const start = performance.now();
      writeFileSync(file, original.replace('utfall: -42.9', `utfall: ${a}`).replace('utfall: -187.5', `utfall: ${b}`));
      let timeout: NodeJS.Timeout | undefined;
      const { ms, errors } = await Promise.race([
        next,
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => reject(new Error(`ändring ${i + 1}: ingen ombyggnad inom 5 s`)), 5000);
        }),
      ]).finally(() => clearTimeout(timeout));
      if (errors > 0) throw new Error(`ändring ${i + 1} gav ${errors} fel`);
      const res = await fetch(`${handle.url}rapport/`, { signal: AbortSignal.timeout(5000) });
      const html = await res.text();
      total.push(performance.now() - start);
      build.push(ms);
      if (!html.includes(a.replace('-', '−').replace('.', ','))) throw new Error(`ändring ${i + 1}: sidan saknar ${a}`);
    }
  } finally {
    await handle.close();
    rmSync(root, { recursive: true, force: true });
  }
  return { build, total };
}
