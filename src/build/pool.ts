/** Render jobs on worker threads, as many as there are cores (or --jobs); results in job order. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../load/package.js';
import { type RenderJob, type RenderResult, renderJob } from './render-worker.js';

/** Defined (true) by scripts/bundle.mjs in lib/bundle/; undefined in lib/ and when tsx runs the sources. */
declare const RAPPORT_BUNDLE: boolean | undefined;

/**
 * The worker beside the code that starts it: the bundled one from the bundle, else the compiled one
 * (lib/); tests and tsx run the sources, whose workers need the build.
 */
const WORKER = typeof RAPPORT_BUNDLE !== 'undefined' ? path.join(PACKAGE_ROOT, 'lib', 'bundle', 'render-worker.js') : path.join(PACKAGE_ROOT, 'lib', 'build', 'render-worker.js');

/**
 * Threads for `count` reports: one core is left to V8's helper threads (concurrent garbage
 * collection and compilation), which a single render thread already keeps busy. Measured on two
 * cores (bench/RESULTS.md), the 20-nämnd corpus took 8,2 s on one thread and 9,4 s on two.
 * A worker pays module loading and font parsing once more, so fewer than six reports stay on one.
 */
export function defaultJobs(count: number): number {
  return count < 6 ? 1 : Math.max(1, Math.min(availableParallelism() - 1, Math.ceil(count / 3)));
}

/** Jobs posted ahead to a worker, so it never waits while the main thread renders a report. */
const PREFETCH = 2;

/**
 * Renders the jobs on `threads` threads: the main thread and threads − 1 workers, all taking from one
 * queue. The main thread has its modules loaded and its fonts parsed already; one isolate fewer also
 * keeps the memory of the whole build down. The results are in job order.
 */
export async function renderAll(jobs: RenderJob[], threads: number, onStart: (index: number) => void = () => undefined): Promise<RenderResult[]> {
  const n = Math.min(threads, jobs.length);
  const results: RenderResult[] = new Array(jobs.length);
  let next = 0;
  let aborted = false;
  const take = (): number => (!aborted && next < jobs.length ? next++ : -1);
  const workers = n > 1 && existsSync(WORKER) ? Array.from({ length: n - 1 }, () => new Worker(WORKER)) : [];
  // A report that fails in rendering fails alone, on the main thread as in a worker.
  const renderHere = async (id: number): Promise<RenderResult> => {
    try {
      return await renderJob(jobs[id] as RenderJob);
    } catch (error) {
      return { diagnostics: [], error: (error as Error).message };
    }
  };
  const mainThread = async (first: number): Promise<void> => {
    for (let id = first; id >= 0; id = take()) {
      onStart(id);
      results[id] = await renderHere(id);
      // Lets the workers' results in, and their next jobs out, between two reports.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const worker = (w: Worker) =>
    new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      const feed = () => {
        // Two ahead while there is plenty left; near the end one, so no thread waits on another's queue.
        while (inFlight < (jobs.length - next > n ? PREFETCH : 1)) {
          const id = take();
          if (id < 0) break;
          inFlight += 1;
          onStart(id);
          w.postMessage({ id, job: jobs[id] });
        }
        if (inFlight === 0) resolve();
      };
      w.on('message', (m: { id: number; result: RenderResult }) => {
        results[m.id] = m.result;
        inFlight -= 1;
        feed();
      });
      w.on('error', (error) => {
        aborted = true;
        reject(error);
      });
      feed();
    });
  try {
    // The main thread takes the first report, then the workers get theirs (never all of them).
    const first = take();
    const running = workers.map(worker);
    await Promise.all([...running, mainThread(first)]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
