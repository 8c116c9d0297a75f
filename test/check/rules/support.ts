/**
 * Shared helpers for the rule, validation, load and prose tests: exact source positions found by a
 * chain of needles, and diagnostics filtered by code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, SourcePos } from '../../../src/diagnostics/diagnostic.js';

function offsetOf(text: string, needles: readonly string[], file: string): { start: number; end: number } {
  let from = 0;
  let start = -1;
  let end = 0;
  for (const needle of needles) {
    start = text.indexOf(needle, from);
    if (start < 0) throw new Error(`"${needle}" not found in ${file} after offset ${from}`);
    end = start + needle.length;
    from = end;
  }
  if (start < 0) throw new Error('posOf needs at least one needle');
  return { start, end };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return { line, column };
}

function read(dir: string, file: string): string {
  // A BOM is not part of the YAML text (the loader strips it); count columns without it.
  return readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '');
}

/**
 * Source position (file as diagnostics name it, 1-based line and column) of the start of the last
 * needle; each needle is searched after the end of the previous one.
 */
export function posOf(dir: string, file: string, ...needles: string[]): SourcePos {
  const text = read(dir, file);
  return { file, ...lineColumn(text, offsetOf(text, needles, file).start) };
}

/** Source position right after the last needle (e.g. the value after "utfall: "). */
export function posAfter(dir: string, file: string, ...needles: string[]): SourcePos {
  const text = read(dir, file);
  return { file, ...lineColumn(text, offsetOf(text, needles, file).end) };
}

/** The diagnostics with the given code, in the compiler's (sorted) order. */
export function withCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

/** Diagnostics that are not notes (errors and warnings). */
export function notNotes(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity !== 'note');
}
