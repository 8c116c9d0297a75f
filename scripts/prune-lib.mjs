/**
 * After `tsc` writes lib/: removes what no longer has a source in src/ (a module moved or deleted
 * stays in lib/ otherwise, and would ship in the package). Only such stale files go: lib/ is never
 * emptied, so a test or a command running from lib/ meanwhile never finds it missing.
 */
import { readdirSync, rmdirSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const lib = path.join(root, 'lib');
const src = path.join(root, 'src');

/** lib/x/y.js, .d.ts, .js.map, .d.ts.map ← src/x/y.ts */
function sourceOf(rel) {
  const m = /^(.*?)(\.d\.ts\.map|\.js\.map|\.d\.ts|\.js)$/.exec(rel);
  return m ? path.join(src, `${m[1]}.ts`) : undefined;
}

function prune(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    // scripts/bundle.mjs's output, which has no source of its own (and its temporary folder).
    if (dir === lib && entry.name.startsWith('bundle')) continue;
    if (entry.isDirectory()) {
      prune(abs);
      if (readdirSync(abs).length === 0) rmdirSync(abs);
      continue;
    }
    const source = sourceOf(path.relative(lib, abs));
    if (!source || !existsSync(source)) rmSync(abs, { force: true });
  }
}

if (existsSync(lib)) prune(lib);
