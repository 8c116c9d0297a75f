import type { SourcePos } from '../diagnostics/diagnostic.js';
import { type NodeInfo, type Path, pathKey, type YamlFile } from './yaml-file.js';

/**
 * Maps paths in the merged report model to positions in the YAML files they came from.
 * Each top-level key belongs to exactly one file.
 */
export class SourceMap {
  constructor(
    private readonly files: Map<string, YamlFile>,
    private readonly topKeyFile: Map<string, string>,
    private readonly rootFile: string,
  ) {}

  /** The node at `path`, or its nearest recorded ancestor. */
  info(path: Path): { info: NodeInfo; exact: boolean; file: YamlFile } | undefined {
    const top = path[0];
    const fileName = top === undefined ? this.rootFile : (this.topKeyFile.get(String(top)) ?? this.rootFile);
    const file = this.files.get(fileName);
    if (!file) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const info = file.index.get(pathKey(path.slice(0, n)));
      if (info) return { info, exact: n === path.length, file };
    }
    return undefined;
  }

  /** Position of the value at `path` (or of the nearest ancestor that exists). */
  pos(path: Path): SourcePos {
    return this.info(path)?.info.value ?? this.fallback();
  }

  /** Position of the key at `path` when it exists, else of the value. */
  keyPos(path: Path): SourcePos {
    const found = this.info(path);
    if (!found) return this.fallback();
    return found.exact ? (found.info.key ?? found.info.value) : found.info.value;
  }

  /** An empty file has no nodes: point at its start. */
  private fallback(): SourcePos {
    return { file: this.rootFile, line: 1, column: 1 };
  }

  /** The source text of a scalar, exactly as written. */
  raw(path: Path): string | undefined {
    const found = this.info(path);
    return found?.exact ? found.info.raw : undefined;
  }

  /** The display name of the file that holds `path` (the file of its top-level key). */
  fileOf(path: Path): string {
    const top = path[0];
    return top === undefined ? this.rootFile : (this.topKeyFile.get(String(top)) ?? this.rootFile);
  }

  file(name: string): YamlFile | undefined {
    return this.files.get(name);
  }

  fileNames(): string[] {
    return [...this.files.keys()];
  }
}
