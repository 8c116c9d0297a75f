/**
 * Reading a source file as text: UTF-8 only, no control characters, bounded size. Every file the
 * tool reads as text (YAML, Markdown, templates) goes through here, so a file saved as Latin-1 or
 * UTF-16, or with a stray NUL byte, is a located diagnostic instead of silent replacement characters.
 */
import { activeSnapshot, readBounded, type ReadProblem, type SourceSnapshot } from './snapshot.js';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Invisible characters that reorder what is shown around them: the embeddings and overrides
 * (U+202A–U+202E), the isolates (U+2066–U+2069) and the right-to-left marks (U+200F RLM, U+061C ALM).
 * With them a figure can be made to look like another: U+202E before 123 shows 321, and an RLM in
 * "100 -50" shows "50- 100". The left-to-right mark (U+200E) is allowed: in the report's
 * left-to-right text it can only keep things in the order they are written.
 */
export const BIDI_CONTROL = /[\u061C\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * C0 controls other than tab, LF and CR, DEL, and C1 controls (U+0080–U+009F, typical of text
 * decoded with the wrong code page). YAML forbids them too (YAML 1.2, 5.1). Also the invisible
 * controls of text direction (BIDI_CONTROL), so that a YAML escape ("\u202E") is refused as well.
 */
export const CONTROL_CHARACTER = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]|${BIDI_CONTROL.source}`);

const BIDI_NAMES: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

/** Noncharacters U+1FFFE, U+1FFFF … U+EFFFE, U+EFFFF (those of planes 15 and 16 are private use too). */
const ASTRAL_NONCHARACTERS = Array.from({ length: 14 }, (_, i) => `\\u{${(i + 1).toString(16)}fffe}\\u{${(i + 1).toString(16)}ffff}`).join('');

/**
 * Private use (U+E000–U+F8FF, planes 15 and 16) and noncharacters (U+FDD0–U+FDEF, U+…FFFE/FFFF):
 * no meaning that a reader's font shares, nothing the PDF can draw. The prose renderer keeps its own
 * markers among the noncharacters (src/prose/render.ts), where no source text can reach.
 */
export const PRIVATE_CHARACTER = new RegExp(`[\\uE000-\\uF8FF\\uFDD0-\\uFDEF\\uFFFE\\uFFFF\\u{F0000}-\\u{10FFFF}${ASTRAL_NONCHARACTERS}]`, 'u');

/** Every character a source file may not hold. */
const FORBIDDEN_CHARACTER = new RegExp(`${CONTROL_CHARACTER.source}|${PRIVATE_CHARACTER.source}`, 'u');

/**
 * Why a character of CONTROL_CHARACTER or PRIVATE_CHARACTER may not stand in a source, in Swedish;
 * `where` says how it was written ("i filen", "skrivet som &#x202E;").
 */
export function characterProblem(ch: string, where: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = BIDI_NAMES[cp];
  if (name !== undefined) {
    const effect = cp === 0x200f || cp === 0x061c
      ? 'det flyttar tal och tecken runt sig, så att "100 -50" kan visas som "50- 100"'
      : 'det vänder eller flyttar om det som följer, så att en siffra kan se ut som en annan ("123" visas som "321")';
    return `osynligt styrtecken för textriktning ${hex} (${name}) ${where}: ${effect}; ta bort det`;
  }
  if (PRIVATE_CHARACTER.test(ch)) {
    return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe
      ? `icke-tecken ${hex} ${where}: Unicode reserverar det för program, och det är inget tecken som kan tryckas; ta bort det`
      : `privat tecken ${hex} ${where}: tecken i Unicodes privata område betyder olika saker i olika typsnitt och kan inte tryckas; ta bort det`;
  }
  return `otillåtet styrtecken ${hex} ${where}; ta bort det`;
}

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
  // Control characters, the invisible controls of text direction, private-use characters and
  // noncharacters: the first of them, whichever it is.
  const forbidden = FORBIDDEN_CHARACTER.exec(text);
  if (forbidden) {
    const { line, column } = lineColumn(text, forbidden.index);
    return { diagnostics: [diag('fil.kodning', 'error', characterProblem(forbidden[0], 'i filen'), at(line, column))] };
  }
  return { text, diagnostics: [] };
}

/** Why a file could not be read, in Swedish. */
export function readProblemMessage(problem: ReadProblem, size: number | undefined, maxBytes: number, code?: string): { code: string; message: string } {
  switch (problem) {
    case 'för-stor':
      return { code: 'fil.för-stor', message: `filen är ${size ?? 'mer än ' + maxBytes} byte; största tillåtna storlek är ${maxBytes} byte` };
    case 'ingen-fil':
      return { code: 'fil.ingen-fil', message: 'är ingen vanlig fil (en mapp, FIFO, socket eller enhet) och läses inte' };
    case 'saknas':
      return { code: 'fil.läsfel', message: 'filen finns inte (eller är en bruten symbolisk länk)' };
    case 'ej-kontrollerad':
      return { code: 'fil.ändrad', message: 'filen lästes inte när rapporten kontrollerades; bygg om' };
    default:
      return { code: 'fil.läsfel', message: `kan inte läsa filen: ${code ?? 'okänt fel'}` };
  }
}

/**
 * Reads a text file of at most `maxBytes` bytes (a regular file only; the size is checked before
 * reading). Inside `withSnapshot`, the bytes come from, and are recorded in, the build's snapshot.
 */
export function readTextFile(file: string, displayName: string, maxBytes: number, snapshot: SourceSnapshot | undefined = activeSnapshot()): { text?: string; diagnostics: Diagnostic[] } {
  const read = snapshot ? snapshot.read(file, maxBytes) : readBounded(file, maxBytes);
  if (!read.bytes) {
    const { code, message } = readProblemMessage(read.problem, read.size, maxBytes, read.code);
    return { diagnostics: [diag(code, 'error', message, { file: displayName, line: 1, column: 1 })] };
  }
  const decoded = decodeText(read.bytes, displayName);
  if (decoded.text !== undefined) snapshot?.accept(file, displayName);
  return decoded;
}
