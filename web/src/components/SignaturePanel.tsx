// What the signing dialog shows before the leader signs: the file that will be signed, the
// page the signature goes on (the last, rendered with PDF.js) with the signature box drawn
// to scale on it (drag it, or focus it and use the arrow keys, to move it), and the key and
// certificate that will sign (a choice when the person has several). Until the page is
// rendered, or when it cannot be, the page's size and count are read from the PDF's bytes and
// an outline stands for it.
import { useEffect, useRef, useState } from 'react';
import { Alert, Descriptions, Select, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { formatDate } from '../lib/format';
import { renderLastPage } from '../lib/pdfRender';
import { A4, boxFits, boxOnScreen, currentKey, DEFAULT_SIGNATURE_BOX, KEY_STEP, KEY_STEP_LARGE, keyMove, moveBox, pdfFacts, shortFingerprint, type Box, type PdfFacts } from '../lib/signing';

export const MY_SIGNING_KEYS = graphql(`
  query MySigningKeys {
    signingKeys(first: 500) {
      nodes {
        id personId unitId hasImage revoked usable
        certificate { subject commonName issuer serial notBefore notAfter fingerprint }
      }
    }
  }
`);

const PAGE_WIDTH = 260;

export interface Placement {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The default box, or (on a page too small for it) the same box shrunk into the page's lower right. */
export function initialBox(page: { width: number; height: number }): Box {
  if (boxFits(DEFAULT_SIGNATURE_BOX, page)) return { ...DEFAULT_SIGNATURE_BOX };
  const width = Math.max(20, Math.min(DEFAULT_SIGNATURE_BOX.width, page.width * 0.45));
  const height = Math.max(10, Math.min(DEFAULT_SIGNATURE_BOX.height, page.height * 0.35));
  return { x: Math.max(0, page.width - width - page.width * 0.05), y: Math.max(0, page.height * 0.05), width, height };
}

export default function SignaturePanel({
  file,
  personId,
  keyId,
  onKeyChange,
  onPlacementChange,
}: {
  file: { url: string; name: string; mediaType: string } | undefined;
  personId: string | undefined;
  keyId: string | undefined;
  onKeyChange: (id: string | undefined) => void;
  onPlacementChange: (p: Placement | null) => void;
}) {
  const { t } = useTranslation();
  const [{ data: keysData, fetching: keysLoading }] = useQuery({ query: MY_SIGNING_KEYS, requestPolicy: 'network-only' });
  const [facts, setFacts] = useState<PdfFacts | null>(null);
  const [failed, setFailed] = useState(false);
  const [box, setBox] = useState<Box | null>(null);
  const [image, setImage] = useState<string | null>(null);
  const drag = useRef<{ x: number; y: number; box: Box } | null>(null);

  const mine = (keysData?.signingKeys.nodes ?? []).filter((k) => k.personId === personId);
  const current = currentKey(mine, personId);
  const chosen = mine.find((k) => k.id === keyId) ?? current;

  useEffect(() => {
    if (!file || file.mediaType !== 'application/pdf') return;
    let gone = false;
    fetch(file.url, { credentials: 'same-origin' })
      .then(async (r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        const bytes = new Uint8Array(await r.arrayBuffer());
        const f = pdfFacts(bytes);
        if (gone) return;
        setFacts(f);
        setBox(initialBox(f.lastPage));
        try {
          const rendered = await renderLastPage(bytes, PAGE_WIDTH);
          if (gone) return;
          const same = f.sizeKnown && Math.abs(f.lastPage.width - rendered.size.width) < 0.5 && Math.abs(f.lastPage.height - rendered.size.height) < 0.5;
          setFacts({ pages: rendered.pages, lastPage: rendered.size, sizeKnown: true });
          if (!same) setBox(initialBox(rendered.size));
          setImage(rendered.image);
        } catch {
          // The outline stays: the box is still placed on the page's real size when known.
        }
      })
      .catch(() => {
        if (gone) return;
        setFailed(true);
        setFacts({ pages: 1, lastPage: { ...A4 }, sizeKnown: false });
        setBox({ ...DEFAULT_SIGNATURE_BOX });
      });
    return () => {
      gone = true;
    };
  }, [file]);

  // The placement sent: the box as shown (no page: the server signs the last page).
  useEffect(() => {
    onPlacementChange(box ? { x: box.x, y: box.y, width: box.width, height: box.height } : null);
  }, [box, onPlacementChange]);

  const page = facts?.lastPage ?? A4;
  const scale = PAGE_WIDTH / page.width;
  const shown = box ? boxOnScreen(box, page, scale) : null;

  return (
    <div data-testid="sign-panel" style={{ marginBottom: 16 }}>
      {!file || file.mediaType !== 'application/pdf' ? (
        <Alert type="warning" showIcon title={t('signing.noPdf')} />
      ) : (
        <Space align="start" wrap size="large" style={{ width: '100%' }}>
          <div>
            {!facts ? (
              <Spin />
            ) : (
              <div
                data-testid="signature-page"
                data-pages={facts.pages}
                data-rendered={image ? 'true' : 'false'}
                className="signature-page"
                role="group"
                style={{ width: PAGE_WIDTH, height: page.height * scale }}
                aria-label={t('signing.pagePreview', { page: facts.pages, pages: facts.pages })}
              >
                {image ? (
                  <img src={image} alt="" draggable={false} style={{ width: '100%', height: '100%', display: 'block' }} />
                ) : (
                  /* Lines standing for the text of the page until it is rendered. */
                  Array.from({ length: Math.floor((page.height * scale) / 14) - 2 }, (_, i) => (
                    <div key={i} className="signature-page-line" style={{ top: 14 + i * 14, width: i % 5 === 4 ? '45%' : '80%' }} />
                  ))
                )}
                {shown && box && (
                  <div
                    data-testid="signature-box"
                    data-x={box.x}
                    data-y={box.y}
                    className="signature-box"
                    style={{ left: shown.left, top: shown.top, width: shown.width, height: shown.height }}
                    // Focusable and moved by the arrow keys; "application" so that screen
                    // readers pass the arrow keys to it.
                    tabIndex={0}
                    role="application"
                    aria-roledescription={t('signing.boxRole')}
                    aria-label={t('signing.boxLabel')}
                    aria-describedby="signature-box-hint"
                    onKeyDown={(e) => {
                      const m = keyMove(e.key, e.shiftKey);
                      if (!m) return;
                      e.preventDefault();
                      setBox((b) => (b ? moveBox(b, m.dx, m.dy, page) : b));
                    }}
                    onPointerDown={(e) => {
                      (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
                      drag.current = { x: e.clientX, y: e.clientY, box };
                    }}
                    onPointerMove={(e) => {
                      const d = drag.current;
                      if (!d) return;
                      setBox(moveBox(d.box, (e.clientX - d.x) / scale, -(e.clientY - d.y) / scale, page));
                    }}
                    onPointerUp={() => {
                      drag.current = null;
                    }}
                    title={t('signing.dragHint')}
                  >
                    {t('signing.boxLabel')}
                  </div>
                )}
              </div>
            )}
            <Typography.Paragraph type="secondary" id="signature-box-hint" style={{ fontSize: 12, maxWidth: PAGE_WIDTH, marginBottom: 0 }}>
              {t('signing.dragHint')} {t('signing.keyHint', { step: KEY_STEP, large: KEY_STEP_LARGE })}
            </Typography.Paragraph>
          </div>
          <Descriptions size="small" column={1} bordered style={{ maxWidth: 340 }} data-testid="sign-facts">
            <Descriptions.Item label={t('signing.file')}>{file.name}</Descriptions.Item>
            <Descriptions.Item label={t('signing.page')}>
              <span data-testid="sign-page">{facts ? t('signing.pageOf', { page: facts.pages, pages: facts.pages }) : '…'}</span>
              {facts && !facts.sizeKnown && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('signing.sizeAssumed')}</Typography.Text></div>}
            </Descriptions.Item>
            <Descriptions.Item label={t('signing.position')}>
              {/* Announced as the box moves (with the keyboard, the only sign of it). */}
              <span aria-live="polite" data-testid="sign-position">
                {box ? t('signing.boxAt', { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) }) : '…'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('signing.key')}>
              {keysLoading ? (
                <Spin size="small" />
              ) : !chosen ? (
                <Typography.Text type="danger" data-testid="no-key">{t('signing.noKey')}</Typography.Text>
              ) : (
                <div data-testid="sign-key">
                  {mine.filter((k) => k.usable).length > 1 ? (
                    <Select
                      size="small"
                      aria-label={t('signing.key')}
                      style={{ width: '100%' }}
                      value={chosen.id}
                      onChange={(v: string) => onKeyChange(v)}
                      options={mine.filter((k) => k.usable).map((k) => ({ value: k.id, label: `${k.certificate.commonName ?? k.certificate.subject} · ${formatDate(k.certificate.notAfter)}` }))}
                    />
                  ) : (
                    <Typography.Text strong>{chosen.certificate.commonName ?? chosen.certificate.subject}</Typography.Text>
                  )}
                  <div style={{ fontSize: 12 }}>
                    <div>{t('signing.issuer')}: {chosen.certificate.issuer}</div>
                    <div>{t('signing.validity', { from: formatDate(chosen.certificate.notBefore), to: formatDate(chosen.certificate.notAfter) })}</div>
                    <div>{t('signing.fingerprint')}: <Typography.Text code>{shortFingerprint(chosen.certificate.fingerprint)}</Typography.Text></div>
                  </div>
                  {chosen.usable ? <Tag color="green">{t('signing.usable')}</Tag> : <Tag color="red">{t('signing.notUsable')}</Tag>}
                </div>
              )}
            </Descriptions.Item>
          </Descriptions>
        </Space>
      )}
      {failed && <Alert type="info" showIcon title={t('signing.previewFailed')} style={{ marginTop: 8 }} />}
    </div>
  );
}
