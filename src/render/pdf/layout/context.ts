/** Where a block is set: its column and what the enclosing blocks ask of it (shared by blocks, tables, the contents and the cover). */
import type { PageFlow } from './flow.js';

export interface BlockContext {
  x: number;
  width: number;
  /** Inside a blockquote: text is italic. */
  italic: boolean;
  /** Inside list items paragraphs are spaced tighter. */
  inList: boolean;
  /** On the title page: larger type, no bookmarks. */
  title: boolean;
}

export function rootContext(flow: PageFlow): BlockContext {
  return { x: flow.left, width: flow.width, italic: false, inList: false, title: false };
}
