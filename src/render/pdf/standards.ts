/**
 * Declared conformance: PDF/UA-1 always, plus PDF/A-3a (default) or PDF/A-2a.
 *
 * pdfkit's `subset` option handles one standard at a time: for PDF/A it
 * writes the pdfaid identification and the sRGB OutputIntent, and that part
 * is used as is. The rest of the XMP packet is written here instead of by
 * pdfkit (whose packet leaves titles unescaped and lacks xmp:ModifyDate):
 * Dublin Core, xmp and pdf properties mirroring the Info dictionary, the
 * PDF/UA identification, custom rapport properties and, for PDF/A, the
 * extension schemas PDF/A demands for every namespace it does not predefine
 * (pdfuaid, rapport).
 *
 * Attachments (PDF/A-3 only) are embedded reproducibly: both dates from the
 * caller, the file name as given, AFRelationship /Source, listed in /AF of
 * the catalog and in the EmbeddedFiles name tree.
 */
import { createHash } from 'node:crypto';

/** Declared standards besides PDF/UA-1. */
export type Standard = 'PDF/A-3a' | 'PDF/A-2a' | 'none';

export interface Attachment {
  /** File name shown by readers (unique within the document). */
  name: string;
  data: Buffer;
  /** MIME type, e.g. 'application/yaml'. */
  mimeType: string;
  description?: string;
  /** Used as both CreationDate and ModDate of the embedded file. */
  modified: Date;
}

/** XMP namespace of the custom properties (`rapport:commit` …). */
export const RAPPORT_XMP_NAMESPACE = 'urn:rapport:xmp:1.0#';

export interface DocumentMetadata {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string;
  date: Date;
  producer: string;
  creator: string;
  lang: string;
  standard: Standard;
  custom: Record<string, string>;
}

const CUSTOM_KEY = /^(?:rapport:)?([A-Za-z_][A-Za-z0-9_-]*)$/;
const RESERVED_INFO_KEYS = new Set(['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate', 'Trapped']);
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/;

/** Characters XML 1.0 (and so XMP) cannot carry; dropped from metadata strings everywhere. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** A metadata string as both the Info dictionary and XMP carry it. */
export function metadataText(value: string): string {
  return value.replace(NOT_XML, '');
}

function xml(value: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
  return metadataText(value).replace(/[&<>"']/g, (c) => entities[c]!);
}

function xmpDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The pdfkit `subset` that yields the PDF/A identification and OutputIntent (none for 'none'). */
export function pdfkitSubset(standard: Standard): PDFKit.Mixins.PDFSubsets | undefined {
  return standard === 'none' ? undefined : standard;
}

/** Throws on option combinations that cannot be written as declared. */
export function checkStandardOptions(standard: Standard, attachments: readonly Attachment[], custom: Record<string, string>): void {
  if (!['PDF/A-3a', 'PDF/A-2a', 'none'].includes(standard)) throw new Error(`Unknown PDF standard "${String(standard)}"`);
  if (standard === 'PDF/A-2a' && attachments.length > 0) {
    throw new Error('PDF/A-2a forbids embedded files that are not PDF/A themselves; use standard "PDF/A-3a" to attach source files');
  }
  const names = new Set<string>();
  for (const a of attachments) {
    if (a.name.trim() === '' || metadataText(a.name) !== a.name) throw new Error(`Invalid attachment name "${a.name}"`);
    if (names.has(a.name)) throw new Error(`Attachment "${a.name}" is given twice`);
    names.add(a.name);
    if (!MIME_TYPE.test(a.mimeType)) throw new Error(`Attachment "${a.name}": invalid MIME type "${a.mimeType}"`);
    if (!(a.modified instanceof Date) || Number.isNaN(a.modified.getTime())) throw new Error(`Attachment "${a.name}": modified must be a valid Date`);
    if (!(a.data instanceof Uint8Array)) throw new Error(`Attachment "${a.name}": data must be a Buffer`);
  }
  for (const key of Object.keys(custom)) {
    const m = CUSTOM_KEY.exec(key);
    if (!m) throw new Error(`Custom metadata key "${key}" must look like "rapport:name" (letters, digits, _ and -)`);
    if (RESERVED_INFO_KEYS.has(key)) throw new Error(`Custom metadata key "${key}" is a standard Info key`);
  }
}

/** Custom entries in a stable order, each with its Info key and XMP property name. */
function customEntries(custom: Record<string, string>): Array<{ infoKey: string; property: string; value: string }> {
  return Object.keys(custom)
    .sort()
    .map((key) => ({ infoKey: key, property: `rapport:${CUSTOM_KEY.exec(key)![1]}`, value: metadataText(custom[key]!) }));
}

/** Info dictionary entries for the custom metadata (keys as given, e.g. /rapport:commit). */
export function customInfo(custom: Record<string, string>): Record<string, string> {
  return Object.fromEntries(customEntries(custom).map((e) => [e.infoKey, e.value]));
}

interface SchemaProperty {
  name: string;
  valueType: string;
  category: 'internal' | 'external';
  description: string;
}

function extensionSchema(schema: string, namespaceURI: string, prefix: string, properties: SchemaProperty[]): string {
  const props = properties.map((p) => `
              <rdf:li rdf:parseType="Resource">
                <pdfaProperty:name>${xml(p.name)}</pdfaProperty:name>
                <pdfaProperty:valueType>${p.valueType}</pdfaProperty:valueType>
                <pdfaProperty:category>${p.category}</pdfaProperty:category>
                <pdfaProperty:description>${xml(p.description)}</pdfaProperty:description>
              </rdf:li>`).join('');
  return `
          <rdf:li rdf:parseType="Resource">
            <pdfaSchema:schema>${xml(schema)}</pdfaSchema:schema>
            <pdfaSchema:namespaceURI>${xml(namespaceURI)}</pdfaSchema:namespaceURI>
            <pdfaSchema:prefix>${prefix}</pdfaSchema:prefix>
            <pdfaSchema:property>
              <rdf:Seq>${props}
              </rdf:Seq>
            </pdfaSchema:property>
          </rdf:li>`;
}

/**
 * The rdf:Description elements written into pdfkit's XMP packet (after
 * pdfkit's own pdfaid description, if any). Every Info entry has its XMP
 * twin, as PDF/A requires.
 */
export function xmpDescriptions(meta: DocumentMetadata): string {
  const out: string[] = [];
  const dc = [`<dc:format>application/pdf</dc:format>`,
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.title)}</rdf:li></rdf:Alt></dc:title>`];
  if (meta.author) dc.push(`<dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (meta.subject) dc.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(meta.subject)}</rdf:li></rdf:Alt></dc:description>`);
  dc.push(`<dc:language><rdf:Bag><rdf:li>${xml(meta.lang)}</rdf:li></rdf:Bag></dc:language>`);
  out.push(description('xmlns:dc="http://purl.org/dc/elements/1.1/"', dc));

  const date = xmpDate(meta.date);
  out.push(description('xmlns:xmp="http://ns.adobe.com/xap/1.0/"', [
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${xml(meta.creator)}</xmp:CreatorTool>`,
  ]));

  const pdf = [`<pdf:Producer>${xml(meta.producer)}</pdf:Producer>`];
  if (meta.keywords) pdf.push(`<pdf:Keywords>${xml(meta.keywords)}</pdf:Keywords>`);
  out.push(description('xmlns:pdf="http://ns.adobe.com/pdf/1.3/"', pdf));

  out.push(description('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"', ['<pdfuaid:part>1</pdfuaid:part>']));

  const custom = customEntries(meta.custom);
  if (custom.length > 0) {
    out.push(description(`xmlns:rapport="${RAPPORT_XMP_NAMESPACE}"`, custom.map((e) => `<${e.property}>${xml(e.value)}</${e.property}>`)));
  }

  if (meta.standard !== 'none') {
    const schemas = [extensionSchema('PDF/UA Universal Accessibility Schema', 'http://www.aiim.org/pdfua/ns/id/', 'pdfuaid', [
      { name: 'part', valueType: 'Integer', category: 'internal', description: 'Part of ISO 14289 the file conforms to' },
    ])];
    if (custom.length > 0) {
      schemas.push(extensionSchema('rapport build information', RAPPORT_XMP_NAMESPACE, 'rapport', custom.map((e) => ({
        name: e.property.slice('rapport:'.length), valueType: 'Text', category: 'external' as const, description: `Report build property ${e.property}`,
      }))));
    }
    out.push(`
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
          <pdfaExtension:schemas>
            <rdf:Bag>${schemas.join('')}
            </rdf:Bag>
          </pdfaExtension:schemas>
        </rdf:Description>`);
  }
  return out.join('');
}

function description(namespace: string, properties: string[]): string {
  return `
        <rdf:Description rdf:about="" ${namespace}>
${properties.map((p) => `          ${p}`).join('\n')}
        </rdf:Description>`;
}

/** The part of pdfkit's document used to write the XMP packet. */
interface MetadataDoc {
  appendXML(xml: string, newline?: boolean): void;
  _addInfo?: unknown;
}

/**
 * Makes the document write our XMP descriptions instead of pdfkit's own
 * Info mirror (pdfkit 0.20.2 calls `_addInfo()` from `endMetadata()`).
 */
export function installXmp(doc: PDFKit.PDFDocument, meta: DocumentMetadata): void {
  const target = doc as unknown as MetadataDoc;
  if (typeof target._addInfo !== 'function' || typeof target.appendXML !== 'function') {
    throw new Error('pdfkit no longer has _addInfo/appendXML: the XMP packet cannot be written (check the pinned pdfkit version)');
  }
  const body = xmpDescriptions(meta);
  Object.defineProperty(doc, '_addInfo', { value: () => target.appendXML(body), configurable: true });
}

/** The part of pdfkit's document used to embed files (not in its type definitions). */
interface AttachmentDoc {
  ref(data: Record<string, unknown>): { end(data?: Uint8Array): void; data: Record<string, unknown> };
  addNamedEmbeddedFile(name: string, ref: unknown): void;
  _root: { data: Record<string, unknown> };
}

/** A PDF name for a MIME type: characters other than regular ones written as #xx. */
function pdfName(value: string): string {
  return [...value].map((c) => (/[A-Za-z0-9!"$&'*+,\-.:;=?@^_`|~]/.test(c) ? c : `#${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/**
 * Embeds the attachments as associated files (AFRelationship /Source), in
 * the EmbeddedFiles name tree and in /AF of the catalog. Written here rather
 * than with pdfkit's doc.file(), which stores the MD5 /CheckSum as 32 hex
 * characters instead of the 16 digest bytes.
 */
export function embedAttachments(doc: PDFKit.PDFDocument, attachments: readonly Attachment[]): void {
  const target = doc as unknown as AttachmentDoc;
  for (const a of attachments) {
    const stream = target.ref({
      Type: 'EmbeddedFile',
      Subtype: pdfName(a.mimeType),
      Params: { CreationDate: a.modified, ModDate: a.modified, Size: a.data.byteLength, CheckSum: createHash('md5').update(a.data).digest() },
    });
    stream.end(a.data);
    const spec = target.ref({
      Type: 'Filespec',
      F: new String(a.name),
      UF: new String(a.name),
      EF: { F: stream, UF: stream },
      AFRelationship: 'Source',
      ...(a.description ? { Desc: new String(metadataText(a.description)) } : {}),
    });
    spec.end();
    target.addNamedEmbeddedFile(a.name, spec);
    const root = target._root.data;
    root['AF'] = [...((root['AF'] as unknown[] | undefined) ?? []), spec];
  }
}

/**
 * The bytes pdfkit writes for a text string (PDFObject.convert): the characters themselves when all
 * are ASCII, else UTF-16BE after the byte order mark FE FF.
 */
export function pdfStringBytes(value: string): Buffer {
  if (!/[^\u0000-\u007f]/.test(value)) return Buffer.from(value, 'latin1');
  const out = Buffer.alloc(2 + value.length * 2);
  out[0] = 0xfe;
  out[1] = 0xff;
  for (let i = 0; i < value.length; i += 1) out.writeUInt16BE(value.charCodeAt(i), 2 + i * 2);
  return out;
}

/** The part of pdfkit's document that holds the name trees (not in its type definitions). */
interface NameTreeDoc {
  _root: { data: { Names?: { data: Record<string, unknown> } } };
}

/**
 * Orders the keys of every name tree of the catalog's /Names (/Dests, /EmbeddedFiles …) by the bytes
 * of their encoded strings, as ISO 32000-1 7.9.6 requires. pdfkit 0.20.2 sorts them with
 * String.prototype.localeCompare, so the file depended on the process's locale (LC_ALL, LANG): in
 * sv_SE "å" sorts after "z", in C.UTF-8 beside "a". Call before doc.end(), which writes the trees.
 */
export function byteOrderNameTrees(doc: PDFKit.PDFDocument): void {
  const names = (doc as unknown as NameTreeDoc)._root.data.Names?.data ?? {};
  const isNameTree = (t: unknown): t is { _compareKeys: unknown } => {
    const tree = t as { _compareKeys?: unknown; _keysName?: () => string } | null;
    return !!tree && typeof tree._compareKeys === 'function' && typeof tree._keysName === 'function' && tree._keysName() === 'Names';
  };
  if (!isNameTree(names['Dests'])) {
    throw new Error('pdfkit no longer keeps /Dests as a name tree with _compareKeys: its keys cannot be put in byte order (check the pinned pdfkit version)');
  }
  const compare = (a: string, b: string) => Buffer.compare(pdfStringBytes(a), pdfStringBytes(b));
  for (const tree of Object.values(names)) {
    if (isNameTree(tree)) Object.defineProperty(tree, '_compareKeys', { value: compare, configurable: true, writable: true });
  }
}
