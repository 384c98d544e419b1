// Parts of the outgoing document page: versions (two side by side), opinions (ask, see who
// answered, answer), recipients with their copies' status, and the dialogs for a new version.
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, List, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import dayjs from 'dayjs';
import { graphql } from '../../graphql';
import FileDrop, { type FileRef } from '../../components/FileDrop';
import FilePreview, { previewable } from '../../components/FilePreview';
import PositionPicker from '../../components/PositionPicker';
import RecipientGrid, { type Chosen, type Column } from '../../components/RecipientGrid';
import { Deadline } from '../../components/Marks';
import { newKey } from '../../components/ActionDialog';
import { splitProblems } from '../../lib/errors';
import { fileKind, formatDate, formatDateTime, formatSize } from '../../lib/format';
import { todayIso, officeNow } from '../../lib/deadline';
import { comparedVersions, isMainFileName, mainPdf, opinionSummary, orderedFiles, recipientStatusColor, recipientStatusKey } from '../../lib/outgoing';

type Pos = { personName: string; title: string; unitName: string } | null | undefined;
export const who = (p: Pos) => (p ? `${p.personName} — ${p.title}, ${p.unitName}` : '—');

export interface FileView {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
  url: string;
}

export function FileList({ files, onPreview, previewing }: { files: FileView[]; onPreview?: (sha: string | null) => void; previewing?: string | null }) {
  const { t } = useTranslation();
  if (files.length === 0) return <Empty />;
  return (
    <List
      size="small"
      dataSource={files}
      renderItem={(f, i) => (
        <List.Item
          actions={[
            onPreview && previewable(f.mediaType) ? (
              <Button key="p" size="small" icon={<EyeOutlined />} onClick={() => onPreview(previewing === f.sha256 ? null : f.sha256)} data-testid="preview-button">
                {t('files.preview')}
              </Button>
            ) : null,
            <a key="d" href={f.url} download={f.name}><DownloadOutlined /> {t('files.download')}</a>,
          ]}
        >
          <List.Item.Meta title={<span>{i === 0 && <Tag color="blue">{t('outgoing.mainFileTag')}</Tag>}{f.name}</span>} description={`${fileKind(f.mediaType, t('books.fileOther'))} · ${formatSize(f.size)}`} />
        </List.Item>
      )}
    />
  );
}

interface Version {
  number: number;
  files: FileView[];
  by: { personName: string; title: string; unitName: string };
  note?: string | null;
  /** The Word file the main PDF was converted from (the editable version). */
  source?: { sha256: string; name: string; url: string } | null;
}

/** A version's main PDF was converted from a Word file: says so, and downloads the Word file (the editable version). */
export function SourceNote({ source }: { source: { name: string; url: string } }) {
  const { t } = useTranslation();
  return (
    <Space size={4} data-testid="version-source">
      <Tag color="purple">{t('outgoing.convertedFrom')}</Tag>
      <a href={source.url} download={source.name} title={source.name}><DownloadOutlined /> {t('outgoing.editableSource')}</a>
    </Space>
  );
}

export function VersionsPanel({ versions }: { versions: Version[] }) {
  const { t } = useTranslation();
  const [left, setLeft] = useState<number | null>(null);
  const [right, setRight] = useState<number | null>(null);
  const [comparing, setComparing] = useState(false);
  const pair = comparedVersions(versions.map((v) => v.number), left, right);
  const byNumber = (n: number) => versions.find((v) => v.number === n);
  const options = versions.map((v) => ({ value: v.number, label: t('outgoing.versionN', { n: v.number }) }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        data-testid="versions-table"
        size="small"
        rowKey="number"
        dataSource={[...versions].sort((a, b) => b.number - a.number)}
        pagination={false}
        columns={[
          { title: t('outgoing.version'), dataIndex: 'number', render: (n: number) => t('outgoing.versionN', { n }) },
          { title: t('outgoing.by'), key: 'by', render: (_, v) => who(v.by) },
          { title: t('outgoing.versionNote'), key: 'note', render: (_, v) => <span style={{ whiteSpace: 'pre-wrap' }}>{v.note ?? ''}</span> },
          {
            title: t('outgoing.files'),
            key: 'files',
            render: (_, v) => (
              <Space orientation="vertical" size={0}>
                {v.files.map((f) => <a key={f.sha256} href={f.url} download={f.name}>{f.name}</a>)}
                {v.source && <SourceNote source={v.source} />}
              </Space>
            ),
          },
        ]}
      />
      {pair && (
        <Card
          size="small"
          title={t('outgoing.compare')}
          extra={
            <Space wrap>
              <Select aria-label={t('outgoing.leftVersion')} value={pair[0]} options={options} onChange={setLeft} style={{ width: 140 }} />
              <Select aria-label={t('outgoing.rightVersion')} value={pair[1]} options={options} onChange={setRight} style={{ width: 140 }} />
              <Button onClick={() => setComparing((c) => !c)} data-testid="compare-button">{comparing ? t('outgoing.hideCompare') : t('outgoing.showCompare')}</Button>
            </Space>
          }
        >
          {comparing && (
            <Row gutter={8} data-testid="compare">
              {pair.map((n) => {
                const v = byNumber(n);
                const f = v ? mainPdf(v.files) : undefined;
                return (
                  <Col xs={24} md={12} key={n}>
                    <Typography.Text strong>{t('outgoing.versionN', { n })}</Typography.Text>
                    {v?.note && <div style={{ color: '#888', whiteSpace: 'pre-wrap' }}>{v.note}</div>}
                    {f && previewable(f.mediaType) ? <FilePreview key={`${n}-${f.sha256}`} url={f.url} mediaType={f.mediaType} name={f.name} /> : <Empty description={t('outgoing.noPreview')} />}
                  </Col>
                );
              })}
            </Row>
          )}
        </Card>
      )}
    </Space>
  );
}

interface Opinion {
  requestId: string;
  asked: { positionId: string; personName: string; title: string; unitName: string };
  askedBy: { positionId: string; personName: string; title: string; unitName: string };
  question: string;
  deadline: string;
  answeredAt?: string | null;
  opinion?: string | null;
}

export function OpinionsPanel({ opinions }: { opinions: Opinion[] }) {
  const { t } = useTranslation();
  const s = opinionSummary(opinions, todayIso());
  if (opinions.length === 0) return <Empty description={t('outgoing.noOpinions')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap data-testid="opinion-counts">
        <Tag color="green">{t('outgoing.answeredCount', { count: s.answered.length })}</Tag>
        <Tag color="orange">{t('outgoing.waitingCount', { count: s.waiting.length })}</Tag>
        {s.late.length > 0 && <Tag color="red">{t('outgoing.lateCount', { count: s.late.length })}</Tag>}
      </Space>
      <Table
        data-testid="opinions-table"
        size="small"
        rowKey={(o) => `${o.requestId}-${o.asked.positionId}`}
        dataSource={opinions}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('outgoing.asked'), key: 'a', render: (_, o) => who(o.asked) },
          { title: t('outgoing.askedBy'), key: 'b', responsive: ['md'], render: (_, o) => o.askedBy.personName },
          { title: t('outgoing.question'), key: 'q', render: (_, o) => <div style={{ maxWidth: 320, whiteSpace: 'pre-wrap' }}>{o.question}</div> },
          { title: t('document.deadline'), key: 'd', render: (_, o) => <Deadline date={o.deadline} finished={!!o.answeredAt} /> },
          {
            title: t('outgoing.answer'),
            key: 'o',
            render: (_, o) =>
              o.answeredAt ? (
                <div style={{ maxWidth: 360, whiteSpace: 'pre-wrap' }} data-testid="opinion-answer">
                  <Tag color="green">{formatDateTime(o.answeredAt)}</Tag> {o.opinion}
                </div>
              ) : (
                <Tag color={o.deadline < todayIso() ? 'red' : 'orange'}>{t('outgoing.notAnswered')}</Tag>
              ),
          },
        ]}
      />
    </Space>
  );
}

const REQUEST = graphql(`
  mutation RequestOpinions($documentId: ID!, $asked: [ID!]!, $question: String!, $deadline: NaiveDate!, $key: ID) {
    requestOpinions(documentId: $documentId, asked: $asked, question: $question, deadline: $deadline, idempotencyKey: $key) { written { visible } }
  }
`);
const GIVE = graphql(`
  mutation GiveOpinion($documentId: ID!, $requestId: ID!, $opinion: String!, $key: ID) {
    giveOpinion(documentId: $documentId, requestId: $requestId, opinion: $opinion, idempotencyKey: $key) { written { visible } }
  }
`);
const ADD_VERSION = graphql(`
  mutation AddDraftVersion($documentId: ID!, $files: [FileInput!]!, $note: String, $key: ID) {
    addDraftVersion(documentId: $documentId, files: $files, note: $note, idempotencyKey: $key) { document { id step } written { visible } }
  }
`);

// Whom one is likely to ask, before typing: one's own people, then the departments and units
// of the agency (a unit is asked through its head, else its clerk).
const LIKELY_OPINION_GIVERS = graphql(`
  query LikelyOpinionGivers($documentId: ID!) {
    likelyOpinionGivers(documentId: $documentId) {
      leaders { positionId personName title unitName }
      staff { positionId personName title unitName }
      units { unitId name receiver { positionId personName title } }
    }
  }
`);
const ASK_COLUMN: Column[] = ['info'];

function useDialogForm<T extends object>() {
  const [form] = Form.useForm<T>();
  const key = useMemo(newKey, []);
  const [general, setGeneral] = useState<string[]>([]);
  return { form, key, general, setGeneral };
}

export function RequestOpinionsDialog({ documentId, onClose, onDone }: { documentId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { form, key, general, setGeneral } = useDialogForm<{ asked: string[]; question: string; deadline: dayjs.Dayjs }>();
  const [{ fetching }, request] = useMutation(REQUEST);
  const [likely] = useQuery({ query: LIKELY_OPINION_GIVERS, variables: { documentId } });
  const offered = likely.data?.likelyOpinionGivers;
  // The grid's one column ("ask"): people go into the asked field; a unit is asked through
  // the person receiving for it.
  const asked: string[] | undefined = Form.useWatch('asked', form);
  const [units, setUnits] = useState<string[]>([]);
  const chosen: Chosen = { info: asked ?? [], infoUnits: units };
  const labels = useMemo(() => {
    const m = new Map<string, React.ReactNode>();
    for (const p of offered?.staff ?? []) m.set(p.positionId, [p.personName, [p.title, p.unitName].filter(Boolean).join(', ')].filter(Boolean).join(' — '));
    return m;
  }, [offered]);
  const receiverOf = new Map((offered?.units ?? []).map((u) => [u.unitId, u.receiver.positionId]));
  const everyone = [...new Set([...(asked ?? []), ...units.flatMap((u) => receiverOf.get(u) ?? [])])];
  return (
    <Modal open title={t('outgoing.requestOpinions')} okText={t('outgoing.send')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={fetching} okButtonProps={{ 'data-testid': 'opinion-request-submit' } as never} destroyOnHidden mask={{ closable: false }} width={640}>
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="opinions"
        onFinish={async (v) => {
          setGeneral([]);
          const r = await request({ documentId, asked: everyone, question: v.question.trim(), deadline: v.deadline.format('YYYY-MM-DD'), key });
          const s = splitProblems(r.error, ['asked', 'question', 'deadline'], t);
          form.setFields(s.fields as never);
          setGeneral(s.general);
          if (r.data) onDone();
        }}
      >
        {offered && offered.staff.length + offered.units.length > 0 && (
          <Form.Item label={t('recipients.likely')}>
            <RecipientGrid
              likely={offered}
              chosen={chosen}
              columns={ASK_COLUMN}
              titles={{ info: t('outgoing.askColumn') }}
              onChange={(next) => {
                form.setFields([{ name: 'asked', value: next.info ?? [], errors: [] }] as never);
                setUnits(next.infoUnits ?? []);
              }}
            />
          </Form.Item>
        )}
        <Form.Item
          name="asked"
          label={offered && offered.staff.length + offered.units.length > 0 ? t('recipients.others') : t('outgoing.askWhom')}
          rules={[{ validator: () => (everyone.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('outgoing.askSomeone')))) }]}
        >
          <PositionPicker multiple testId="asked-picker" labels={labels} />
        </Form.Item>
        <Form.Item name="question" label={t('outgoing.question')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="deadline" label={t('document.deadline')} rules={[{ required: true }]}>
          <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isBefore(officeNow(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function GiveOpinionDialog({ documentId, request, onClose, onDone }: { documentId: string; request: Opinion; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { form, key, general, setGeneral } = useDialogForm<{ opinion: string }>();
  const [{ fetching }, give] = useMutation(GIVE);
  return (
    <Modal open title={t('outgoing.giveOpinion')} okText={t('outgoing.send')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={fetching} okButtonProps={{ 'data-testid': 'opinion-submit' } as never} destroyOnHidden mask={{ closable: false }} width={640}>
      <Typography.Paragraph>
        <Typography.Text type="secondary">{t('outgoing.askedByOn', { name: request.askedBy.personName, date: formatDate(request.deadline) })}</Typography.Text>
        <br />
        {request.question}
      </Typography.Paragraph>
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="opinion"
        onFinish={async (v) => {
          setGeneral([]);
          const r = await give({ documentId, requestId: request.requestId, opinion: v.opinion.trim(), key });
          const s = splitProblems(r.error, ['opinion'], t);
          form.setFields(s.fields as never);
          setGeneral(s.general);
          if (r.data) onDone();
        }}
      >
        <Form.Item name="opinion" label={t('outgoing.answer')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount data-testid="opinion-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AddVersionDialog({ documentId, onClose, onDone }: { documentId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { form, key, general, setGeneral } = useDialogForm<{ mainFile: FileRef[]; attachments: FileRef[]; note?: string }>();
  const [{ fetching }, add] = useMutation(ADD_VERSION);
  return (
    <Modal open title={t('outgoing.addVersion')} okText={t('outgoing.addVersion')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={fetching} okButtonProps={{ 'data-testid': 'version-submit' } as never} destroyOnHidden mask={{ closable: false }} width={640}>
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="version"
        initialValues={{ mainFile: [], attachments: [] }}
        onFinish={async (v) => {
          setGeneral([]);
          const r = await add({ documentId, files: orderedFiles(v.mainFile, v.attachments), note: v.note?.trim() || null, key });
          const s = splitProblems(r.error, ['note'], t);
          form.setFields(s.fields as never);
          setGeneral(s.general);
          if (r.data) {
            message.success(t('outgoing.versionAdded'));
            onDone();
          }
        }}
      >
        <Form.Item
          name="mainFile"
          label={t('outgoing.mainFile')}
          extra={t('outgoing.mainFileHint')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('outgoing.needMainFile') },
            {
              validator: async (_, v: { name: string }[] | undefined) => {
                if (v && v.length > 1) throw new Error(t('outgoing.oneMainFile'));
                if (v && v[0] && !isMainFileName(v[0].name)) throw new Error(t('outgoing.mainMustBePdf'));
              },
            },
          ]}
        >
          <FileDrop id="version_mainFile" />
        </Form.Item>
        <Form.Item name="attachments" label={t('outgoing.attachments')}>
          <FileDrop id="version_attachments" />
        </Form.Item>
        <Form.Item name="note" label={t('outgoing.versionNote')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface Recipient {
  kind: string;
  id: string;
  name: string;
  delivery: string;
  copyId?: string | null;
  status?: string | null;
}

export function RecipientsPanel({ recipients, issued }: { recipients: Recipient[]; issued: boolean }) {
  const { t } = useTranslation();
  return (
    <Table
      data-testid="recipient-status"
      size="small"
      rowKey={(r) => `${r.kind}:${r.id}`}
      dataSource={recipients}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('outgoing.noRecipients') }}
      columns={[
        { title: t('outgoing.recipient'), key: 'n', render: (_, r) => r.name },
        { title: t('outgoing.recipientKind'), key: 'k', render: (_, r) => t(`outgoing.recipientKinds.${r.kind === 'unit' ? 'unit' : 'agency'}`) },
        { title: t('outgoing.deliveryColumn'), key: 'd', render: (_, r) => t(`outgoing.delivery.${r.delivery.toUpperCase() === 'ELECTRONIC_AND_PAPER' ? 'ELECTRONIC_AND_PAPER' : 'ELECTRONIC_ONLY'}`) },
        ...(issued
          ? [
              {
                title: t('outgoing.statusColumn'),
                key: 's',
                render: (_: unknown, r: Recipient) => (
                  <Tag color={recipientStatusColor(r.status)} data-status={r.status ?? ''}>
                    {t(recipientStatusKey(r.status))}
                  </Tag>
                ),
              },
              { title: t('outgoing.copy'), key: 'c', render: (_: unknown, r: Recipient) => (r.copyId ? <Link to={`/documents/${r.copyId}`}>{t('common.open')}</Link> : '') },
            ]
          : []),
      ]}
    />
  );
}

