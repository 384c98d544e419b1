// Administration of digital signing: every registered signing key (a person's signature or
// an organisation's seal) with its certificate and whether it can sign now, uploading a
// PKCS#12 file for a person or a unit (read in the browser and sent base64, with its
// password and an optional signature or seal image), revoking a key with a reason, and the
// trust anchors (root certificates) signatures are checked against, with adding one (PEM).
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import PersonPicker from '../components/PersonPicker';
import UnitPicker from '../components/UnitPicker';
import FileDrop, { type FileRef } from '../components/FileDrop';
import { UnitName } from '../components/Names';
import { newKey } from '../components/ActionDialog';
import { errorText, splitProblems } from '../lib/errors';
import { formatDate } from '../lib/format';
import { fileToBase64, looksLikeCertificatePem, shortFingerprint } from '../lib/signing';

const KEYS = graphql(`
  query AdminSigningKeys {
    signingKeys(first: 500) {
      nodes {
        id personId unitId hasImage revoked usable
        certificate { subject commonName issuer serial notBefore notAfter fingerprint }
      }
    }
    trustAnchors(first: 200) { nodes { pem certificate { subject commonName issuer serial notBefore notAfter fingerprint } } }
  }
`);
const PERSON = graphql(`query KeyOwner($id: ID!) { person(id: $id) { id fullName username } }`);
const UPLOAD = graphql(`
  mutation UploadSigningKey($input: UploadSigningKeyInput!, $key: ID) {
    uploadSigningKey(input: $input, idempotencyKey: $key) { id usable certificate { commonName subject } }
  }
`);
const REVOKE = graphql(`
  mutation RevokeSigningKey($keyId: ID!, $reason: String!, $key: ID) {
    revokeSigningKey(keyId: $keyId, reason: $reason, idempotencyKey: $key) { id revoked usable }
  }
`);
const ADD_ANCHOR = graphql(`
  mutation AddTrustAnchor($pem: String!, $key: ID) {
    addTrustAnchor(pem: $pem, idempotencyKey: $key) { certificate { subject fingerprint } }
  }
`);

function PersonName({ id }: { id: string }) {
  const [{ data }] = useQuery({ query: PERSON, variables: { id }, requestPolicy: 'cache-first' });
  return <>{data?.person ? `${data.person.fullName} (${data.person.username})` : ''}</>;
}

type Certificate = { subject: string; commonName?: string | null; issuer: string; notBefore: string; notAfter: string; fingerprint: string };

function CertificateCell({ c }: { c: Certificate }) {
  const { t } = useTranslation();
  return (
    <div style={{ maxWidth: 380, whiteSpace: 'normal' }}>
      <Typography.Text strong>{c.commonName ?? c.subject}</Typography.Text>
      <div style={{ fontSize: 12, color: '#666' }}>{c.subject}</div>
      <div style={{ fontSize: 12, color: '#666' }}>{t('signing.issuer')}: {c.issuer}</div>
      <div style={{ fontSize: 12, color: '#666' }}>
        {t('signing.fingerprint')}: <Typography.Text code copyable={{ text: c.fingerprint }} style={{ fontSize: 11 }}>{shortFingerprint(c.fingerprint)}</Typography.Text>
      </div>
    </div>
  );
}

interface UploadValues {
  ownerKind: 'person' | 'unit';
  personId?: string;
  unitId?: string;
  password: string;
  image?: FileRef[];
}

function UploadKeyDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UploadValues>();
  const key = useMemo(newKey, []);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, upload] = useMutation(UPLOAD);
  const ownerKind = Form.useWatch('ownerKind', form) ?? 'person';

  async function submit(v: UploadValues) {
    setGeneral([]);
    if (!file) {
      setFileError(t('signing.admin.needFile'));
      return;
    }
    const pkcs12Base64 = await fileToBase64(file);
    const r = await upload({
      input: {
        personId: v.ownerKind === 'person' ? (v.personId ?? null) : null,
        unitId: v.ownerKind === 'unit' ? (v.unitId ?? null) : null,
        pkcs12Base64,
        password: v.password,
        imageSha256: v.image?.[0]?.sha256 ?? null,
      },
      key,
    });
    const s = splitProblems(r.error, ['personId', 'unitId', 'password', 'imageSha256'], t);
    form.setFields(s.fields as never);
    setGeneral(s.general);
    if (r.data) onDone();
  }

  return (
    <Modal open title={t('signing.admin.upload')} okText={t('signing.admin.uploadSubmit')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={fetching}
      okButtonProps={{ 'data-testid': 'key-upload-submit' } as never} destroyOnHidden mask={{ closable: false }} width={600}>
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="key-upload-error" />}
      <Form form={form} layout="vertical" name="signingKey" initialValues={{ ownerKind: 'person' }} onFinish={submit}>
        <Form.Item name="ownerKind" label={t('signing.admin.owner')}>
          <Radio.Group options={[{ value: 'person', label: t('signing.admin.ownerPerson') }, { value: 'unit', label: t('signing.admin.ownerUnit') }]} data-testid="key-owner-kind" />
        </Form.Item>
        {ownerKind === 'person' ? (
          <Form.Item name="personId" label={t('signing.admin.person')} rules={[{ required: true }]}>
            <PersonPicker id="signingKey_personId" testId="key-person" />
          </Form.Item>
        ) : (
          <Form.Item name="unitId" label={t('signing.admin.unit')} rules={[{ required: true }]}>
            <UnitPicker id="signingKey_unitId" multiple={false} />
          </Form.Item>
        )}
        <Form.Item label={t('signing.admin.pkcs12')} extra={t('signing.admin.pkcs12Hint')} required validateStatus={fileError ? 'error' : undefined} help={fileError ?? undefined}>
          <div data-testid="key-file">
          <Upload
            accept=".p12,.pfx,application/x-pkcs12"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setFileError(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />}>{t('signing.admin.chooseFile')}</Button>
          </Upload>
          </div>
        </Form.Item>
        <Form.Item name="password" label={t('signing.admin.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="off" />
        </Form.Item>
        <Form.Item name="image" label={t('signing.admin.image')} extra={t('signing.admin.imageHint')}>
          <FileDrop id="signingKey_image" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RevokeDialog({ keyId, name, onClose, onDone }: { keyId: string; name: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const key = useMemo(newKey, []);
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, revoke] = useMutation(REVOKE);
  return (
    <Modal open title={t('signing.admin.revokeTitle', { name })} okText={t('signing.admin.revoke')} okButtonProps={{ danger: true, 'data-testid': 'key-revoke-submit' } as never}
      onOk={() => form.submit()} onCancel={onClose} confirmLoading={fetching} destroyOnHidden mask={{ closable: false }}>
      <Typography.Paragraph type="secondary">{t('signing.admin.revokeHint')}</Typography.Paragraph>
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="revokeKey" onFinish={async (v) => {
        setGeneral([]);
        const r = await revoke({ keyId, reason: v.reason.trim(), key });
        const s = splitProblems(r.error, ['reason'], t);
        form.setFields(s.fields as never);
        setGeneral(s.general);
        if (r.data) onDone();
      }}>
        <Form.Item name="reason" label={t('signing.admin.reason')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddAnchorDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ pem: string }>();
  const key = useMemo(newKey, []);
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, add] = useMutation(ADD_ANCHOR);
  return (
    <Modal open title={t('signing.admin.addAnchor')} okText={t('signing.admin.addAnchor')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={fetching}
      okButtonProps={{ 'data-testid': 'anchor-submit' } as never} destroyOnHidden mask={{ closable: false }} width={640}>
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="anchor-error" />}
      <Form form={form} layout="vertical" name="anchor" onFinish={async (v) => {
        setGeneral([]);
        const r = await add({ pem: v.pem.trim(), key });
        const s = splitProblems(r.error, ['pem'], t);
        form.setFields(s.fields as never);
        setGeneral(s.general);
        if (r.data) onDone();
      }}>
        <Form.Item name="pem" label={t('signing.admin.pem')} extra={t('signing.admin.pemHint')}
          rules={[{ required: true }, { validator: async (_, v: string) => { if (v && !looksLikeCertificatePem(v)) throw new Error(t('signing.admin.notPem')); } }]}>
          <Input.TextArea rows={8} style={{ fontFamily: 'monospace', fontSize: 12 }} placeholder="-----BEGIN CERTIFICATE-----" />
        </Form.Item>
        <Upload accept=".pem,.crt,.cer" maxCount={1} showUploadList={false} beforeUpload={async (f) => { form.setFieldValue('pem', await f.text()); return false; }}>
          <Button icon={<UploadOutlined />}>{t('signing.admin.pemFile')}</Button>
        </Upload>
      </Form>
    </Modal>
  );
}

export default function SigningTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: KEYS, requestPolicy: 'cache-and-network' });
  const [dialog, setDialog] = useState<{ kind: 'upload' } | { kind: 'anchor' } | { kind: 'revoke'; id: string; name: string } | null>(null);
  const reload = (text: string) => {
    setDialog(null);
    message.success(text);
    refetch({ requestPolicy: 'network-only' });
  };
  const keys = [...(data?.signingKeys.nodes ?? [])].sort((a, b) => Number(a.revoked) - Number(b.revoked) || (a.certificate.commonName ?? '').localeCompare(b.certificate.commonName ?? ''));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Card size="small" title={t('signing.admin.keys')} extra={<Button type="primary" onClick={() => setDialog({ kind: 'upload' })} data-testid="key-upload">{t('signing.admin.upload')}</Button>}>
        <Table
          data-testid="signing-keys"
          size="small"
          rowKey="id"
          loading={fetching && !data}
          dataSource={keys}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          onRow={(k) => ({ 'data-fingerprint': k.certificate.fingerprint, 'data-revoked': String(k.revoked) }) as never}
          columns={[
            {
              title: t('signing.admin.owner'),
              key: 'o',
              render: (_, k) => (
                <span>
                  <Tag>{k.personId ? t('signing.admin.ownerPerson') : t('signing.admin.ownerUnit')}</Tag>
                  {k.personId ? <PersonName id={k.personId} /> : <UnitName id={k.unitId} />}
                </span>
              ),
            },
            { title: t('signing.admin.certificate'), key: 'c', render: (_, k) => <CertificateCell c={k.certificate} /> },
            { title: t('signing.admin.validity'), key: 'v', render: (_, k) => `${formatDate(k.certificate.notBefore)} – ${formatDate(k.certificate.notAfter)}` },
            {
              title: t('signing.admin.state'),
              key: 's',
              render: (_, k) => (
                <Space orientation="vertical" size={2}>
                  {k.revoked ? <Tag color="red">{t('signing.admin.revoked')}</Tag> : k.usable ? <Tag color="green">{t('signing.usable')}</Tag> : <Tag color="orange">{t('signing.notUsable')}</Tag>}
                  {k.hasImage && <Tag>{t('signing.admin.hasImage')}</Tag>}
                </Space>
              ),
            },
            {
              title: '',
              key: 'a',
              render: (_, k) =>
                !k.revoked && (
                  <Button size="small" danger data-testid="key-revoke" onClick={() => setDialog({ kind: 'revoke', id: k.id, name: k.certificate.commonName ?? k.certificate.subject })}>
                    {t('signing.admin.revoke')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('signing.admin.anchors')} extra={<Button onClick={() => setDialog({ kind: 'anchor' })} data-testid="anchor-add">{t('signing.admin.addAnchor')}</Button>}>
        <Typography.Paragraph type="secondary">{t('signing.admin.anchorsHint')}</Typography.Paragraph>
        <Table
          data-testid="trust-anchors"
          size="small"
          rowKey={(a) => a.certificate.fingerprint}
          dataSource={data?.trustAnchors.nodes ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('signing.admin.certificate'), key: 'c', render: (_, a) => <CertificateCell c={a.certificate} /> },
            { title: t('signing.admin.validity'), key: 'v', render: (_, a) => `${formatDate(a.certificate.notBefore)} – ${formatDate(a.certificate.notAfter)}` },
            {
              title: '',
              key: 'p',
              render: (_, a) => (
                <a href={`data:application/x-pem-file;charset=utf-8,${encodeURIComponent(a.pem)}`} download={`${(a.certificate.commonName ?? 'anchor').replace(/[^\p{L}\p{N}]+/gu, '-')}.pem`}>
                  {t('signing.admin.downloadPem')}
                </a>
              ),
            },
          ]}
        />
      </Card>
      {dialog?.kind === 'upload' && <UploadKeyDialog onClose={() => setDialog(null)} onDone={() => reload(t('signing.admin.uploaded'))} />}
      {dialog?.kind === 'anchor' && <AddAnchorDialog onClose={() => setDialog(null)} onDone={() => reload(t('signing.admin.anchorAdded'))} />}
      {dialog?.kind === 'revoke' && <RevokeDialog keyId={dialog.id} name={dialog.name} onClose={() => setDialog(null)} onDone={() => reload(t('signing.admin.revokedDone'))} />}
    </Space>
  );
}
