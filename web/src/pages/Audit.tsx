// The auditor's view of one document: its history, its state replayed at a chosen moment,
// and the verification of its hash chain; above it, the latest signed checkpoint of all
// stored history.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, Result, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import dayjs, { type Dayjs } from 'dayjs';
import { graphql, type ResultOf } from '../graphql';
import History from '../components/History';
import { errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';

const HISTORY = graphql(`
  query AuditHistory($id: ID!) {
    documentHistory(documentId: $id, first: 500) {
      nodes {
        position recordedAt eventType action fromStep toStep actionTitle fromStepTitle toStepTitle note deadline onBehalfOf authority
        actedBy { name } onBehalfOfPerson { name }
        actor { positionId personName title unitName }
      }
    }
  }
`);
const AS_OF = graphql(`
  query AsOf($id: ID!, $at: DateTime!) {
    documentAsOf(id: $id, at: $at) {
      existed revision step stepTitle finished arrivalNumber files
      metadata { summary numberNotation issuingBody urgencyName }
      sentBy { personName title unitName }
      mainHandler { personName title unitName }
      coHandlers { personName title unitName }
      forInformation { personName title unitName }
    }
  }
`);
const CHECKPOINT = graphql(`
  query HistoryCheckpoint {
    historyCheckpoint { position headHash signedAt organisation signatureValid chainMatches }
  }
`);
const VERIFY = graphql(`query Verify($id: ID!) { verifyDocumentHistory(id: $id) { intact eventsChecked problems } }`);

type Snapshot = ResultOf<typeof AS_OF>['documentAsOf'];
type Verification = ResultOf<typeof VERIFY>['verifyDocumentHistory'];
const who = (p?: { personName: string; title: string; unitName: string } | null) => (p ? `${p.personName} — ${p.title}, ${p.unitName}` : '—');

export default function Audit() {
  const { t } = useTranslation();
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const id = params.get('document') ?? '';
  const [at, setAt] = useState<Dayjs | null>(dayjs());
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [history] = useQuery({ query: HISTORY, variables: { id }, pause: !id });
  const [checkpoint] = useQuery({ query: CHECKPOINT });

  async function replay() {
    if (!at) return;
    setBusy('asOf');
    const r = await client.query(AS_OF, { id, at: at.toISOString() }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(null);
    setProblem(r.error ? errorText(r.error, t) : null);
    setSnapshot(r.data?.documentAsOf ?? null);
  }
  async function verify() {
    setBusy('verify');
    const r = await client.query(VERIFY, { id }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(null);
    setProblem(r.error ? errorText(r.error, t) : null);
    setVerification(r.data?.verifyDocumentHistory ?? null);
  }

  return (
    <div>
      <Typography.Title level={3}>{t('nav.audit')}</Typography.Title>
      {checkpoint.data && <CheckpointPanel checkpoint={checkpoint.data.historyCheckpoint} />}
      <Form layout="inline" onFinish={(v: { id: string }) => { setParams({ document: v.id.trim() }); setSnapshot(null); setVerification(null); }} initialValues={{ id }} style={{ marginBottom: 12 }}>
        <Form.Item name="id" label={t('audit.documentId')} rules={[{ required: true }]}>
          <Input style={{ width: 340, maxWidth: '100%' }} />
        </Form.Item>
        <Button htmlType="submit">{t('common.open')}</Button>
      </Form>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      {id && (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('audit.asOf')} style={{ marginBottom: 16 }}>
              <Space wrap>
                <DatePicker showTime value={at} onChange={setAt} format="DD/MM/YYYY HH:mm:ss" aria-label={t('audit.moment')} />
                <Button type="primary" onClick={() => void replay()} loading={busy === 'asOf'} data-testid="as-of">{t('audit.replay')}</Button>
              </Space>
              {snapshot && (
                snapshot.existed ? (
                  <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }} data-testid="snapshot">
                    <Descriptions.Item label={t('document.step')}>{snapshot.stepTitle ?? snapshot.step ?? ''}{snapshot.finished ? ` (${t('audit.finished')})` : ''}</Descriptions.Item>
                    <Descriptions.Item label={t('audit.revision')}>{snapshot.revision}</Descriptions.Item>
                    <Descriptions.Item label={t('document.summary')}>{snapshot.metadata?.summary}</Descriptions.Item>
                    <Descriptions.Item label={t('document.numberNotation')}>{snapshot.metadata?.numberNotation}</Descriptions.Item>
                    <Descriptions.Item label={t('document.arrivalNumber')}>{snapshot.arrivalNumber ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('document.sentBy')}>{who(snapshot.sentBy)}</Descriptions.Item>
                    <Descriptions.Item label={t('action.main')}>{who(snapshot.mainHandler)}</Descriptions.Item>
                    <Descriptions.Item label={t('action.co')}>{snapshot.coHandlers.map(who).join('; ') || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('action.info')}>{snapshot.forInformation.map(who).join('; ') || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('document.files')}>{snapshot.files.length}</Descriptions.Item>
                  </Descriptions>
                ) : (
                  <Alert type="info" showIcon title={t('audit.notYet')} style={{ marginTop: 12 }} />
                )
              )}
            </Card>
            <Card size="small" title={t('audit.verify')}>
              <Button onClick={() => void verify()} loading={busy === 'verify'} data-testid="verify">{t('audit.verifyButton')}</Button>
              {verification && (
                <Result
                  status={verification.intact ? 'success' : 'error'}
                  title={verification.intact ? t('audit.intact') : t('audit.altered')}
                  subTitle={t('audit.checked', { count: verification.eventsChecked })}
                  extra={verification.problems.map((p) => <div key={p}>{p}</div>)}
                  data-testid="verification"
                />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={<Space>{t('document.tabHistory')}<Link to={`/documents/${id}`}>{t('common.open')}</Link><Link to={`/activity?document=${id}`}>{t('nav.activity')}</Link></Space>}>
              {history.error && <Alert type="error" showIcon title={errorText(history.error, t)} />}
              <History entries={history.data?.documentHistory.nodes ?? []} />
              {history.data && (
                <Typography.Paragraph type="secondary">
                  {t('audit.pickFromHistory')}{' '}
                  {history.data.documentHistory.nodes.map((h) => (
                    <Button key={h.position} size="small" type="link" onClick={() => setAt(dayjs(h.recordedAt))}>{formatDateTime(h.recordedAt)}</Button>
                  ))}
                </Typography.Paragraph>
              )}
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}

/** The latest signed checkpoint of all stored history (auditors only: others get no data). */
function CheckpointPanel({ checkpoint }: { checkpoint: ResultOf<typeof CHECKPOINT>['historyCheckpoint'] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('audit.checkpoint')} style={{ marginBottom: 16 }} data-testid="checkpoint">
      {checkpoint ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            type={checkpoint.signatureValid && checkpoint.chainMatches ? 'success' : 'error'}
            showIcon
            title={`${checkpoint.signatureValid ? t('audit.signatureValid') : t('audit.signatureInvalid')} · ${checkpoint.chainMatches ? t('audit.chainMatches') : t('audit.chainDiffers')}`}
          />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('audit.checkpointPosition')}>{checkpoint.position}</Descriptions.Item>
            <Descriptions.Item label={t('audit.checkpointAt')}>{formatDateTime(checkpoint.signedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.checkpointBy')}>{checkpoint.organisation}</Descriptions.Item>
            <Descriptions.Item label={t('audit.checkpointHead')}><Typography.Text code copyable>{checkpoint.headHash}</Typography.Text></Descriptions.Item>
          </Descriptions>
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('audit.checkpointNone')}</Typography.Text>
      )}
    </Card>
  );
}
