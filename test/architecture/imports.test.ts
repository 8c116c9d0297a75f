/**
 * The import rules of .dependency-cruiser.cjs (docs/arkitektur.md): layers point down, no circle
 * between files or folders. The real src/ passes; a planted upward import and circle are caught.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

async function cruise(cwd: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'err'], { cwd });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('import rules', () => {
  it('src/ has no upward import and no circle', async () => {
    const { code, out } = await cruise(ROOT);
    expect(out).toContain('no dependency violations found');
    expect(code).toBe(0);
  }, 60_000);

  it('catches an upward import, a circle between files and folders, and a folder outside every layer', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-imports-'));
    temp.push(dir);
    const write = (file: string, text: string): void => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
    write('package.json', JSON.stringify({ type: 'module' }));
    // profile (the model) reaching up into render, and render importing profile back.
    write('src/profile/profile.ts', "import { DEFAULT_TEMPLATES } from '../render/html.js';\nexport const STANDARD = DEFAULT_TEMPLATES;\n");
    write('src/render/html.ts', "import type { } from '../profile/profile.js';\nexport const DEFAULT_TEMPLATES = 'templates';\n");
    write('src/verktyg/x.ts', "import { STANDARD } from '../profile/profile.js';\nexport const X = STANDARD;\n");
    const { code, out } = await cruise(dir);
    expect(code).not.toBe(0);
    expect(out).toMatch(/error lager-modell: src\/profile\/profile\.ts → src\/render\/html\.ts/);
    expect(out).toContain('error ingen-cirkel-mellan-filer');
    expect(out).toContain('error ingen-cirkel-mellan-mappar');
    expect(out).toMatch(/error okänd-mapp: src\/verktyg\/x\.ts/);
  }, 60_000);
});
