/** A well-formed one-page A4 PDF with `text` as its title (see pdf.mjs). */
export function a4Pdf(text: string): Uint8Array;
