/** Render jobs on worker threads, as many as there are cores (or --jobs); results in job order. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../render/html.js';
import { type RenderJob, type RenderResult, renderJob } from './render-worker.js';

/** The compiled worker (lib/); tests and tsx run the sources, whose workers need the build. */
const WORKER = path.join(PACKAGE_ROOT, 'lib', 'build', 'render-worker.js');

/**
 * Threads for `count` reports: one per core, but only from six reports up – a worker pays the font
 * parsing once more (~0,5 s) and four reports render faster on one thread.
 */
export function defaultJobs(count: number): number {
  return count < 6 ? 1 : Math.max(1, Math.min(availableParallelism(), Math.ceil(count / 3)));
}

export async function renderAll(jobs: RenderJob[], threads: number, onStart: (index: number) => void = () => undefined): Promise<RenderResult[]> {
  const n = Math.min(threads, jobs.length);
  if (n <= 1 || !existsSync(WORKER)) {
    const out: RenderResult[] = [];
    for (const [i, job] of jobs.entries()) {
      onStart(i);
      out.push(await renderJob(job));
    }
    return out;
  }
  const results: RenderResult[] = new Array(jobs.length);
  let next = 0;
  const workers = Array.from({ length: n }, () => new Worker(WORKER));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const take = () => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              onStart(id);
              worker.postMessage({ id, job: jobs[id] });
            };
            worker.on('message', (m: { id: number; result: RenderResult }) => {
              results[m.id] = m.result;
              take();
            });
            worker.on('error', reject);
            take();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
