/**
 * PDF renderer: lays out the standalone HTML document produced by the report
 * templates with pdfkit (no browser), so an edited template changes both the
 * HTML and the PDF.
 *
 * Two passes: the first learns on which page every element id lands, the
 * second writes the table of contents with those page numbers. The output is
 * byte-identical for the same input and options.
 */
import PDFDocument from 'pdfkit';
import { htmlToBlocks } from './dom.js';
import { FontSet, fontSource } from './fonts.js';
import { layoutBlocks, rootContext } from './layout/blocks.js';
import { PageFlow } from './layout/flow.js';
import { drawRunningTexts } from './running.js';
import { metadata, page } from './style.js';
import type { Block } from './model.js';

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
}

function createDocument(options: PdfOptions): PDFKit.PDFDocument {
  const info: PDFKit.DocumentInfo = {
    Title: options.title,
    Producer: metadata.producer,
    Creator: metadata.creator,
    CreationDate: options.date,
    ModDate: options.date,
  };
  if (options.author) info.Author = options.author;
  if (options.subject) info.Subject = options.subject;
  if (options.keywords) info.Keywords = options.keywords;
  return new PDFDocument({
    size: page.size,
    margins: page.margins,
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: metadata.lang,
    displayTitle: true,
    // Not declared tagged until the body carries a structure tree (H, P, Table …); an empty tree
    // would claim an accessibility the document does not have.
    tagged: false,
    compress: true,
    // Never load a standard-14 font: the default face is an embedded TTF.
    font: fontSource('sans') as unknown as string,
    info,
  });
}

interface PassResult {
  doc: PDFKit.PDFDocument;
  fonts: FontSet;
  flow: PageFlow;
}

function layoutPass(blocks: Block[], options: PdfOptions, previous: ReadonlyMap<string, number> | null): PassResult {
  const doc = createDocument(options);
  const fonts = new FontSet(doc);
  const flow = new PageFlow(doc, fonts, previous);
  layoutBlocks(flow, blocks, rootContext(flow));
  flow.flushIds();
  return { doc, fonts, flow };
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export async function renderPdf(html: string, options: PdfOptions): Promise<Buffer> {
  const blocks = htmlToBlocks(html);
  // Pass 1: where does every id land? (never finalized)
  const first = layoutPass(blocks, options, null);
  // Pass 2: the real document, with page numbers in the table of contents.
  const { doc, fonts, flow } = layoutPass(blocks, options, first.flow.destinations);
  drawRunningTexts(doc, fonts, { header: options.runningHeader, footer: options.runningFooter }, flow.plainPages);
  const done = collect(doc);
  doc.end();
  return done;
}
