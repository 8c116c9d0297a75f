/**
 * The PDFs the layout test reads: every example (examples/eskilstuna, examples/linkoping, with
 * Eskilstuna's kommunsammanställning) and the stress corpus (test/fixtures/layout-stress), built
 * with the compiled CLI (bin/rapport.js → lib/; run `npm run build` first) and a fixed
 * SOURCE_DATE_EPOCH. Shared by test/layout/layout.test.ts and scripts/layout-sheets.ts.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** 2023-11-14: any fixed date; the PDFs of one run are the same bytes whenever it runs. */
export const SOURCE_DATE_EPOCH = '1700000000';

export interface Group {
  /** Output folder name under the build root. */
  label: string;
  /** The folder given to `rapport build`, relative to the repository. */
  dir: string;
}

export const GROUPS: Group[] = [
  { label: 'eskilstuna', dir: 'examples/eskilstuna' },
  { label: 'linkoping', dir: 'examples/linkoping' },
  { label: 'layout-stress', dir: 'test/fixtures/layout-stress' },
];

export interface BuiltDoc {
  /** E.g. "examples/eskilstuna/servicenamnden-dr2-2023". */
  name: string;
  group: Group;
  /** The output's base name (without .pdf/.html). */
  base: string;
}

/** The documents a build of GROUPS writes: one per report folder, and a sammanställning where a kommun.yaml is. */
export function builtDocs(): BuiltDoc[] {
  const docs: BuiltDoc[] = [];
  for (const group of GROUPS) {
    const dir = path.join(ROOT, group.dir);
    for (const entry of readdirSync(dir).sort()) {
      const folder = path.join(dir, entry);
      if (statSync(folder).isDirectory() && existsSync(path.join(folder, 'rapport.yaml'))) {
        docs.push({ name: `${group.dir}/${entry}`, group, base: entry });
      }
    }
    if (existsSync(path.join(dir, 'kommun.yaml'))) docs.push({ name: `${group.dir}/sammanstallning`, group, base: "sammanstallning" });
  }
  return docs;
}

export function pdfPath(outRoot: string, doc: BuiltDoc): string {
  return path.join(outRoot, doc.group.label, `${doc.base}.pdf`);
}

export function htmlPath(outRoot: string, doc: BuiltDoc): string {
  return path.join(outRoot, doc.group.label, `${doc.base}.html`);
}

function buildGroup(outRoot: string, group: Group): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'rapport.js'), 'build', group.dir, '--out', path.join(outRoot, group.label)], {
      cwd: ROOT,
      env: { ...process.env, SOURCE_DATE_EPOCH, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`rapport build ${group.dir} exited with ${code}:\n${output.split('\n').filter((l) => /fel|error|Error/u.test(l)).slice(0, 20).join('\n')}`));
    });
  });
}

/** Builds every group into `outRoot/<label>/`, the groups side by side. */
export async function buildAll(outRoot: string): Promise<void> {
  await Promise.all(GROUPS.map((g) => buildGroup(outRoot, g)));
}
