/**
 * Contact sheets of every page for looking at the layout (issue 17): builds the examples and the
 * stress corpus (test/fixtures/layout-stress) like test/layout/layout.test.ts does, renders each
 * PDF's pages small (pdftoppm -r 40) and puts them side by side (ImageMagick montage), one PNG per
 * report. Each page is labelled with its number and the layout checks (test/layout/checks.ts) that
 * find something on it; the findings themselves are listed in <output folder>/fynd.txt. Not part
 * of npm test.
 *
 *   npm run build && npx tsx scripts/layout-sheets.ts <output folder> [--dpi 40] [--columns 6] [--only <part of a name>]
 *
 * Writes <output folder>/<group>--<report>.png and, beside them, the PDFs and HTML under
 * <output folder>/pdf/. Needs poppler-utils (pdftoppm, pdftotext), qpdf and ImageMagick (montage).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildAll, builtDocs, htmlPath, pdfPath } from '../test/layout/build.js';
import { CHECKS } from '../test/layout/checks.js';
import { readLayout } from '../test/layout/extract.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dpi = option(args, '--dpi') ?? '40';
  const columns = option(args, '--columns') ?? '6';
  const only = option(args, '--only');
  const out = args[0];
  if (!out || args.length !== 1) {
    console.error('användning: npx tsx scripts/layout-sheets.ts <utmapp> [--dpi 40] [--columns 6] [--only <del av namn>]');
    process.exitCode = 2;
    return;
  }
  const outDir = path.resolve(out);
  const pdfRoot = path.join(outDir, 'pdf');
  mkdirSync(outDir, { recursive: true });
  rmSync(pdfRoot, { recursive: true, force: true });
  console.log(`bygger exemplen och stresskorpusen till ${pdfRoot}`);
  await buildAll(pdfRoot);

  const report: string[] = [];
  for (const doc of builtDocs()) {
    if (only && !doc.name.includes(only)) continue;
    // What the layout checks find, per page (page 0: the document as a whole).
    const layout = readLayout(doc.name, pdfPath(pdfRoot, doc), htmlPath(pdfRoot, doc));
    const byPage = new Map<number, Set<string>>();
    for (const check of CHECKS) {
      for (const f of check.run(layout)) {
        byPage.set(f.page, new Set([...(byPage.get(f.page) ?? []), check.name]));
        report.push(`${doc.name}.pdf s. ${f.page}: [${check.name}] ${f.message}`);
      }
    }
    const pages = mkdtempSync(path.join(tmpdir(), 'rapport-sheet-'));
    try {
      execFileSync('pdftoppm', ['-r', dpi, '-png', pdfPath(pdfRoot, doc), path.join(pages, 'sida')]);
      // pdftoppm pads the page numbers to the same width, so the names sort in page order.
      const files = readdirSync(pages).filter((f) => f.endsWith('.png')).sort().map((f) => path.join(pages, f));
      const labelled = files.flatMap((file, i) => {
        const checks = [...(byPage.get(i + 1) ?? [])];
        return ['-label', checks.length > 0 ? `s. ${i + 1} – ${checks.join(', ')}` : `s. ${i + 1}`, file];
      });
      const sheet = path.join(outDir, `${doc.group.label}--${doc.base}.png`);
      const whole = [...(byPage.get(0) ?? [])];
      const title = `${doc.name} (${files.length} sidor)${whole.length > 0 ? ` – hela dokumentet: ${whole.join(', ')}` : ''}`;
      execFileSync('montage', [
        ...labelled, '-tile', `${columns}x`, '-geometry', '+6+6', '-background', '#9aa3ab', '-pointsize', '11',
        '-title', title, sheet,
      ], { stdio: ['ignore', 'ignore', 'pipe'] });
      const found = [...byPage.values()].reduce((n, s) => n + s.size, 0);
      console.log(`skrev ${path.relative(process.cwd(), sheet)} (${files.length} sidor${found > 0 ? `, fynd på ${byPage.size} sidor` : ''})`);
    } finally {
      rmSync(pages, { recursive: true, force: true });
    }
  }
  const list = path.join(outDir, 'fynd.txt');
  writeFileSync(list, report.length > 0 ? `${report.join('\n')}\n` : 'Inga fynd.\n');
  console.log(`skrev ${path.relative(process.cwd(), list)} (${report.length} fynd)`);
}

await main();
