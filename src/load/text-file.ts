/**
 * Reading a source file as text: UTF-8 only, no control characters, bounded size. Every file the
 * tool reads as text (YAML, Markdown, templates) goes through here, so a file saved as Latin-1 or
 * UTF-16, or with a stray NUL byte, is a located diagnostic instead of silent replacement characters.
 */
import { readFileSync } from 'node:fs';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * C0 controls other than tab, LF and CR, DEL, and C1 controls (U+0080–U+009F, typical of text
 * decoded with the wrong code page). YAML forbids them too (YAML 1.2, 5.1).
 */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Line and column (1-based) of a string offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    if (length === 1) {
      i += 1;
      continue;
    }
    try {
      UTF8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

/** Decodes a file's bytes; a BOM is dropped. */
export function decodeText(bytes: Buffer, displayName: string): { text?: string; diagnostics: Diagnostic[] } {
  const at = (line: number, column: number) => ({ file: displayName, line, column });
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { diagnostics: [diag('fil.kodning', 'error', 'filen är sparad som UTF-16; spara den som UTF-8', at(1, 1))] };
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    // The bytes before the first one that is not UTF-8 are valid: they give its line and column.
    const bad = firstInvalidUtf8(bytes);
    const before = UTF8.decode(bytes.subarray(0, bad)).replace(/^\uFEFF/, '');
    const { line, column } = lineColumn(before, before.length);
    const byte = bytes[bad] ?? 0;
    return {
      diagnostics: [
        diag('fil.kodning', 'error', `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} är inte UTF-8; filen är troligen sparad som Latin-1 eller Windows-1252 – spara den som UTF-8`, at(line, column)),
      ],
    };
  }
  text = text.replace(/^\uFEFF/, '');
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const { line, column } = lineColumn(text, control.index);
    const cp = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return { diagnostics: [diag('fil.kodning', 'error', `otillåtet styrtecken U+${cp} i filen; ta bort det`, at(line, column))] };
  }
  return { text, diagnostics: [] };
}

/** Reads a text file of at most `maxBytes` bytes. */
export function readTextFile(file: string, displayName: string, maxBytes: number): { text?: string; diagnostics: Diagnostic[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { diagnostics: [diag('fil.läsfel', 'error', `kan inte läsa filen: ${(error as NodeJS.ErrnoException).code ?? 'okänt fel'}`, { file: displayName, line: 1, column: 1 })] };
  }
  if (bytes.length > maxBytes) {
    return { diagnostics: [diag('fil.för-stor', 'error', `filen är ${bytes.length} byte; största tillåtna storlek är ${maxBytes} byte`, { file: displayName, line: 1, column: 1 })] };
  }
  return decodeText(bytes, displayName);
}
