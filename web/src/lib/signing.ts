// Pure logic of digital signing on the client: which key the server will sign with, where
// the signature box goes on which page (read from the PDF itself), how a verified signature
// and a PKCS#12 file as base64 for the API. Kept
// apart from the components so vitest checks it without a browser.

/** Where the server puts the personal signature by default: the signature box of the last page (PDF points). */
export const DEFAULT_SIGNATURE_BOX = { x: 340, y: 120, width: 170, height: 70 } as const;

/** A4 in points, assumed when a page's size cannot be read from the file. */
export const A4 = { width: 595, height: 842 } as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PageSize {
  width: number;
  height: number;
}

export interface KeyLike {
  id: string;
  personId?: string | null;
  unitId?: string | null;
  revoked: boolean;
  usable: boolean;
  certificate: { notBefore: string; notAfter: string };
}

/**
 * The key the server signs with when none is named: the person's usable (valid now, not
 * revoked) key with the latest start of validity.
 */
export function currentKey<T extends KeyLike>(keys: T[], personId: string | null | undefined): T | undefined {
  if (!personId) return undefined;
  return keys
    .filter((k) => k.personId === personId && k.usable && !k.revoked)
    .sort((a, b) => Date.parse(b.certificate.notBefore) - Date.parse(a.certificate.notBefore))[0];
}

/** What a PDF says about its pages, read without rendering it. */
export interface PdfFacts {
  /** Pages found, at least 1 when anything was read. */
  pages: number;
  /** The last page's size in points (A4 when it could not be read). */
  lastPage: PageSize;
  /** Whether the size was read from the file (false: assumed A4). */
  sizeKnown: boolean;
}

const latin1 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
};

function mediaBox(dict: string): PageSize | null {
  const m = dict.match(/\/(?:MediaBox|CropBox)\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]/);
  if (!m) return null;
  const [x0, y0, x1, y1] = m.slice(1, 5).map(Number);
  const width = Math.abs(x1 - x0);
  const height = Math.abs(y1 - y0);
  return width > 0 && height > 0 ? { width, height } : null;
}

/**
 * The page count and the last page's size of a PDF, read from its uncompressed objects (the
 * page tree's /Count, the pages' /MediaBox, inherited from the page tree when a page has
 * none). PDFs that keep their page objects in compressed object streams give what can be
 * seen and A4 otherwise: this is a preview, the server signs the real file.
 */
export function pdfFacts(bytes: Uint8Array): PdfFacts {
  const text = latin1(bytes);
  const objects = [...text.matchAll(/(\d+)\s+(\d+)\s+obj\b([\s\S]*?)endobj/g)].map((m) => ({ id: `${m[1]} ${m[2]}`, body: m[3] }));
  const isPage = (b: string) => /\/Type\s*\/Page(?![a-zA-Z])/.test(b);
  const isPages = (b: string) => /\/Type\s*\/Pages\b/.test(b);
  const pageObjects = objects.filter((o) => isPage(o.body));
  const roots = objects.filter((o) => isPages(o.body) && !/\/Parent\s/.test(o.body));
  const counts = roots.map((o) => Number(o.body.match(/\/Count\s+(\d+)/)?.[1] ?? 0));
  const pages = Math.max(pageObjects.length, ...counts, 0);
  const last = pageObjects[pageObjects.length - 1];
  let size: PageSize | null = null;
  if (last) {
    size = mediaBox(last.body.split('stream')[0]);
    // Inherited from the page tree.
    let parent = last.body.match(/\/Parent\s+(\d+\s+\d+)\s+R/)?.[1];
    for (let guard = 0; !size && parent && guard < 32; guard += 1) {
      const p = objects.find((o) => o.id === parent);
      if (!p) break;
      size = mediaBox(p.body);
      parent = p.body.match(/\/Parent\s+(\d+\s+\d+)\s+R/)?.[1];
    }
  }
  return { pages: Math.max(pages, 1), lastPage: size ?? { ...A4 }, sizeKnown: !!size };
}

/** Whether a box lies wholly on a page and is not too small for the server (20 × 10 points). */
export function boxFits(box: Box, page: PageSize): boolean {
  return box.x >= 0 && box.y >= 0 && box.width >= 20 && box.height >= 10 && box.x + box.width <= page.width + 0.01 && box.y + box.height <= page.height + 0.01;
}

/** The box moved by (dx, dy) points, kept on the page. */
export function moveBox(box: Box, dx: number, dy: number, page: PageSize): Box {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    ...box,
    x: round(clamp(box.x + dx, 0, page.width - box.width)),
    y: round(clamp(box.y + dy, 0, page.height - box.height)),
  };
}

/** Points an arrow key moves the signature box: a small step, or a large one with Shift. */
export const KEY_STEP = 5;
export const KEY_STEP_LARGE = 50;

/** The move (points, y upwards as on the page) an arrow key asks of the signature box; null for other keys. */
export function keyMove(key: string, large: boolean): { dx: number; dy: number } | null {
  const s = large ? KEY_STEP_LARGE : KEY_STEP;
  switch (key) {
    case 'ArrowLeft':
      return { dx: -s, dy: 0 };
    case 'ArrowRight':
      return { dx: s, dy: 0 };
    case 'ArrowUp':
      return { dx: 0, dy: s };
    case 'ArrowDown':
      return { dx: 0, dy: -s };
    default:
      return null;
  }
}

/** The box on a page shown `scale` CSS pixels per point: CSS left/top/width/height (origin top left). */
export function boxOnScreen(box: Box, page: PageSize, scale: number) {
  return {
    left: box.x * scale,
    top: (page.height - box.y - box.height) * scale,
    width: box.width * scale,
    height: box.height * scale,
  };
}

export interface SignatureLike {
  kind: string;
  integrity: string;
  certificate: string;
  coverage: string;
  valid: boolean;
}

/** Translation keys (and a colour) for a verified signature: its kind, integrity and certificate. */
export function signatureView(s: SignatureLike) {
  const kind = s.kind.toLowerCase();
  const integrity = s.integrity.toUpperCase();
  const certificate = s.certificate.toUpperCase();
  return {
    kindKey: ['personal', 'organisation', 'organisation_attachment'].includes(kind) ? `signing.kind.${kind}` : 'signing.kind.other',
    integrityKey: ['INTACT', 'DIGEST_MISMATCH', 'SIGNATURE_INVALID', 'BYTE_RANGE_INVALID', 'MALFORMED', 'UNSUPPORTED_ALGORITHM', 'SIGNER_CERTIFICATE_MISSING'].includes(integrity)
      ? `signing.integrity.${integrity}`
      : 'signing.integrity.OTHER',
    certificateKey: ['TRUSTED', 'UNTRUSTED', 'EXPIRED', 'NOT_YET_VALID', 'CHAIN_INVALID', 'UNKNOWN'].includes(certificate)
      ? `signing.certificate.${certificate}`
      : 'signing.certificate.UNKNOWN',
    integrityOk: integrity === 'INTACT',
    certificateOk: certificate === 'TRUSTED',
    color: s.valid ? 'green' : integrity !== 'INTACT' ? 'red' : 'orange',
  };
}

/** Bytes as base64 (the API takes PKCS#12 files so). */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A chosen file's content as base64. */
export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** A certificate's SHA-256 fingerprint grouped for reading (AB:CD:…), shortened to `groups` bytes. */
export function shortFingerprint(hex: string, groups = 8): string {
  const pairs = hex.replace(/[^0-9a-f]/gi, '').toUpperCase().match(/../g) ?? [];
  return pairs.slice(0, groups).join(':') + (pairs.length > groups ? '…' : '');
}

/** Whether a PEM text holds one certificate (what addTrustAnchor takes). */
export function looksLikeCertificatePem(text: string): boolean {
  const t = text.trim();
  return /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(t) && (t.match(/BEGIN CERTIFICATE/g) ?? []).length === 1;
}
