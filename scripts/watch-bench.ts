/**
 * Rebuild latency of `rapport watch`: 10 edits of a copy of the example report, each timed from the
 * file write until the rebuilt HTML is served. Usage: npx tsx scripts/watch-bench.ts
 * (`npm run bench` measures the same, part (d).)
 */
import path from 'node:path';
import { measureWatch } from './watch-latency.js';

const EXAMPLE = path.resolve(import.meta.dirname, '..', 'examples', 'eskilstuna', 'servicenamnden-dr2-2023');
const TARGET_MS = 150;

const { build, total } = await measureWatch(EXAMPLE, 10);
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
console.log(t.median <= TARGET_MS ? `OK: median under ${TARGET_MS} ms` : `OVER TARGET: ${TARGET_MS} ms`);
