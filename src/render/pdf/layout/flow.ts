/**
 * The page flow: a vertical cursor over the pages of a pdfkit document.
 * Handles page breaks, collapsing vertical gaps (dropped at the top of a
 * page), named destinations for pending element ids, outline (bookmark)
 * entries, pending list markers and decorations that must be redrawn on every
 * page they span (the left rule of a kommentar block). Every page change
 * suspends the tagger, so no marked-content sequence spans two pages.
 */
import type { FontSet } from '../base/fonts.js';
import { page } from '../base/style.js';
import type { StructNode, Tagger } from '../base/tagging.js';
import { drawLine, type Line, type Align } from './lines.js';

export interface Decoration {
  /** Draws the part of the decoration between top and bottom on the current page. */
  draw(top: number, bottom: number): void;
  /** Top of the current page's segment, or null if nothing was placed yet on this page. */
  segmentTop: number | null;
}

export interface Marker {
  line: Line;
  /** Right edge of the marker column. */
  right: number;
  /** The list item's Lbl element. */
  tag: StructNode | null;
}

interface OutlineNode {
  level: number;
  item: PDFKit.PDFOutline;
}

export class PageFlow {
  readonly top = page.margins.top;
  readonly bottom = page.height - page.margins.bottom;
  readonly left = page.margins.left;
  readonly width = page.width - page.margins.left - page.margins.right;

  y = this.top;
  /** 1-based number of the current page. */
  pageNumber = 0;
  /** Nothing has been placed on the current page yet. */
  fresh = true;
  private gap = 0;
  private pendingIds: string[] = [];
  private readonly decorations: Decoration[] = [];
  private outlineStack: OutlineNode[] = [];
  marker: Marker | null = null;
  /** Pages that must not get a running header/footer (1-based). */
  readonly plainPages = new Set<number>();
  /** id → 1-based page number where the element landed. */
  readonly destinations = new Map<string, number>();

  /** Drawing that needs the finished layout (page numbers in the table of contents), by page. */
  private readonly deferred: Array<{ pageIndex: number; draw: () => void }> = [];

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: FontSet,
    /** Structure tree and marked content of the document. */
    readonly tagger: Tagger,
  ) {
    this.addPage();
  }

  get remaining(): number {
    return this.bottom - this.y;
  }

  private addPage(): void {
    // Marked-content sequences never span pages; an artifact being drawn continues on the new page.
    this.tagger.suspend();
    this.doc.addPage();
    this.tagger.resume();
    this.pageNumber += 1;
    this.y = this.top;
    this.fresh = true;
    this.gap = 0;
  }

  /** Starts a new page (no-op if nothing has been placed on the current one). */
  newPage(): void {
    if (this.fresh) return;
    for (const d of this.decorations) {
      if (d.segmentTop !== null) d.draw(d.segmentTop, this.y);
      d.segmentTop = null;
    }
    this.addPage();
  }

  /** Requests vertical space before the next placed content (collapses with pending space). */
  space(amount: number): void {
    this.gap = Math.max(this.gap, amount);
  }

  /** The gap that would be applied before the next placement. */
  get pendingGap(): number {
    return this.fresh ? 0 : this.gap;
  }

  /** True if content of the given height fits below the pending gap on this page. */
  fits(height: number): boolean {
    return this.fresh || this.y + this.gap + height <= this.bottom + 0.01;
  }

  /** Ensures that `height` fits on the current page, breaking the page if not. */
  ensure(height: number): void {
    if (!this.fits(height)) this.newPage();
  }

  /**
   * Places content of the given height (breaking the page first if it does not
   * fit) and returns its top. Pending ids get their destinations here.
   */
  place(height: number, x: number = this.left): number {
    this.ensure(height);
    if (!this.fresh) this.y += this.gap;
    this.gap = 0;
    const top = this.y;
    this.resolveIds(x, top);
    for (const d of this.decorations) if (d.segmentTop === null) d.segmentTop = top;
    this.y += height;
    this.fresh = false;
    return top;
  }

  /** Places one text line at x (within width) and draws the pending list marker on it. */
  placeLine(line: Line, x: number, width: number, align: Align = 'left'): number {
    const top = this.place(line.height, x);
    drawLine(this, line, x, top, width, align);
    if (this.marker) {
      const m = this.marker;
      this.marker = null;
      const drawMarker = () => drawLine(this, { ...m.line, height: line.height, size: line.size }, m.right - m.line.width, top, m.line.width);
      if (m.tag) this.tagger.within(m.tag, drawMarker);
      else drawMarker();
    }
    return top;
  }

  /** Ids whose destination is the next placed content. */
  addIds(ids: readonly string[]): void {
    for (const id of ids) if (!this.pendingIds.includes(id)) this.pendingIds.push(id);
  }

  private resolveIds(x: number, y: number): void {
    if (this.pendingIds.length === 0) return;
    for (const id of this.pendingIds) {
      if (this.destinations.has(id)) continue;
      this.destinations.set(id, this.pageNumber);
      this.doc.addNamedDestination(id, 'XYZ', x, Math.max(0, y - 6), null as unknown as number);
    }
    this.pendingIds = [];
  }

  /**
   * Draws `draw` on the current page once the whole document is laid out (`drawDeferred`), when
   * every destination is known: one layout pass instead of one to learn the page numbers and one
   * to write them. What it draws must fit into space reserved now.
   */
  afterLayout(draw: () => void): void {
    const range = this.doc.bufferedPageRange();
    this.deferred.push({ pageIndex: range.start + range.count - 1, draw });
  }

  /** Runs the drawing deferred by `afterLayout`, in the order it was requested. */
  drawDeferred(): void {
    this.tagger.close();
    for (const { pageIndex, draw } of this.deferred) {
      this.doc.switchToPage(pageIndex);
      draw();
      // A marked-content sequence ends on the page it began on.
      this.tagger.close();
    }
    this.deferred.length = 0;
  }

  /** Flushes pending ids at the current position (end of document or before a forced break). */
  flushIds(): void {
    this.resolveIds(this.left, this.fresh ? this.top : this.y);
  }

  pushDecoration(d: Decoration): void {
    this.decorations.push(d);
  }

  popDecoration(d: Decoration): void {
    const i = this.decorations.lastIndexOf(d);
    if (i >= 0) this.decorations.splice(i, 1);
    if (d.segmentTop !== null) d.draw(d.segmentTop, this.y);
    d.segmentTop = null;
  }

  /** Adds a bookmark for a heading placed at y on the current page. */
  addOutline(level: number, title: string, y: number): void {
    while (this.outlineStack.length > 0 && this.outlineStack[this.outlineStack.length - 1]!.level >= level) {
      this.outlineStack.pop();
    }
    const parent = this.outlineStack[this.outlineStack.length - 1]?.item ?? this.doc.outline;
    // pdfkit computes left as (page width − left) and top as (page height − top).
    const options = { top: Math.max(0, y - 6), left: page.width, expanded: level <= 1 };
    const item = parent.addItem(title, options as unknown as { expanded?: boolean });
    this.outlineStack.push({ level, item });
  }
}
