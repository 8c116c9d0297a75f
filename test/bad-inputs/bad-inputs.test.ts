/**
 * Every case of the bad-input corpus (cases.ts), built the way a user builds: `rapport build rapport
 * --out ut` in a project holding a changed copy of the example and the outputs of an earlier good
 * build. Each must end with exit code 1, the case's diagnostic at its file and line, no stack trace,
 * and nothing of the report left in ut/ — neither the earlier outputs nor a half-written file. (A
 * path that holds no report has no earlier outputs: nothing is written for it, nothing deleted.)
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE } from '../helpers.js';
import { runCli } from '../e2e/run-cli.js';
import { BAD_CASES, type BadCase } from './cases.js';
import { STACK_TRACE } from './support.js';


interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  pos?: { file: string; line?: number; column?: number };
}

function project(target: string, earlierBuild: boolean): { project: string; dir: string; out: string } {
  const project = mkdtempSync(path.join(tmpdir(), 'rapport-bad-'));
  const dir = path.join(project, 'rapport');
  cpSync(EXAMPLE, dir, { recursive: true });
  const out = path.join(project, 'ut');
  mkdirSync(out);
  // The earlier good build: a failing report must not leave these behind.
  if (earlierBuild) {
    writeFileSync(path.join(out, `${target}.html`), '<p>förra bygget</p>');
    writeFileSync(path.join(out, `${target}.pdf`), '%PDF-1.7 förra bygget');
  }
  return { project, dir, out };
}

function expectedPosition(c: BadCase, root: string): { line: number; column?: number } | undefined {
  if (!c.at) return undefined;
  if ('line' in c.at) return c.at;
  const text = readFileSync(path.join(root, c.file), 'utf8').replace(/^\uFEFF/, '');
  let index = -1;
  for (let n = 0; n < (c.at.nth ?? 1); n++) index = text.indexOf(c.at.text, index + 1);
  if (index < 0) throw new Error(`${c.id}: "${c.at.text}" finns inte i ${c.file}`);
  const before = text.slice(0, index + (c.at.offset ?? 0));
  const line = before.split('\n').length;
  return c.at.anyColumn ? { line } : { line, column: before.length - before.lastIndexOf('\n') };
}

describe('the bad-input corpus', () => {
  it('has at least 100 distinct cases', () => {
    expect(new Set(BAD_CASES.map((c) => c.id)).size).toBe(BAD_CASES.length);
    expect(BAD_CASES.length).toBeGreaterThanOrEqual(100);
  });

  for (const c of BAD_CASES) {
    it(`${c.id} → ${c.code}`, async () => {
      const target = c.target ?? 'rapport';
      // A path without a report has no outputs of its own: files under its name are never touched.
      const { project: root, dir, out } = project(target, c.klass !== 'mapp');
      c.setup(dir, root);
      const args = ['build', target, '--out', 'ut', ...(c.args ?? [])];

      const json = await runCli([...args, '--format', 'json'], root);
      const pretty = await runCli(args, root);
      for (const r of [json, pretty]) {
        expect(r.code, `${r.stdout}${r.stderr}`).toBe(1);
        expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK_TRACE);
      }
      const report = JSON.parse(json.stdout) as { rapporter: { mapp: string; diagnostik: JsonDiagnostic[] }[] };
      const diagnostics = report.rapporter.flatMap((r) => r.diagnostik);
      const listed = diagnostics.map((d) => `${d.severity} ${d.code} ${d.pos?.file}:${d.pos?.line}:${d.pos?.column} ${d.message}`).join('\n');
      const hit = diagnostics.find((d) => d.code === c.code && d.severity === 'error');
      expect(hit, listed).toBeDefined();
      // A folder that holds no report is named as the report's folder (it has no lines).
      const where = hit!.pos?.file ?? report.rapporter.find((r) => r.diagnostik.includes(hit!))?.mapp;
      expect(where, listed).toBe(c.file);
      if (c.message) expect(hit!.message).toMatch(c.message);
      // Keys such as __proto__ and constructor never reach a prototype.
      expect(({} as Record<string, unknown>)['förorenad']).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>)['förorenad']).toBeUndefined();
      const want = expectedPosition(c, root);
      if (want) {
        expect(hit!.pos?.line, listed).toBe(want.line);
        if (want.column !== undefined) expect(hit!.pos?.column, listed).toBe(want.column);
      }
      // The pretty output names the place as file:line:column.
      if (want) expect(pretty.stdout + pretty.stderr).toContain(`${c.file}:${want.line}:`);
      // Nothing of the report is left in ut/: not the earlier outputs, not a temporary file.
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }, 60_000);
  }
});
