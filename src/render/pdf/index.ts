/**
 * PDF renderer: lays out the standalone HTML document produced by the report
 * templates with pdfkit (no browser), so an edited template changes both the
 * HTML and the PDF.
 *
 * One layout pass: the table of contents reserves a column of fixed width for
 * its page numbers and writes them when every element id has landed (see
 * PageFlow.afterLayout). The output is byte-identical for the same input and
 * options.
 *
 * The output is a tagged PDF (structure tree from the block model, see
 * tagging.ts) declaring PDF/UA-1 and, by default, PDF/A-3a (standards.ts).
 */
import PDFDocument from 'pdfkit';
import { htmlToBlocks, type HtmlDocument } from './dom.js';
import { FontSet, fontSource } from './base/fonts.js';
import { layoutBlocks } from './layout/blocks.js';
import { rootContext } from './layout/context.js';
import { PageFlow } from './layout/flow.js';
import { drawRunningTexts } from './running.js';
import {
  byteOrderNameTrees, checkStandardOptions, customInfo, embedAttachments, installXmp, metadataText, pdfkitSubset,
  type Attachment, type DocumentMetadata, type Standard,
} from './standards.js';
import { installTheme, metadata, page, type PdfTheme } from './base/style.js';
import { Tagger } from './base/tagging.js';
import type { Block } from './base/model.js';

export type { Attachment, Standard } from './standards.js';
export { parseHtml, type HtmlDocument } from './dom.js';

export interface PdfOptions {
  /** Document title (metadata, shown as window title). */
  title: string;
  /** E.g. the förvaltning. */
  author?: string;
  subject?: string;
  keywords?: string;
  /** CreationDate and ModDate (reproducible builds; from SOURCE_DATE_EPOCH). */
  date: Date;
  /** Small grey text at the top of every page except the title page. */
  runningHeader: string;
  /** Footer text (e.g. "Dnr SEN/2023:35"); the footer also shows "Sida X av Y". */
  runningFooter: string;
  /** A draft (build --utkast): this mark is drawn on every page, the title page too (running.ts). */
  draftMark?: string;
  /** Declared standards. 'PDF/A-3a' allows embedded source files (default); 'PDF/A-2a' forbids non-PDF/A attachments; 'none' declares only PDF/UA-1. */
  standard?: Standard;
  /** Files embedded in the PDF (PDF/A-3: AFRelationship Source), e.g. the report's YAML files. Refused (throw) with PDF/A-2a. */
  attachments?: Attachment[];
  /** Extra XMP/Info metadata, e.g. { 'rapport:commit': '<sha>' } — the Info dictionary gets the same keys. */
  custom?: Record<string, string>;
  /** The kommun's graphic profile (colours, sizes, margins); default: the standard theme. */
  theme?: PdfTheme;
}

function documentMetadata(options: PdfOptions): DocumentMetadata {
  return {
    title: metadataText(options.title),
    ...(options.author ? { author: metadataText(options.author) } : {}),
    ...(options.subject ? { subject: metadataText(options.subject) } : {}),
    ...(options.keywords ? { keywords: metadataText(options.keywords) } : {}),
    date: options.date,
    producer: metadata.producer,
    creator: metadata.creator,
    lang: metadata.lang,
    standard: options.standard ?? 'PDF/A-3a',
    custom: options.custom ?? {},
  };
}

function createDocument(meta: DocumentMetadata): PDFKit.PDFDocument {
  const info: PDFKit.DocumentInfo & Record<string, unknown> = {
    Title: meta.title,
    Producer: meta.producer,
    Creator: meta.creator,
    CreationDate: meta.date,
    ModDate: meta.date,
  };
  if (meta.author) info.Author = meta.author;
  if (meta.subject) info.Subject = meta.subject;
  if (meta.keywords) info.Keywords = meta.keywords;
  Object.assign(info, customInfo(meta.custom));
  const subset = pdfkitSubset(meta.standard);
  const doc = new PDFDocument({
    size: page.size,
    margins: page.margins,
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: meta.lang,
    displayTitle: true,
    // MarkInfo /Marked true and a StructTreeRoot; the tree itself is written by the Tagger.
    tagged: true,
    // PDF/A identification (pdfaid) and the sRGB OutputIntent; the rest of the XMP is ours.
    ...(subset ? { subset } : {}),
    compress: true,
    // Never load a standard-14 font: the default face is an embedded TTF.
    font: fontSource('sans') as unknown as string,
    info,
  });
  installXmp(doc, meta);
  return doc;
}

/** Lays out the blocks in one pass: the table of contents gets its page numbers at the end. */
function layout(blocks: Block[], meta: DocumentMetadata): { doc: PDFKit.PDFDocument; fonts: FontSet; flow: PageFlow; tagger: Tagger } {
  const doc = createDocument(meta);
  const fonts = new FontSet(doc);
  const tagger = new Tagger(doc);
  const flow = new PageFlow(doc, fonts, tagger);
  layoutBlocks(flow, blocks, rootContext(flow));
  flow.flushIds();
  flow.drawDeferred();
  tagger.close();
  return { doc, fonts, flow, tagger };
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** `html`: the report's HTML, or that HTML already parsed (parseHtml). */
export async function renderPdf(html: string | HtmlDocument, options: PdfOptions): Promise<Buffer> {
  installTheme(options.theme);
  const meta = documentMetadata(options);
  const attachments = options.attachments ?? [];
  checkStandardOptions(meta.standard, attachments, meta.custom);
  const blocks = htmlToBlocks(html);
  const { doc, fonts, flow, tagger } = layout(blocks, meta);
  drawRunningTexts(doc, fonts, { header: options.runningHeader, footer: options.runningFooter, draft: options.draftMark }, flow.plainPages, tagger);
  tagger.finish();
  // Text is checked for glyphs before rendering (pdf.tecken); a character that still reached the
  // PDF as an empty box (.notdef) stops it: no PDF is better than one with boxes in it.
  if (fonts.notdef.size > 0) {
    const label = (ch: string) => [...ch].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
    throw new Error(`PDF:ens typsnitt saknar ${[...fonts.notdef].map((ch) => `"${ch}" (${label(ch)})`).join(', ')}; tecknen skulle bli tomma rutor och ingen PDF skrivs`);
  }
  embedAttachments(doc, attachments);
  // Name trees in byte order, not in the locale's order: the same file in every locale.
  byteOrderNameTrees(doc);
  const done = collect(doc);
  doc.end();
  return done;
}
