/**
 * Tagged-PDF bookkeeping: the logical structure tree (Document → H1…, P, L,
 * Table, TOC …) built while the layout draws, the marked-content sequences
 * that tie drawn content to its structure element (MCIDs, ParentTree), and
 * artifacts for everything that is only decoration or pagination.
 *
 * The tree is kept here and written as PDF objects once, at the end
 * (`finish`), instead of through pdfkit's PDFStructureElement: elements that
 * never received content are dropped, an element may collect content from
 * several pages (split paragraphs, table cells, tables), and link annotations
 * get their OBJR with the page they are really on. pdfkit still provides the
 * StructTreeRoot, the ParentTree and the marked-content operators.
 *
 * Rules the layout follows:
 *  - content is drawn inside `content()` (owned by the current element, set
 *    with `within`) or inside `artifact()`; nothing else may paint;
 *  - a marked-content sequence never spans a page change: PageFlow calls
 *    `suspend()`/`resume()` around every new page.
 */

export type StructType =
  | 'Document' | 'Sect' | 'Div' | 'BlockQuote' | 'P' | 'H1' | 'H2' | 'H3' | 'H4'
  | 'L' | 'LI' | 'Lbl' | 'LBody'
  | 'Table' | 'Caption' | 'THead' | 'TBody' | 'TR' | 'TH' | 'TD'
  | 'TOC' | 'TOCI' | 'Link' | 'Figure';

/** A structure attribute dictionary, e.g. { O: 'Table', Scope: 'Column' }. */
export type StructAttributes = { O: 'Table' | 'List' | 'Layout' } & Record<string, string | number | number[]>;

/** A page of the pdfkit document, as far as the tagging needs it. */
interface TaggedPage {
  dictionary: PdfRef;
  readonly structParentTreeKey: number;
}

/** A pdfkit indirect object (PDFReference). */
interface PdfRef {
  data: Record<string, unknown>;
  end(): void;
}

/** The parts of pdfkit's document used here that its type definitions lack. */
interface TaggingDoc {
  page: TaggedPage;
  markContent(tag: string, options?: Record<string, unknown>): unknown;
  endMarkedContent(): unknown;
  ref(data: Record<string, unknown>): PdfRef;
  getStructTreeRoot(): PdfRef;
  createStructParentTreeNextKey(): number;
}

interface PageState {
  page: TaggedPage;
  /** Owner of each MCID of the page, in MCID order. */
  owners: StructNode[];
}

interface MarkedContentKid {
  kind: 'mcid';
  page: PageState;
  mcid: number;
}

interface AnnotationKid {
  kind: 'annot';
  annotation: PdfRef;
  page: PdfRef;
  /** The annotation's /StructParent key in the ParentTree. */
  key: number;
}

type Kid = StructNode | MarkedContentKid | AnnotationKid;

export type ArtifactType = 'Layout' | 'Pagination';

export interface ArtifactOptions {
  type?: ArtifactType;
  /** Pagination artifacts: the page edge they belong to. */
  attached?: 'Top' | 'Bottom';
}

export class StructNode {
  readonly kids: Kid[] = [];

  constructor(
    readonly type: StructType,
    readonly parent: StructNode | null,
    readonly attributes: StructAttributes | null,
    /** Written even without content (table cells keep a table regular). */
    readonly keepEmpty: boolean,
    /** Alternative text (Figure). */
    readonly alt?: string,
  ) {}

  hasContent(): boolean {
    return this.keepEmpty || this.kids.some((k) => !(k instanceof StructNode) || k.hasContent());
  }
}

export interface NodeOptions {
  /** Parent element; default: the current element. */
  parent?: StructNode;
  attributes?: StructAttributes;
  keepEmpty?: boolean;
  alt?: string;
}

export class Tagger {
  readonly root: StructNode;
  private current: StructNode;
  private open: { node: StructNode; page: PageState } | null = null;
  private artifactDepth = 0;
  private artifactOptions: ArtifactOptions | null = null;
  private readonly pages = new Map<TaggedPage, PageState>();
  private finished = false;

  constructor(private readonly pdf: PDFKit.PDFDocument) {
    this.root = new StructNode('Document', null, null, false);
    this.current = this.root;
  }

  private get doc(): TaggingDoc {
    return this.pdf as unknown as TaggingDoc;
  }

  /** A new structure element, appended to the parent's children (reading order = call order). */
  add(type: StructType, options: NodeOptions = {}): StructNode {
    const parent = options.parent ?? this.current;
    const node = new StructNode(type, parent, options.attributes ?? null, options.keepEmpty ?? false, options.alt);
    parent.kids.push(node);
    return node;
  }

  /** Runs fn with `node` as the current element (owner of drawn content, parent of new elements). */
  within<T>(node: StructNode, fn: () => T): T {
    const previous = this.current;
    this.current = node;
    try {
      return fn();
    } finally {
      this.current = previous;
    }
  }

  /** A new element (child of the current one) that is current while fn runs. */
  element<T>(type: StructType, fn: () => T, options: NodeOptions = {}): T {
    return this.within(this.add(type, options), fn);
  }

  /** Marks what fn draws as content of the current element (inside an artifact: untagged). */
  content(fn: () => void): void {
    if (this.artifactDepth > 0) {
      fn();
      return;
    }
    const node = this.current;
    const page = this.pageState();
    if (this.open === null || this.open.node !== node || this.open.page !== page) {
      this.close();
      const mcid = page.owners.length;
      page.owners.push(node);
      node.kids.push({ kind: 'mcid', page, mcid });
      this.doc.markContent(node.type, { mcid });
      this.open = { node, page };
    }
    fn();
  }

  /** Draws fn as an artifact (Layout by default: rules, fills, leaders). */
  artifact(fn: () => void, options: ArtifactOptions = {}): void {
    if (this.artifactDepth > 0) {
      fn();
      return;
    }
    this.close();
    this.artifactOptions = options;
    this.beginArtifact();
    this.artifactDepth += 1;
    try {
      fn();
    } finally {
      this.artifactDepth -= 1;
      this.doc.endMarkedContent();
      this.artifactOptions = null;
    }
  }

  private beginArtifact(): void {
    const o = this.artifactOptions ?? {};
    this.doc.markContent('Artifact', { type: o.type ?? 'Layout', ...(o.attached ? { attached: [o.attached] } : {}) });
  }

  /**
   * Draws link text as a Link element (child of the current element) and
   * creates its annotation, tied to the element by an OBJR and /StructParent.
   */
  link(contents: string, draw: () => void, annotate: (options: Record<string, unknown>) => void): void {
    if (this.artifactDepth > 0) {
      // Repeated or decorative text: an annotation here would stand outside the structure tree
      // (PDF/UA 7.18.1); the real occurrence of the text carries the link.
      draw();
      return;
    }
    const node = this.add('Link');
    this.within(node, () => this.content(draw));
    this.annotation(node, contents, annotate);
  }

  /** Creates an annotation owned by `node` (an OBJR kid of the element). */
  annotation(node: StructNode, contents: string, annotate: (options: Record<string, unknown>) => void): void {
    const page = this.doc.page.dictionary;
    const doc = this.doc;
    let added = false;
    // pdfkit's annotate() hands a structParent the new annotation before ending it.
    const structParent = {
      add(reference: { annotationRef: PdfRef }) {
        const key = doc.createStructParentTreeNextKey();
        reference.annotationRef.data['StructParent'] = key;
        node.kids.push({ kind: 'annot', annotation: reference.annotationRef, page, key });
        added = true;
      },
    };
    annotate({ Contents: new String(contents), structParent });
    if (!added) throw new Error('tagging: pdfkit did not hand over the annotation (structParent hook); check the pinned pdfkit version');
  }

  /** Ends the open marked-content sequence, if any. */
  close(): void {
    if (this.open === null) return;
    if (this.open.page.page !== this.doc.page) throw new Error('tagging: marked content left open across a page change');
    this.doc.endMarkedContent();
    this.open = null;
  }

  /** Before the document moves to another page: nothing may stay open on this one. */
  suspend(): void {
    this.close();
    if (this.artifactDepth > 0) this.doc.endMarkedContent();
  }

  /** After a page change: an artifact being drawn continues on the new page. */
  resume(): void {
    if (this.artifactDepth > 0) this.beginArtifact();
  }

  private pageState(): PageState {
    const page = this.doc.page;
    let state = this.pages.get(page);
    if (state === undefined) {
      state = { page, owners: [] };
      this.pages.set(page, state);
    }
    return state;
  }

  /**
   * Writes the structure tree: one StructElem per element with content
   * (depth first, so object order follows reading order), the ParentTree
   * entries of every page and annotation, and the Document root under the
   * StructTreeRoot. Call once, after all drawing and before doc.end().
   */
  finish(): void {
    if (this.finished) throw new Error('tagging: finish() called twice');
    this.finished = true;
    this.close();
    const doc = this.doc;
    const treeRoot = doc.getStructTreeRoot();
    const refs = new Map<StructNode, PdfRef>();
    const order: StructNode[] = [];
    const assign = (node: StructNode) => {
      if (node !== this.root && !node.hasContent()) return;
      refs.set(node, doc.ref({}));
      order.push(node);
      for (const kid of node.kids) if (kid instanceof StructNode) assign(kid);
    };
    assign(this.root);

    const parentTree = treeRoot.data['ParentTree'] as { add(key: number, value: unknown): void; limits: boolean };
    // The tree is a single root node, which must not carry /Limits (intermediate and leaf nodes only).
    parentTree.limits = false;
    for (const state of this.pages.values()) {
      parentTree.add(state.page.structParentTreeKey, state.owners.map((owner) => refs.get(owner)!));
    }

    for (const node of order) {
      const ref = refs.get(node)!;
      const data: Record<string, unknown> = { Type: 'StructElem', S: node.type, P: node.parent ? refs.get(node.parent)! : treeRoot };
      const k: unknown[] = [];
      let pg: PdfRef | undefined;
      for (const kid of node.kids) {
        if (kid instanceof StructNode) {
          const child = refs.get(kid);
          if (child) k.push(child);
        } else if (kid.kind === 'mcid') {
          pg ??= kid.page.page.dictionary;
          k.push(kid.page.page.dictionary === pg ? kid.mcid : { Type: 'MCR', Pg: kid.page.page.dictionary, MCID: kid.mcid });
        } else {
          k.push({ Type: 'OBJR', Obj: kid.annotation, Pg: kid.page });
          parentTree.add(kid.key, ref);
        }
      }
      if (pg) data['Pg'] = pg;
      if (k.length > 0) data['K'] = k;
      if (node.attributes) data['A'] = { ...node.attributes };
      // A String object becomes a PDF text string (UTF-16 when needed).
      if (node.alt !== undefined) data['Alt'] = new String(node.alt);
      Object.assign(ref.data, data);
    }
    for (const node of order) refs.get(node)!.end();
    treeRoot.data['K'] = refs.get(this.root)!;
  }
}
