// A document's page: metadata, attachments (preview, download), where it stands in its
// process and who holds it, every handler's work item, the units' progress after a fan-out,
// the history, and a button for exactly each action `availableActions` offers.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Empty, List, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import ActionDialog, { type ActionSpec } from '../components/ActionDialog';
import DocumentCorrections from '../components/DocumentCorrections';
import FilePreview, { previewable } from '../components/FilePreview';
import History, { entryLabel } from '../components/History';
import SignaturesPanel from '../components/SignaturesPanel';
import { ConfidentialityMark, Deadline, UrgencyMark } from '../components/Marks';
import { errorText } from '../lib/errors';
import DocumentActions from '../components/document/DocumentActions';
import FirstView from '../components/document/FirstView';
import ProcessingFlow from '../components/document/ProcessingFlow';
import DocumentRefused from '../components/document/DocumentRefused';
import CoParts from '../components/document/CoParts';
import PrintLinks from '../components/document/PrintLinks';
import { buildFlow, directionsTo } from '../lib/flow';
import { fileKind, formatDate, formatDateTime, formatSize } from '../lib/format';
import { actingPermissions, useMe } from '../session';

export const DOCUMENT = graphql(`
  query DocumentPage($id: ID!) {
    document(id: $id) {
      id unitId unitName parentId process processTitle step stepTitle finished channel revision
      metadata {
        issuingBody numberNotation documentDate documentType documentTypeName summary language pageCount
        signerName signerPosition urgency urgencyName confidentiality confidentialityName recipients deadline notes
      }
      arrival { registerId registerName bookName year number }
      files { sha256 name mediaType size url }
      signatures { fileName fileSha256 kind signerName certificateSubject serial signedAt integrity coverage certificate valid verifiedAt }
      sentBy { positionId personName title unitName }
      mainHandler { positionId personName title unitName }
      coHandlers { positionId personName title unitName }
      coParts { holder { positionId personName title unitName } state }
      forInformation { positionId personName title unitName }
      availableActions { action title toStep toStepTitle needsNote needsDeadline needsRecipients needsUnits needsAttachments effects returns ends danger }
      workItems {
        holder { positionId personName title unitName }
        poolRole poolUnitName kind state deadline read sentAt
        sentBy { positionId personName title unitName }
      }
      unitsProgress { documentId unitId unitName step stepTitle finished arrivalNumber updatedAt }
    }
    documentHistory(documentId: $id, first: 500) {
      nodes {
        position recordedAt eventType action fromStep toStep actionTitle fromStepTitle toStepTitle note deadline onBehalfOf authority
        actedBy { name } onBehalfOfPerson { name }
        actor { positionId personName title unitName }
        sentTo { kind unitName position { positionId personName title unitName } }
      }
    }
  }
`);
const READ = graphql(`mutation MarkRead($id: ID!) { markDocumentRead(documentId: $id) { visible } }`);
const VERIFY = graphql(`
  mutation VerifySignatures($id: ID!) {
    verifyDocumentSignatures(documentId: $id) { document { id signatures { fileSha256 valid verifiedAt } } written { visible } }
  }
`);

type Pos = { personName: string; title: string; unitName: string } | null | undefined;
const who = (p: Pos) => (p ? `${p.personName} — ${p.title}, ${p.unitName}` : '—');

export default function DocumentPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { me } = useMe();
  const [{ data, fetching, error }, refetch] = useQuery({ query: DOCUMENT, variables: { id }, requestPolicy: 'cache-and-network' });
  const [, markRead] = useMutation(READ);
  const [{ fetching: verifying }, verify] = useMutation(VERIFY);
  const [dialog, setDialog] = useState<ActionSpec | null>(null);
  const [preview, setPreview] = useState<string | null>(null);

  useEffect(() => {
    if (id) void markRead({ id });
  }, [id, markRead]);

  async function verifyAgain() {
    const r = await verify({ id });
    if (r.error) message.error(errorText(r.error, t));
    else {
      message.success(t('signing.verified'));
      refetch({ requestPolicy: 'network-only' });
    }
  }

  if (!data?.document) {
    if (error) return <DocumentRefused error={error} />;
    return <Spin style={{ display: 'block', margin: 48 }} spinning={fetching} />;
  }
  const d = data.document;
  const flow = buildFlow(data.documentHistory.nodes, (e) => entryLabel(e, t));
  const acting = me?.actingPositionId ?? null;
  const mine = d.workItems.filter((w) => w.holder?.positionId === acting && w.kind !== 'info');
  const myItem = mine.find((w) => w.state === 'pending') ?? mine[0];
  const m = d.metadata;
  const perms = actingPermissions(me);
  const previewFile = d.files.find((f) => f.sha256 === preview);

  return (
    <div data-testid="document-page" data-step={d.step}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <div>
          <Typography.Title level={3} style={{ marginBottom: 4 }} data-testid="document-title">{m.summary}</Typography.Title>
          <Space wrap>
            <Tag color="blue">{d.processTitle}</Tag>
            <Tag color={d.finished ? 'default' : 'green'} data-testid="step-tag">{d.stepTitle}</Tag>
            <UrgencyMark urgency={m.urgency} />
            <ConfidentialityMark level={m.confidentiality} />
            <Tag>{t(`channel.${d.channel}`, { defaultValue: d.channel })}</Tag>
            {d.arrival && (
              <Tag color="geekblue" data-testid="arrival">{t('document.arrival', { number: d.arrival.number, register: d.arrival.bookName })}</Tag>
            )}
            {d.parentId && <Link to={`/documents/${d.parentId}`}>{t('document.parent')}</Link>}
            {perms.has('AUDIT') && <Link to={`/audit?document=${d.id}`}>{t('nav.audit')}</Link>}
          </Space>
          <PrintLinks documentId={d.id} />
        </div>

        <FirstView directions={directionsTo(flow, acting)} myDeadline={myItem?.deadline} myItemPending={myItem?.state === 'pending'} printedDeadline={m.deadline} />

        <Card size="small" title={t('document.actions')} className="no-print">
          <DocumentActions actions={d.availableActions} step={d.step} onChoose={setDialog} />
          <Space wrap style={{ marginTop: 8 }}>
            <DocumentCorrections id={d.id} revision={d.revision} onDone={(text) => { message.success(text); refetch({ requestPolicy: 'network-only' }); }} />
          </Space>
        </Card>

        <Tabs
          items={[
            {
              key: 'info',
              label: t('document.tabInfo'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
                    <Descriptions.Item label={t('document.issuingBody')}>{m.issuingBody}</Descriptions.Item>
                    <Descriptions.Item label={t('document.numberNotation')}>{m.numberNotation}</Descriptions.Item>
                    <Descriptions.Item label={t('document.documentDate')}>{formatDate(m.documentDate)}</Descriptions.Item>
                    <Descriptions.Item label={t('document.documentType')}>{m.documentTypeName}</Descriptions.Item>
                    <Descriptions.Item label={t('document.urgency')}>{m.urgencyName}</Descriptions.Item>
                    <Descriptions.Item label={t('document.confidentiality')}>{m.confidentialityName}</Descriptions.Item>
                    <Descriptions.Item label={t('document.pageCount')}>{m.pageCount}</Descriptions.Item>
                    <Descriptions.Item label={t('document.signer')}>{[m.signerName, m.signerPosition].filter(Boolean).join(', ') || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('document.deadline')}><Deadline date={m.deadline} finished={d.finished} /></Descriptions.Item>
                    <Descriptions.Item label={t('document.unit')}>{d.unitName}</Descriptions.Item>
                    <Descriptions.Item label={t('document.recipients')} span={2}>{m.recipients || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('document.notes')} span={2}>{m.notes || '—'}</Descriptions.Item>
                  </Descriptions>
                  <Card size="small" title={t('document.files')}>
                    {d.files.length === 0 ? (
                      <Empty />
                    ) : (
                      <List
                        dataSource={d.files}
                        renderItem={(f) => (
                          <List.Item
                            actions={[
                              previewable(f.mediaType) ? (
                                <Button key="p" size="small" icon={<EyeOutlined />} onClick={() => setPreview(preview === f.sha256 ? null : f.sha256)} data-testid="preview-button">
                                  {t('files.preview')}
                                </Button>
                              ) : null,
                              <a key="d" href={f.url} download={f.name}><DownloadOutlined /> {t('files.download')}</a>,
                            ]}
                          >
                            <List.Item.Meta title={f.name} description={`${fileKind(f.mediaType, t('books.fileOther'))} · ${formatSize(f.size)}`} />
                          </List.Item>
                        )}
                      />
                    )}
                    {previewFile && <FilePreview key={previewFile.sha256} url={previewFile.url} mediaType={previewFile.mediaType} name={previewFile.name} />}
                  </Card>
                  {d.files.some((f) => f.mediaType === 'application/pdf') && (
                    <Card
                      size="small"
                      title={t('signing.signaturesTitle')}
                      extra={
                        <Button size="small" loading={verifying} onClick={() => void verifyAgain()} data-testid="verify-signatures">
                          {t('signing.verifyAgain')}
                        </Button>
                      }
                    >
                      <SignaturesPanel signatures={d.signatures} />
                    </Card>
                  )}
                </Space>
              ),
            },
            {
              key: 'process',
              label: t('document.tabProcess'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Descriptions bordered size="small" column={1}>
                    <Descriptions.Item label={t('document.step')}>{d.stepTitle}</Descriptions.Item>
                    <Descriptions.Item label={t('document.sentBy')}>{who(d.sentBy)}</Descriptions.Item>
                    <Descriptions.Item label={t('action.main')}><span data-testid="main-handler">{who(d.mainHandler)}</span></Descriptions.Item>
                    <Descriptions.Item label={t('action.co')}>{d.coHandlers.map(who).join('; ') || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('action.info')}>{d.forInformation.map(who).join('; ') || '—'}</Descriptions.Item>
                  </Descriptions>
                  <Table
                    size="small"
                    rowKey={(w, i) => `${w.holder?.positionId ?? w.poolRole}-${w.kind}-${i}`}
                    dataSource={d.workItems}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                    title={() => t('document.workItems')}
                    columns={[
                      { title: t('document.holder'), key: 'h', render: (_, w) => (w.holder ? who(w.holder) : `${w.poolRole ?? ''} · ${w.poolUnitName ?? ''}`) },
                      { title: t('inbox.kind'), key: 'k', render: (_, w) => <Tag>{t(`kind.${w.kind}`)}</Tag> },
                      { title: t('document.state'), key: 's', render: (_, w) => <Tag color={w.state === 'processed' ? 'green' : w.state === 'pending' ? 'orange' : 'default'}>{t(`workState.${w.state}`, { defaultValue: w.state })}</Tag> },
                      { title: t('document.deadline'), key: 'd', render: (_, w) => <Deadline date={w.deadline} finished={w.state !== 'pending'} /> },
                      { title: t('document.sentBy'), key: 'b', render: (_, w) => who(w.sentBy), responsive: ['md'] },
                    ]}
                  />
                  <CoParts parts={d.coParts} />
                  <Card size="small" title={t('home.flow')}>
                    <ProcessingFlow roots={flow} me={acting} />
                  </Card>
                  {d.unitsProgress.length > 0 && (
                    <Table
                      data-testid="units-progress"
                      size="small"
                      rowKey="documentId"
                      dataSource={d.unitsProgress}
                      pagination={false}
                      title={() => t('document.unitsProgress')}
                      columns={[
                        { title: t('document.unit'), key: 'u', render: (_, u) => <Link to={`/documents/${u.documentId}`}>{u.unitName}</Link> },
                        { title: t('document.step'), dataIndex: 'stepTitle' },
                        { title: t('document.arrivalNumber'), dataIndex: 'arrivalNumber' },
                        { title: t('document.updatedAt'), key: 't', render: (_, u) => formatDateTime(u.updatedAt) },
                      ]}
                    />
                  )}
                </Space>
              ),
            },
            { key: 'history', label: t('document.tabHistory'), children: <History entries={data.documentHistory.nodes} /> },
          ]}
        />
      </Space>
      {dialog && (
        <ActionDialog
          documentId={d.id}
          documentUnitId={d.unitId}
          step={d.step}
          spec={dialog}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null);
            message.success(text);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
    </div>
  );
}
