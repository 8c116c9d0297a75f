/** The explanation `rapport fmt --check` gives: the first line that differs from the canonical form and why, in Swedish. */
const KEY_LINE = /^( *(?:- +)*)([^\s#:'"\-[{][^:#]*?|"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'):(?: |$)/;
const MAX_SHOWN = 80;

function shown(line: string): string {
  const t = line.trim();
  return `”${t.length > MAX_SHOWN ? `${t.slice(0, MAX_SHOWN - 1)}…` : t}”`;
}

/**
 * The first line where `before` (the file's content, LF endings) and `after` (its canonical form)
 * differ, as `fil:rad: skäl` in Swedish: what is wrong on that line, as precisely as a comparison of
 * the two lines can tell (blank lines, trailing whitespace, indentation, key order, quoting, list
 * form), else what the line should be.
 */
export function describeDifference(before: string, after: string, displayName: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const at = (line: number, message: string): string => `${displayName}:${line}: ${message}`;
  const blank = (t: string | undefined): boolean => t !== undefined && /^\s*$/.test(t);
  const lineA = a[i];
  const lineB = b[i];

  if (lineA === undefined) {
    if (lineB === '' && i === b.length - 1) return at(i, 'sista raden saknar radslut');
    return at(i + 1, `raden ${shown(lineB ?? '')} saknas`);
  }
  if (lineB === undefined || (i === b.length - 1 && a.slice(i).every(blank))) {
    return at(Math.min(i + 1, b.length), 'tomma rader i slutet av filen ska bort');
  }
  if (/[ \t]+$/.test(lineA) && lineA.replace(/[ \t]+$/, '') === lineB) return at(i + 1, 'blanksteg i slutet av raden ska bort');
  if (blank(lineA) && !blank(lineB)) {
    if (a.slice(0, i).every(blank)) return at(i + 1, 'tomma rader i början av filen ska bort');
    if (blank(a[i - 1])) return at(i + 1, 'högst en tom rad i rad');
    return at(i + 1, 'tom rad som ska bort (ingen tom rad direkt efter en rad som öppnar ett block)');
  }
  if (lineA.trim() === lineB.trim()) {
    const indent = (t: string): number => /^ */.exec(t)![0].length;
    return at(i + 1, `indraget ska vara ${indent(lineB)} blanksteg, inte ${indent(lineA)}`);
  }

  // Key order: the next key line of each (past comments and blank lines that travel with a key).
  const nextContent = (lines: string[]): string | undefined => lines.slice(i).find((t) => !blank(t) && !/^\s*#/.test(t));
  const keyA = KEY_LINE.exec(nextContent(a) ?? '');
  const keyB = KEY_LINE.exec(nextContent(b) ?? '');
  if (keyA && keyB && keyA[1]!.length === keyB[1]!.length && keyA[2] !== keyB[2]) {
    return at(i + 1, `nyckeln ”${keyB[2]}” ska stå före ”${keyA[2]}” (nycklarna står i schemats ordning)`);
  }

  const trimmedA = lineA.replace(/[ \t]+$/, '');
  const kind =
    trimmedA.replace(/["']/g, '') === lineB.replace(/["']/g, '')
      ? 'citattecken: '
      : trimmedA.replace(/:[ \t]+/, ': ') === lineB
        ? 'ett blanksteg efter kolon: '
        : keyA && keyB && keyA[2] === keyB[2] && /\[.*\]\s*$/.test(lineA) && /:\s*(#.*)?$/.test(lineB)
          ? 'listan skrivs en rad per värde: '
          : keyA && keyB && keyA[2] === keyB[2] && /:\s*(#.*)?$/.test(lineA) && /\[.*\]\s*$/.test(lineB)
            ? 'listan skrivs på en rad: '
            : '';
  return at(i + 1, `${kind}raden ska vara ${shown(lineB)}, inte ${shown(lineA)}`);
}
