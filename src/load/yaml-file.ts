import { readFileSync } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node } from 'yaml';
import { diag, type Diagnostic, type SourcePos } from '../diagnostics/diagnostic.js';

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

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Parse one YAML file; every node's position is indexed by its path in the data. */
export function readYamlFile(file: string, displayName: string): { result?: YamlFile; diagnostics: Diagnostic[] } {
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (error) {
    return {
      diagnostics: [diag('fil.läsfel', 'error', `kan inte läsa filen: ${(error as NodeJS.ErrnoException).code ?? 'okänt fel'}`, { file: displayName, line: 1, column: 1 })],
    };
  }
  if (buffer.length > MAX_FILE_BYTES) {
    return {
      diagnostics: [diag('fil.för-stor', 'error', `filen är ${buffer.length} byte; största tillåtna storlek är ${MAX_FILE_BYTES} byte`, { file: displayName, line: 1, column: 1 })],
    };
  }
  const source = buffer.toString('utf8').replace(/^\uFEFF/, '');
  return parseYamlSource(source, displayName);
}

export function parseYamlSource(source: string, displayName: string): { result?: YamlFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const posAt = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: displayName, line, column: col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const error of doc.errors) {
    if (error.code === 'DUPLICATE_KEY') {
      const key = /^[^:\n]+/.exec(source.slice(error.pos[0]))?.[0]?.trim();
      diagnostics.push(diag('yaml.dubblerad-nyckel', 'error', `nyckeln ${key ? `"${key}" ` : ''}förekommer två gånger i samma mappning`, posAt(error.pos[0])));
    } else {
      diagnostics.push(diag('yaml.syntax', 'error', `ogiltig YAML: ${translateYamlError(error.message)}`, posAt(error.pos[0])));
    }
  }
  if (diagnostics.length > 0) return { diagnostics };

  const index = new Map<string, NodeInfo>();
  // `key` is pathKey(path), extended per level rather than joined anew for every node.
  const visit = (node: Node | null | undefined, key: string, keyPos?: SourcePos): void => {
    if (!node) return;
    const range = node.range ? ([node.range[0], node.range[1]] as [number, number]) : undefined;
    const info: NodeInfo = { value: posAt(range?.[0] ?? 0), key: keyPos, range };
    if (isScalar(node)) {
      info.scalarType = (node as Scalar).type;
      if (range) info.raw = source.slice(range[0], range[1]);
    }
    index.set(key, info);
    const prefix = key === '' ? '' : `${key}\u0001`;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const kp = keyNode?.range ? posAt(keyNode.range[0]) : info.value;
        const valueNode = pair.value as Node | null;
        if (valueNode) visit(valueNode, prefix + name, kp);
        else index.set(prefix + name, { value: kp, key: kp });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item as Node, prefix + String(i)));
    } else if (isAlias(node)) {
      const target = node.resolve(doc);
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
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      diagnostics: [diag('yaml.alias', 'error', `för många alias i dokumentet (${(error as Error).message})`, posAt(0))],
    };
  }
  return { result: { file: displayName, source, data, index, lineCounter }, diagnostics: [] };
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
    [/Plain value cannot start with/i, 'ett värde kan inte börja med det tecknet; sätt värdet inom citattecken'],
  ];
  for (const [re, sv] of known) if (re.test(message)) return sv;
  return message.split('\n')[0] ?? message;
}
