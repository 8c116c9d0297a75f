declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    /** Which registered font draws SVG text (family, bold, italic) → font name. */
    fontCallback?: (family: string, bold: boolean, italic: boolean, fontOptions: Record<string, unknown>) => string;
    warningCallback?: (message: string) => void;
    imageCallback?: (link: string) => string;
    documentCallback?: (link: string) => string;
  }
  export default function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SvgToPdfOptions): void;
}
