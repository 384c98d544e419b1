// Shows a PDF or an image inside the page. The server sends previews with a sandboxing CSP,
// under which Chromium's PDF viewer does not run in a frame; the client fetches the bytes
// (authorised by the session cookie) and shows them from a blob: URL of its own.
import { useEffect, useState } from 'react';
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export const previewable = (mediaType: string) => mediaType === 'application/pdf' || mediaType.startsWith('image/');

export default function FilePreview({ url, mediaType, name }: { url: string; mediaType: string; name: string }) {
  const { t } = useTranslation();
  const [blobUrl, setBlobUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    let made: string | null = null;
    fetch(`${url}?inline=1`, { credentials: 'same-origin' })
      .then(async (r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        const blob = new Blob([await r.arrayBuffer()], { type: mediaType });
        made = URL.createObjectURL(blob);
        if (!gone) setBlobUrl(made);
      })
      .catch((e: unknown) => !gone && setFailed(String(e)));
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [url, mediaType]);

  if (failed) return <Alert type="error" showIcon title={t('files.previewFailed')} description={failed} />;
  if (!blobUrl) return <Spin />;
  return mediaType === 'application/pdf' ? (
    <iframe className="preview-frame" src={blobUrl} title={name} data-testid="pdf-preview" />
  ) : (
    <img className="preview-image" src={blobUrl} alt={name} data-testid="image-preview" />
  );
}
