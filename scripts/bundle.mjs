/**
 * After `tsc` and prune-lib: bundles the CLI and the render worker with esbuild into lib/bundle/, the
 * code bin/rapport.js runs. One file per entry instead of ~680 modules to resolve, read and link, and
 * commands load their own code (a chunk) only when they run. Measured in docs/prestanda.md.
 *
 * - Every dependency is bundled, one copy each: fontkit, which pdfkit imports as ESM and fonts.ts
 *   requires as CommonJS, resolves to its CommonJS build for both (one parse of the fonts' tables).
 * - The lazy `createRequire(import.meta.url)` loads in our sources (fontkit, the hyphenation
 *   patterns: `check` never needs them) become esbuild's lazy requires of the bundled copy; the
 *   script fails if their number changes, so a new one is not silently left outside the bundle.
 * - pdfkit reads its ICC profile (PDF/A) beside its module: copied to lib/bundle/data/.
 * - Written to a temporary folder and renamed into place: a killed build never leaves half a bundle
 *   for bin/ to run.
 *
 * Output is deterministic (esbuild sorts and names chunks by content), licence comments are kept at
 * the end of each file; the code is not minified (see `minify` below).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
// `--ut <mapp>` writes elsewhere; `--profilering` (npm run bench's CPU profile) writes source maps,
// so that a profile's frames name the module they came from.
const args = process.argv.slice(2);
const at = args.indexOf('--ut');
const out = at >= 0 && args[at + 1] ? path.resolve(args[at + 1]) : path.join(root, 'lib', 'bundle');
const profiling = args.includes('--profilering');
const tmp = path.join(path.dirname(out), `${path.basename(out)}.tmp-${process.pid}`);
const require = createRequire(import.meta.url);

/** Sources whose lazy requires become bundled requires, and how many each holds. */
const LAZY_REQUIRES = {
  'src/render/pdf/base/fonts.ts': 1,
  'src/render/pdf/base/hyphenate.ts': 1,
};

const lazyRequires = {
  name: 'lazy-requires',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const rel = path.relative(root, args.path).split(path.sep).join('/');
      let source = readFileSync(args.path, 'utf8');
      let count = 0;
      // `createRequire(import.meta.url)('x')` → `require('x')`; `const require = createRequire(import.meta.url);` → gone.
      source = source.replace(/^const require = createRequire\(import\.meta\.url\);$/m, () => {
        count++;
        return '';
      });
      source = source.replace(/createRequire\(import\.meta\.url\)\((?=')/g, () => {
        count++;
        return 'require(';
      });
      const expected = LAZY_REQUIRES[rel] ?? 0;
      if (count !== expected) {
        return { errors: [{ text: `${rel}: ${count} createRequire(import.meta.url), scripts/bundle.mjs väntar ${expected}` }] };
      }
      return { contents: source, loader: 'ts' };
    });
  },
};

/** fontkit's CommonJS build for every importer (pdfkit imports the ESM one): one copy. */
const oneFontkit = {
  name: 'one-fontkit',
  setup(build) {
    const cjs = require.resolve('fontkit');
    build.onResolve({ filter: /^fontkit$/ }, () => ({ path: cjs }));
  },
};

/**
 * Code that can never run here, left out (brotli 475 kB and the translations 260 kB minified, a sixth
 * of what every `build` parsed):
 * - brotli, which fontkit needs only to read WOFF2 fonts; the PDF embeds the DejaVu TTF files only;
 * - Zod's translations of its messages (`z.locales`): diagnostics are written in Swedish from the
 *   issues themselves, and the English default (locales/en.js, imported on its own) stays.
 */
const unused = {
  name: 'unused',
  setup(build) {
    build.onResolve({ filter: /^brotli\/decompress\.js$/ }, () => ({ path: 'brotli', namespace: 'unused' }));
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]classic[\\/]external\.js$/.test(args.importer) ? { path: 'zod-locales', namespace: 'unused' } : undefined,
    );
    build.onLoad({ filter: /^brotli$/, namespace: 'unused' }, () => ({
      contents: "module.exports = () => { throw new Error('WOFF2-typsnitt stöds inte'); };",
      loader: 'js',
    }));
    build.onLoad({ filter: /^zod-locales$/, namespace: 'unused' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

rmSync(tmp, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', 'render-worker': 'src/build/render-worker.ts' },
  outdir: tmp,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Not minified: measured, the minified bundle was slower, cold (build 2,33 → 2,22 s, check 1,10 →
  // 1,04 s) and over the 20-report corpus (≈ 16 → 14 s); V8 compiles some of its forms eagerly and
  // keepNames's wrappers run on every closure. Readable names in a user's error report, too.
  minify: false,
  sourcemap: profiling ? 'linked' : false,
  legalComments: 'eof',
  chunkNames: '[name]-[hash]',
  // Bundled CommonJS (pdfkit, fontkit …) calls require() for Node's own modules.
  banner: { js: "import { createRequire as __rapportCreateRequire } from 'node:module'; const require = __rapportCreateRequire(import.meta.url);" },
  define: { RAPPORT_BUNDLE: 'true' },
  plugins: [lazyRequires, oneFontkit, unused],
  metafile: true,
  logLevel: 'warning',
});

// Nothing may be left to resolve at run time but Node's own modules.
const outside = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const imported of output.imports) {
    if (imported.external && !/^node:|^[a-z_]+$/.test(imported.path)) outside.add(imported.path);
  }
}
if (outside.size > 0) {
  console.error(`scripts/bundle.mjs: utanför paketet: ${[...outside].join(', ')}`);
  process.exit(1);
}

const icc = new URL('./data/sRGB_IEC61966_2_1.icc', import.meta.resolve('pdfkit'));
mkdirSync(path.join(tmp, 'data'), { recursive: true });
copyFileSync(icc, path.join(tmp, 'data', 'sRGB_IEC61966_2_1.icc'));

// The old bundle steps aside before the new one takes its place: a CLI started meanwhile finds one
// of them whole, or none (bin/ then runs lib/).
const old = `${tmp}-gammal`;
if (existsSync(out)) renameSync(out, old);
renameSync(tmp, out);
rmSync(old, { recursive: true, force: true });
