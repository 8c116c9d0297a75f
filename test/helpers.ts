import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../src/diagnostics/diagnostic.js';
import { compileReport } from '../src/pipeline/compile.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const EXAMPLE = path.join(ROOT, 'examples', 'eskilstuna', 'servicenamnden-dr2-2023');

/** A fresh copy of the example report in a temp folder; returns the report folder. */
export function copyExample(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'rapport-test-')), 'rapport');
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** Replace exactly one occurrence of `from` in a file of the report (fails loudly otherwise). */
export function mutate(dir: string, file: string, from: string, to: string): void {
  const p = path.join(dir, file);
  const text = readFileSync(p, 'utf8');
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`expected exactly one "${from}" in ${file}, found ${count}`);
  writeFileSync(p, text.replace(from, to));
}

/** 1-based line and column of the first occurrence of `needle` (at its `offset`th character). */
export function positionOf(dir: string, file: string, needle: string, offset = 0): { line: number; column: number } {
  const text = readFileSync(path.join(dir, file), 'utf8');
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" not found in ${file}`);
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { line, column };
}

/** Compile with the report folder as working directory: diagnostics name files like "ekonomi.yaml". */
export function check(dir: string): { diagnostics: Diagnostic[]; errors: Diagnostic[] } {
  const { diagnostics } = compileReport('.', dir);
  return { diagnostics, errors: diagnostics.filter((d) => d.severity === 'error') };
}

export function writeReportFile(dir: string, file: string, content: string): void {
  writeFileSync(path.join(dir, file), content);
}

/** Every file under a folder with its bytes, keyed by relative path (for comparing two builds). */
export function filesUnder(dir: string, base = dir): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) for (const [k, v] of filesUnder(p, base)) out.set(k, v);
    else out.set(path.relative(base, p), readFileSync(p));
  }
  return out;
}

export const ESKILSTUNA_PROFILE = path.join(ROOT, 'examples', 'eskilstuna', 'profil.yaml');

/** The minimal rapport.yaml of a small test report (Eskilstuna's profile); extra top-level YAML is appended. */
export const MINI_RAPPORT = `kommun: Eskilstuna
nämnd: { namn: Testnämnden, förkortning: TN }
förvaltning: { namn: Testförvaltningen }
rapport:
  typ: delårsrapport
  nummer: 2
  år: 2022
  period: { från: 2022-01-01, till: 2022-08-31 }
sammanfattning: |
  Kort sammanfattning.
`;

/**
 * A small report in a temp folder: `files` (name → YAML) beside a rapport.yaml, with a profile one level
 * up (Eskilstuna's unless `profile` gives another text). Returns the report folder.
 */
export function miniReport(files: Record<string, string>, profile?: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-mini-'));
  writeFileSync(path.join(root, 'profil.yaml'), profile ?? readFileSync(ESKILSTUNA_PROFILE, 'utf8'));
  const dir = path.join(root, 'rapport');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'rapport.yaml'), MINI_RAPPORT);
  for (const [name, text] of Object.entries(files)) {
    if (name === 'rapport.yaml') writeFileSync(path.join(dir, name), MINI_RAPPORT + text);
    else writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
