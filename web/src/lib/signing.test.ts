import { describe, expect, it } from 'vitest';
import i18n from '../i18n';
import vi from '../i18n/vi';
import { a4Pdf } from '../../e2e/pdf.mjs';
import { describe as describeProblem } from './errors';
import { outgoingRegisterChoices, recipientStatusColor, recipientStatusKey } from './outgoing';
import {
  boxFits, boxOnScreen, bytesToBase64, currentKey, DEFAULT_SIGNATURE_BOX, fileToBase64, looksLikeCertificatePem, moveBox, pdfFacts, shortFingerprint, signatureView,
} from './signing';
import { initialBox } from '../components/SignaturePanel';

const has = (key: string) => key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], vi) !== undefined;
const enc = (s: string) => new TextEncoder().encode(s);

describe('the e2e PDF', () => {
  it('is one A4 page whose cross-reference table gives every object’s offset', () => {
    const bytes = a4Pdf('Du thao (1) \\ x');
    const text = new TextDecoder('latin1').decode(bytes);
    const xref = Number(text.match(/startxref\n(\d+)\n%%EOF\n$/)![1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const entries = [...text.slice(xref).matchAll(/(\d{10}) 00000 n \n/g)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(5);
    entries.forEach((offset, i) => expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const length = Number(text.match(/\/Length (\d+)/)![1]);
    const start = text.indexOf('stream\n') + 'stream\n'.length;
    expect(text.slice(start + length, start + length + 'endstream'.length)).toBe('endstream');
    expect(text).toContain('(Du thao \\(1\\) \\\\ x)');
    expect(pdfFacts(bytes)).toEqual({ pages: 1, lastPage: { width: 595, height: 842 }, sizeKnown: true });
  });
});

describe('PDF facts for the signing preview', () => {
  it('count pages and read the last page’s size, inherited from the page tree when needed', () => {
    const pdf = `%PDF-1.7
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 842 595] >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] >> endobj
4 0 obj << /Type /Page /Parent 2 0 R >> endobj
trailer << /Root 1 0 R >>`;
    expect(pdfFacts(enc(pdf))).toEqual({ pages: 2, lastPage: { width: 842, height: 595 }, sizeKnown: true });
  });
  it('fall back to A4 when the pages are out of sight (compressed object streams)', () => {
    const pdf = '%PDF-1.7\n1 0 obj << /Type /ObjStm /N 3 /Length 10 >> stream\nxxxxxxxxxx\nendstream endobj\n';
    expect(pdfFacts(enc(pdf))).toEqual({ pages: 1, lastPage: { width: 595, height: 842 }, sizeKnown: false });
  });
});

describe('the signature box', () => {
  const a4 = { width: 595, height: 842 };
  it('is the server’s default box on A4, shrunk into a page too small for it', () => {
    expect(boxFits(DEFAULT_SIGNATURE_BOX, a4)).toBe(true);
    expect(initialBox(a4)).toEqual(DEFAULT_SIGNATURE_BOX);
    const small = { width: 300, height: 144 };
    expect(boxFits(DEFAULT_SIGNATURE_BOX, small)).toBe(false);
    expect(boxFits(initialBox(small), small)).toBe(true);
  });
  it('moves with the pointer and stays on the page', () => {
    expect(moveBox(DEFAULT_SIGNATURE_BOX, -40, 10, a4)).toEqual({ x: 300, y: 130, width: 170, height: 70 });
    expect(moveBox(DEFAULT_SIGNATURE_BOX, 1000, -1000, a4)).toEqual({ x: 425, y: 0, width: 170, height: 70 });
    expect(boxFits({ x: 0, y: 0, width: 10, height: 70 }, a4)).toBe(false);
  });
  it('is drawn from the top left of the scaled page', () => {
    expect(boxOnScreen(DEFAULT_SIGNATURE_BOX, a4, 0.5)).toEqual({ left: 170, top: (842 - 120 - 70) / 2, width: 85, height: 35 });
  });
});

describe('keys and signatures', () => {
  const key = (id: string, personId: string, notBefore: string, usable = true, revoked = false) => ({
    id, personId, unitId: null, usable, revoked, certificate: { notBefore, notAfter: '2030-01-01T00:00:00Z' },
  });
  it('sign with the person’s usable key valid the latest, as the server does', () => {
    const keys = [key('a', 'p1', '2025-01-01T00:00:00Z'), key('b', 'p1', '2026-01-01T00:00:00Z'), key('c', 'p1', '2026-06-01T00:00:00Z', false), key('d', 'p2', '2027-01-01T00:00:00Z')];
    expect(currentKey(keys, 'p1')?.id).toBe('b');
    expect(currentKey(keys, 'p3')).toBeUndefined();
    expect(currentKey(keys, null)).toBeUndefined();
  });
  it('read a verified signature in words that exist', () => {
    const ok = signatureView({ kind: 'personal', integrity: 'INTACT', certificate: 'TRUSTED', coverage: 'SIGNATURES_APPENDED', valid: true });
    expect(ok).toMatchObject({ kindKey: 'signing.kind.personal', integrityKey: 'signing.integrity.INTACT', certificateKey: 'signing.certificate.TRUSTED', color: 'green' });
    const bad = signatureView({ kind: 'ORGANISATION', integrity: 'DIGEST_MISMATCH', certificate: 'something-new', coverage: 'WHOLE_FILE', valid: false });
    expect(bad).toMatchObject({ kindKey: 'signing.kind.organisation', certificateKey: 'signing.certificate.UNKNOWN', color: 'red', integrityOk: false });
    expect(signatureView({ kind: 'personal', integrity: 'INTACT', certificate: 'UNTRUSTED', coverage: 'WHOLE_FILE', valid: false }).color).toBe('orange');
    for (const v of [ok, bad, signatureView({ kind: 'x', integrity: 'y', certificate: 'z', coverage: '', valid: false })]) {
      expect([v.kindKey, v.integrityKey, v.certificateKey].every(has)).toBe(true);
    }
  });
  it('group a fingerprint and recognise one PEM certificate', () => {
    expect(shortFingerprint('a31ad4f5886608f95d226dbe530a0c1f', 4)).toBe('A3:1A:D4:F5…');
    expect(shortFingerprint('a31a', 4)).toBe('A3:1A');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    expect(looksLikeCertificatePem(`  ${pem}\n`)).toBe(true);
    expect(looksLikeCertificatePem(`${pem}\n${pem}`)).toBe(false);
    expect(looksLikeCertificatePem('-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----')).toBe(false);
  });
});

describe('a PKCS#12 file as base64', () => {
  it('encodes any bytes, large ones too', async () => {
    expect(bytesToBase64(new Uint8Array([0, 255, 1, 128]))).toBe('AP8BgA==');
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
    expect(await fileToBase64(new Blob([new Uint8Array([104, 105])]))).toBe('aGk=');
  });
});

describe('issuance', () => {
  const reg = (id: string, ownerUnitId: string, kind = 'outgoing', active = true) => ({ id, ownerUnitId, kind, active });
  it('offers the outgoing registers of the clerk’s own unit, else every active outgoing one', () => {
    const regs = [reg('in', 'u1', 'incoming'), reg('out1', 'u1'), reg('old', 'u1', 'outgoing', false), reg('out2', 'u2')];
    expect(outgoingRegisterChoices(regs, 'u1').map((r) => r.id)).toEqual(['out1']);
    expect(outgoingRegisterChoices(regs, 'u9').map((r) => r.id)).toEqual(['out1', 'out2']);
  });
  it('words every Decision 28 status, refused and withdrawn in red, done in green', () => {
    for (const s of [null, '01', '02', '03', '04', '05', '06', 'withdrawn', 'queued', 'new']) expect(has(recipientStatusKey(s))).toBe(true);
    expect(vi.outgoing.status.s03).toBe('Đã vào sổ');
    expect(recipientStatusColor('02')).toBe('red');
    expect(recipientStatusColor('withdrawn')).toBe('red');
    expect(recipientStatusColor('06')).toBe('green');
    expect(recipientStatusColor('03')).toBe('blue');
    expect(recipientStatusColor(null)).toBe('default');
  });
});

describe('signing errors', () => {
  it('are worded by the client when the server has no text for the reason, by the server otherwise', async () => {
    const { loadLanguage } = await import('../i18n');
    await loadLanguage('en');
    await loadLanguage('lo');
    const en = i18n.getFixedT('en');
    const lo = i18n.getFixedT('lo');
    const vit = i18n.getFixedT('vi');
    const refused = { code: 'CONFLICT', reason: 'NO_SIGNING_KEY', message: 'you have no signing key; ask an administrator' };
    expect(describeProblem(refused, vit)).toBe(vi.errors.reason.NO_SIGNING_KEY);
    expect(describeProblem(refused, en)).toContain('ask an administrator');
    expect(describeProblem(refused, lo)).not.toBe(refused.message);
    // Translated by the server (it keeps its own wording in `detail`): its text stands.
    expect(describeProblem({ code: 'CONFLICT', reason: 'STEP_MOVED', message: 'Đã có người xử lý trước', detail: 'the step moved' }, en)).toBe('Đã có người xử lý trước');
    // A reason neither knows: the server's message.
    expect(describeProblem({ code: 'CONFLICT', reason: 'SOMETHING_NEW', message: 'something new' }, vit)).toBe('something new');
  });
});
