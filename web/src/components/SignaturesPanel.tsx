// The digital signatures on a document's files as the server last verified them: kind,
// signer and certificate, when signed, and the result (valid; integrity; certificate status).
import { Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format';
import { signatureView } from '../lib/signing';

interface Signature {
  fileName: string;
  fileSha256: string;
  kind: string;
  signerName?: string | null;
  certificateSubject?: string | null;
  serial?: string | null;
  signedAt?: string | null;
  integrity: string;
  coverage: string;
  certificate: string;
  valid: boolean;
  verifiedAt: string;
}

/** The signatures on the current files as the server last verified them. */
export default function SignaturesPanel({ signatures }: { signatures: Signature[] }) {
  const { t } = useTranslation();
  if (signatures.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('signing.noSignatures')} data-testid="no-signatures" />;
  return (
    <Table
      data-testid="signatures"
      size="small"
      rowKey={(s) => `${s.fileSha256}:${s.kind}:${s.serial ?? ''}:${s.signedAt ?? ''}`}
      dataSource={signatures}
      pagination={false}
      scroll={{ x: 'max-content' }}
      onRow={(s) => ({ 'data-kind': s.kind.toLowerCase(), 'data-valid': String(s.valid) }) as never}
      columns={[
        { title: t('signing.kindColumn'), key: 'k', render: (_, s) => t(signatureView(s).kindKey) },
        {
          title: t('signing.signer'),
          key: 's',
          render: (_, s) => (
            <div style={{ maxWidth: 360 }}>
              <Typography.Text strong>{s.signerName ?? '—'}</Typography.Text>
              {s.certificateSubject && <div style={{ fontSize: 12, color: '#888', whiteSpace: 'normal' }}>{s.certificateSubject}</div>}
            </div>
          ),
        },
        {
          title: t('signing.signedAt'),
          key: 'at',
          render: (_, s) => (
            <div>
              {formatDateTime(s.signedAt) || '—'}
              <div style={{ fontSize: 12, color: '#888' }}>{s.fileName}</div>
            </div>
          ),
        },
        {
          title: t('signing.check'),
          key: 'c',
          render: (_, s) => {
            const v = signatureView(s);
            return (
              <div>
                <Space wrap size={4}>
                  <Tag color={v.color} data-testid="signature-valid">{s.valid ? t('signing.valid') : t('signing.invalid')}</Tag>
                  <Tag color={v.integrityOk ? 'green' : 'red'}>{t(v.integrityKey)}</Tag>
                  <Tag color={v.certificateOk ? 'green' : 'orange'}>{t(v.certificateKey)}</Tag>
                </Space>
                <div style={{ fontSize: 12, color: '#888' }}>{t('signing.verifiedAt')} {formatDateTime(s.verifiedAt)}</div>
              </div>
            );
          },
        },
      ]}
    />
  );
}
