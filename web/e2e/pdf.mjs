// A small, well-formed one-page A4 PDF for the browser specs to upload: every object at the
// byte offset its cross-reference table gives, so the server's PDF library can sign it. The
// page carries a title, a few lines of text, and the signer's title and name around the
// signature box the server uses by default (x 340, y 120, 170 × 70 points, last page); the
// Decree 30 number-and-date line under the header is left blank for issuance to fill.

const escape = (s) => String(s).replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');

/** The PDF's bytes (a Buffer) with `text` as its title. */
export function a4Pdf(text) {
  const lines = [
    'BT /F1 11 Tf 60 790 Td (CONG HOA XA HOI CHU NGHIA VIET NAM) Tj ET',
    'BT /F1 11 Tf 60 774 Td (Doc lap - Tu do - Hanh phuc) Tj ET',
    // The line y 714–734 stays blank: issuance prints the number (left) and date (right) there.
    `BT /F1 16 Tf 60 680 Td (${escape(text)}) Tj ET`,
    ...Array.from({ length: 12 }, (_, i) => `BT /F1 10 Tf 60 ${650 - i * 18} Td (Noi dung van ban, dong ${i + 1}.) Tj ET`),
    'BT /F1 10 Tf 370 205 Td (KT. VU TRUONG) Tj ET',
    'BT /F1 10 Tf 375 100 Td (Mai Van To) Tj ET',
  ];
  const content = `${lines.join('\n')}\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
