#!/usr/bin/env node
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// V8 lets the heap grow to several times what is live before it collects: a build of 20 reports
// peaked at 560 MB with 100 MB live. Growing by half at a time keeps it near 310 MB for ~5 % more
// time (bench/RESULTS.md). Workers share the process's flags.
setFlagsFromString('--heap-growing-percent=50');

// The bundle (scripts/bundle.mjs, part of `npm run build`): one file to load instead of ~680 modules.
// lib/ when there is none, or when a bare `tsc` has compiled lib/ after it (a stale bundle).
const { main } = await import(bundled() ? '../lib/bundle/main.js' : '../lib/cli/main.js');

function bundled() {
  const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs;
  const bundle = mtime('../lib/bundle/main.js');
  const compiled = mtime('../lib/cli/main.js');
  return bundle !== undefined && (compiled === undefined || bundle >= compiled);
}

// `rapport check … | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// Ctrl-C or a kill request: every file is written by synchronous code on this thread, which a
// signal handler never interrupts, so the process ends between two files, never inside one (the
// temporary files of a write in progress are complete or removed). A command that listens for the
// signal itself (watch) shuts down on its own.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    if (process.listenerCount(signal) > 1) return;
    process.stderr.write('\navbrutet\n');
    process.exit(code);
  });
}

process.exitCode = await main(process.argv.slice(2));
