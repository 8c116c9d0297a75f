import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with captured output. */
export async function runCli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = { SOURCE_DATE_EPOCH: '1693440000' }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd, env });
  return { code, stdout, stderr };
}

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'rapport-e2e-'));
}

export function pdfText(file: string, page?: number): string {
  const args = ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'];
  return execFileSync('pdftotext', args, { encoding: 'utf8' });
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

/** The real installed command, as a user or CI runs it (needs `npm run build` first). */
export function spawnRapport(args: string[], cwd: string): CliResult {
  const bin = path.resolve(import.meta.dirname, '..', '..', 'bin', 'rapport.js');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1693440000' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Collapse runs of whitespace: pdftotext -layout pads columns with spaces. */
export const squeeze = (s: string) => s.replace(/[ \t\u00a0]+/g, ' ');
