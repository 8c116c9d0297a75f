import { type Alias, Composer, CST, type Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, Scalar, type Node, visit as visitYaml, YAMLParseError } from 'yaml';
import { diag, type Diagnostic, type SourcePos } from '../diagnostics/diagnostic.js';
import { CONTROL_CHARACTER, readTextFile } from './text-file.js';

export type PathSeg = string | number;
export type Path = readonly PathSeg[];

export interface NodeInfo {
  /** Where the value starts. */
  value: SourcePos;
  /** Where the key starts, for values of a mapping. */
  key?: SourcePos;
  /** The scalar's source text (numbers: exact decimal digits as written). */
  raw?: string;
  /** Scalar style, for mapping positions inside prose. */
  scalarType?: string;
  /** Offset range of the value node in the source. */
  range?: [number, number];
}

export interface YamlFile {
  file: string;
  source: string;
  data: unknown;
  index: Map<string, NodeInfo>;
  lineCounter: LineCounter;
}

export const pathKey = (path: Path): string => path.map(String).join('\u0001');

/** Largest YAML file read (docs/felaktig-indata.md). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Deepest nesting of mappings and lists in a YAML file; a report needs about 15. */
export const MAX_DEPTH = 64;
/** Alias expansions in a YAML file (yaml's maxAliasCount) at which it is refused: stops "billion laughs". */
export const MAX_ALIASES = 100;
/**
 * Values in a YAML file (each list item and each value of a mapping, empty or not; keys are no values)
 * above which it is refused before its syntax tree is built: a report file has a few thousand, and a
 * million took a gigabyte.
 */
export const MAX_VALUES = 200_000;

/** Parse one YAML file; every node's position is indexed by its path in the data. */
export function readYamlFile(file: string, displayName: string): { result?: YamlFile; diagnostics: Diagnostic[] } {
  const { text, diagnostics } = readTextFile(file, displayName, MAX_FILE_BYTES);
  if (text === undefined) return { diagnostics };
  return parseYamlSource(text, displayName);
}

export function parseYamlSource(source: string, displayName: string): { result?: YamlFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const posAt = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: displayName, line, column: col };
  };
  const parsed = parseCounted(source, lineCounter);
  if ('tooMany' in parsed) {
    const count = String(MAX_VALUES).replace(/\B(?=(\d{3})+$)/g, ' ');
    return {
      diagnostics: [diag('yaml.storlek', 'error', `filen har fler än ${count} värden; en rapportfil har några tusen – dela upp den eller ta bort det som inte hör till rapporten`, posAt(parsed.tooMany))],
    };
  }
  const doc = parsed.doc;
  const diagnostics: Diagnostic[] = [];
  const keyName = /[^:\n]+/y;
  // yaml's warnings (an unknown %YAML version, an unresolved !tag) are errors here: the data
  // would silently differ from what the author meant.
  for (const error of [...withDuplicateKeys(doc.errors, duplicateKeyOffsets(doc)), ...doc.warnings]) {
    if (/call stack/i.test(error.message)) {
      // Reported once, where the parser gave up.
      if (diagnostics.some((d) => d.code === 'yaml.djup')) continue;
      diagnostics.push(diag('yaml.djup', 'error', `mappningar och listor är nästlade för djupt (högst ${MAX_DEPTH} nivåer)`, posAt(error.pos[0])));
    } else if (error.code === 'DUPLICATE_KEY') {
      keyName.lastIndex = error.pos[0];
      const key = keyName.exec(source)?.[0]?.trim();
      diagnostics.push(diag('yaml.dubblerad-nyckel', 'error', `nyckeln ${key ? `"${key}" ` : ''}förekommer två gånger i samma mappning`, posAt(error.pos[0])));
    } else {
      diagnostics.push(diag('yaml.syntax', 'error', `ogiltig YAML: ${translateYamlError(error.message)}`, posAt(error.pos[0])));
    }
  }
  // "%YAML 1.1" would switch to YAML 1.1's rules (010 is 8, 1:30 is 90, yes is true).
  if (diagnostics.length === 0 && doc.directives?.yaml.explicit && doc.directives.yaml.version !== '1.2') {
    const at = /^%YAML/m.exec(source)?.index ?? 0;
    diagnostics.push(diag('yaml.syntax', 'error', `ogiltig YAML: filen anger %YAML ${doc.directives.yaml.version}; rapporter skrivs i YAML 1.2 – ta bort raden`, posAt(at)));
  }
  if (diagnostics.length > 0) return { diagnostics };

  const index = new Map<string, NodeInfo>();
  // `key` is pathKey(path), extended per level rather than joined anew for every node.
  let tooDeep = false;
  let firstAlias: SourcePos | undefined;
  let aliasTargets: Map<Alias, Node | undefined> | undefined;
  const visit = (node: Node | null | undefined, key: string, keyPos?: SourcePos, depth = 1): void => {
    if (!node || tooDeep) return;
    const range = node.range ? ([node.range[0], node.range[1]] as [number, number]) : undefined;
    const info: NodeInfo = { value: posAt(range?.[0] ?? 0), key: keyPos, range };
    if ((isMap(node) || isSeq(node)) && depth > MAX_DEPTH) {
      tooDeep = true;
      diagnostics.push(diag('yaml.djup', 'error', `mappningar och listor är nästlade för djupt (högst ${MAX_DEPTH} nivåer)`, info.value));
      return;
    }
    if (isScalar(node)) {
      info.scalarType = (node as Scalar).type;
      if (range) info.raw = source.slice(range[0], range[1]);
      const problem = numberProblem((node as Scalar).value, info.raw);
      if (problem) diagnostics.push(diag('schema.tal', 'error', problem, info.value));
      // The file's own text is clean (text-file.ts); only a double-quoted scalar has escapes.
      const character = info.scalarType === Scalar.QUOTE_DOUBLE ? badCharacter((node as Scalar).value) : undefined;
      if (character) diagnostics.push(diag('yaml.tecken', 'error', character, info.value));
    }
    index.set(key, info);
    const prefix = key === '' ? '' : `${key}\u0001`;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        if (keyNode && !isScalar(keyNode)) {
          // "? [a, b]: x" or "{a: 1}: x": JavaScript keys are text, and a report's keys are words.
          diagnostics.push(diag('yaml.syntax', 'error', 'ogiltig YAML: en nyckel måste vara ett ord, inte en lista eller mappning', keyNode.range ? posAt(keyNode.range[0]) : info.value));
          continue;
        }
        const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const kp = keyNode?.range ? posAt(keyNode.range[0]) : info.value;
        if (name === '__proto__') {
          // JavaScript would drop it (a number) or read it as the object's prototype: no report key is called so.
          diagnostics.push(diag('schema.okänd-nyckel', 'error', 'okänd nyckel "__proto__"', kp));
          continue;
        }
        const valueNode = pair.value as Node | null;
        if (valueNode) visit(valueNode, prefix + name, kp, depth + 1);
        else index.set(prefix + name, { value: kp, key: kp });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item as Node, prefix + String(i), undefined, depth + 1));
    } else if (isAlias(node)) {
      firstAlias ??= info.value;
      aliasTargets ??= resolveAliases(doc);
      const target = aliasTargets.get(node);
      if (target === undefined) {
        diagnostics.push(diag('yaml.syntax', 'error', `ogiltig YAML: aliaset *${node.source} pekar på ett ankare som inte finns`, info.value));
      } else if (isScalar(target) && target.range) {
        // An alias of a number carries its anchor's written precision.
        info.raw = source.slice(target.range[0], target.range[1]);
      }
    }
  };
  visit(doc.contents as Node | null, pathKey([]));
  if (diagnostics.length > 0) return { diagnostics };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch {
    return {
      diagnostics: [diag('yaml.alias', 'error', `aliasen (*namn) i filen blir för många när de vecklas ut (${MAX_ALIASES} eller fler); skriv ut värdena i stället`, firstAlias ?? posAt(0))],
    };
  }
  return { result: { file: displayName, source, data, index, lineCounter }, diagnostics: [] };
}

/**
 * yaml's parseDocument(source, { lineCounter, strict: true, uniqueKeys: false }), built from its parts
 * (github.com/eemeli/yaml, docs "Parser"), so that the values are counted as the lexer finds them: a file
 * with more than MAX_VALUES is refused at the first value too many, before the rest is read.
 * uniqueKeys is off because yaml compares each key with all earlier keys of its mapping (quadratic:
 * 100 000 keys took 149 s); duplicateKeyOffsets finds them with a Set per mapping instead.
 */
function parseCounted(source: string, lineCounter: LineCounter): { doc: Document.Parsed } | { tooMany: number } {
  const parser = new Parser(lineCounter.addNewLine);
  let tooMany: number | undefined;
  function* tokens(): Generator<CST.Token> {
    lineCounter.addNewLine(0);
    // A value is a scalar, an alias or a [ ] or { } collection, or the empty value (or block
    // collection) of a "-", "?", ":" or "," that no such token follows. Keys are no values.
    let values = 0;
    /** The next lexeme is the text of a plain or block scalar (counted at the marker before it). */
    let scalarText = false;
    /** A "-", "?", ":" or "," waits for its value. */
    let open = false;
    /** The last token was a value, which a ":" now makes a key ... */
    let key = false;
    /** ... and that value was the one an open indicator waited for: it holds the mapping of that key. */
    let filled = false;
    for (const lexeme of new Lexer().lex(source)) {
      if (scalarText) {
        scalarText = false;
      } else {
        const type = CST.tokenType(lexeme);
        switch (type) {
          case 'space':
          case 'newline':
          case 'comment':
          case 'anchor':
          case 'tag':
          case 'block-scalar-header':
            break;
          case 'scalar':
            scalarText = true;
          // falls through
          case 'single-quoted-scalar':
          case 'double-quoted-scalar':
          case 'alias':
          case 'flow-map-start':
          case 'flow-seq-start':
            values++;
            filled = open;
            open = false;
            key = true;
            break;
          case 'map-value-ind':
            if (key) values -= filled ? 0 : 1;
            else if (open) values++;
            key = filled = false;
            open = true;
            break;
          default:
            if (open) values++;
            key = filled = false;
            open = type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'comma';
        }
        if (values > MAX_VALUES) {
          tooMany = parser.offset;
          return;
        }
      }
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  }
  const composer = new Composer({ strict: true, uniqueKeys: false });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens(), true, source.length)) {
    if (tooMany !== undefined) break;
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  if (tooMany !== undefined) return { tooMany };
  // compose(…, forceDoc = true) always gives a document.
  return { doc: doc as Document.Parsed };
}

/**
 * What each alias of the document refers to, as yaml's Alias.resolve(doc) finds it: the last node
 * before the alias, in document order, with its anchor. resolve(doc) walks the whole document for
 * every alias (a file with many aliases took quadratic time); this walks it once.
 */
function resolveAliases(doc: Document.Parsed): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const last = new Map<string, Node>();
  visitYaml(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, last.get(node.source));
      else if (node.anchor) last.set(node.anchor, node);
    },
  });
  return targets;
}

/**
 * Offsets of the keys that repeat an earlier key of their mapping (the second one), as yaml's
 * uniqueKeys: true reports them: scalar keys with the same value (`1` and `0x1` are the same key,
 * `1` and `"1"` are not). Iterative, so that a file nested too deep for yaml is walked too.
 */
function duplicateKeyOffsets(doc: Document.Parsed): number[] {
  const offsets: number[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (seen.has(key.value)) offsets.push(key.range?.[0] ?? node.range?.[0] ?? 0);
          else seen.add(key.value);
        }
        stack.push(pair.value, key);
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
  return offsets.sort((a, b) => a - b);
}

/** yaml's errors with DUPLICATE_KEY errors at `offsets` (ascending) put in source order among them. */
function withDuplicateKeys(errors: readonly YAMLParseError[], offsets: readonly number[]): YAMLParseError[] {
  if (offsets.length === 0) return [...errors];
  const out: YAMLParseError[] = [];
  let i = 0;
  const duplicate = (offset: number) => new YAMLParseError([offset, offset + 1], 'DUPLICATE_KEY', 'Map keys must be unique');
  for (const error of errors) {
    while (i < offsets.length && (offsets[i] as number) < error.pos[0]) out.push(duplicate(offsets[i++] as number));
    out.push(error);
  }
  while (i < offsets.length) out.push(duplicate(offsets[i++] as number));
  return out;
}

/**
 * A text value with a character no report can hold, written as an escape ("\\u0000", "\\ud800"):
 * the file itself is clean (text-file.ts checks it), the value is not.
 */
function badCharacter(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const control = CONTROL_CHARACTER.exec(value);
  if (control) {
    return `texten innehåller styrtecknet U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} (skrivet med \\-escape); ta bort det`;
  }
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(value);
  if (lone) return `texten innehåller ett ensamt surrogat U+${(lone[0].codePointAt(0) ?? 0).toString(16).toUpperCase()} (skrivet med \\-escape), som inte är något tecken; ta bort det`;
  return undefined;
}

/** Why a scalar that YAML reads as a number cannot be a figure in a report, if it cannot. */
function numberProblem(value: unknown, raw: string | undefined): string | undefined {
  if (typeof value !== 'number') return undefined;
  if (Number.isNaN(value)) return 'NaN (.nan) är inget tal som kan redovisas';
  if (!Number.isFinite(value)) {
    return raw !== undefined && /inf/i.test(raw) ? 'oändligheten (.inf) är inget tal som kan redovisas' : `talet ${raw ?? value} är för stort`;
  }
  if (raw !== undefined && /^[-+]?0[xXoO]/.test(raw.trim())) return `skriv talet decimalt, inte ${raw.trim()} (talet är ${value})`;
  return undefined;
}

function translateYamlError(message: string): string {
  const known: [RegExp, string][] = [
    [/Implicit keys need to be on a single line/i, 'en nyckel måste stå på en rad'],
    [/Implicit map keys need to be followed by map values/i, 'nyckeln saknar kolon och värde'],
    [/Nested mappings are not allowed in compact mappings/i, 'nästlade mappningar är inte tillåtna här; kontrollera indraget'],
    [/All mapping items must start at the same column/i, 'alla nycklar i en mappning måste ha samma indrag'],
    [/All collection items must start at the same column/i, 'alla element i en lista måste ha samma indrag'],
    [/Tabs are not allowed as indentation/i, 'tabb får inte användas som indrag'],
    [/Missing closing "quote/i, 'citattecken saknar avslutning'],
    [/Unexpected end of flow/i, 'oväntat slut; en klammer eller hakparentes saknar avslutning'],
    [/Map keys must be unique/i, 'nyckeln förekommer två gånger'],
    [/Unresolved alias/i, 'aliaset pekar på ett ankare som inte finns'],
    [/Flow sequence in block collection/i, 'en lista inom [ ] måste vara indragen under sin nyckel'],
    [/Sequence item without - indicator/i, 'ett listelement saknar "- "'],
    [/Unexpected scalar at node end/i, 'oväntat värde i slutet av raden; saknas ett kolon eller citattecken?'],
    [/Block scalars with more-indented leading empty lines/i, 'blocktexten börjar med tomma rader som är mer indragna än texten'],
    [/Comments must be separated from other tokens by white space/i, 'en kommentar (#) måste föregås av ett mellanslag'],
    [/Unexpected flow-seq-end/i, 'oväntad ]'],
    [/Unexpected flow-map-end/i, 'oväntad }'],
    [/Block collections are not allowed within flow collections/i, 'en lista eller mappning med indrag kan inte stå inom [ ] eller { }; saknas ett kommatecken eller en avslutande klammer?'],
    [/Flow map in block collection must be sufficiently indented and end with a \}/i, 'en mappning inom { } måste avslutas med } (och vara indragen under sin nyckel)'],
    [/Flow sequence in block collection must be sufficiently indented and end with a \]/i, 'en lista inom [ ] måste avslutas med ] (och vara indragen under sin nyckel)'],
    [/Unsupported YAML version/i, 'okänd YAML-version i %YAML-direktivet; ta bort raden'],
    [/Unresolved tag/i, 'taggar (!…) används inte i rapporter; ta bort taggen'],
    [/Source contains multiple documents/i, 'filen innehåller flera YAML-dokument (---); en rapportfil är ett dokument'],
    [/Plain value cannot start with/i, 'ett värde kan inte börja med det tecknet; sätt värdet inom citattecken'],
  ];
  for (const [re, sv] of known) if (re.test(message)) return sv;
  return message.split('\n')[0] ?? message;
}
