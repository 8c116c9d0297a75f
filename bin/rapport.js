#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// V8 lets the heap grow to several times what is live before it collects: a build of 20 reports
// peaked at 560 MB with 100 MB live. Growing by half at a time keeps it near 310 MB for ~5 % more
// time (bench/RESULTS.md). Workers share the process's flags.
setFlagsFromString('--heap-growing-percent=50');

const { main } = await import('../lib/cli/main.js');

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
