// A paper document arrives: the clerk drops its scans and types the Decree 30 metadata.
// Documents already registered, or received and not registered yet, with the same number,
// notation and issuing body are pointed out while typing, and before sending the clerk must
// confirm "receive anyway". Enter in a field never sends the form; the button is disabled
// while sending, and one idempotency key per filled-in form makes a repeated send the same
// command. A failed request keeps everything typed and uploaded.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Col, Form, Row, Space, Typography, App, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { officeNow } from '../lib/deadline';
import { graphql } from '../graphql';
import FileDrop, { type FileRef } from '../components/FileDrop';
import { newKey } from '../components/ActionDialog';
import { splitProblems } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { keepEnter } from '../lib/forms';
import MetadataFields, { METADATA_FIELDS, metadataInput, type MetadataValues } from '../components/MetadataFields';

const RECEIVE = graphql(`
  mutation ReceivePaper($input: ReceivePaperDocumentInput!, $key: ID) {
    receivePaperDocument(input: $input, idempotencyKey: $key) {
      document { id step }
      probableDuplicates { documentId number year summary arrivedAt }
    }
  }
`);
export const DUPLICATES = graphql(`
  query ProbableDuplicates($issuingBody: String!, $numberNotation: String!) {
    probableDuplicates(issuingBody: $issuingBody, numberNotation: $numberNotation) { nodes { documentId number year summary arrivedAt } }
  }
`);

type Values = MetadataValues & { files: FileRef[] };

const FIELDS = ['files', ...METADATA_FIELDS];


type Candidate = { documentId: string; number?: number | null; year?: number | null; summary: string; arrivedAt: unknown };

function DuplicateList({ items }: { items: readonly Candidate[] }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      dataSource={[...items]}
      renderItem={(x) => (
        <List.Item>
          <a href={`/documents/${x.documentId}`} target="_blank" rel="noreferrer" data-testid="duplicate-link">
            {x.number != null
              ? t('receive.duplicateItem', { number: x.number, year: x.year, at: formatDateTime(x.arrivedAt as string) })
              : t('forms.duplicateUnregistered', { at: formatDateTime(x.arrivedAt as string) })}
          </a>{' '}
          {x.summary}
        </List.Item>
      )}
    />
  );
}

export default function Receive() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  // One key per filled-in form: sending it twice receives it once.
  const [key, setKey] = useState(newKey);
  const [{ fetching }, receive] = useMutation(RECEIVE);
  const client = useClient();
  // One send at a time, whatever presses and clicks come in meanwhile.
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  // The candidates found just before sending, which the clerk must confirm past, and the
  // issuing body and number they were confirmed for.
  const [toConfirm, setToConfirm] = useState<readonly Candidate[]>([]);
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const issuingBody = Form.useWatch('issuingBody', form)?.trim() ?? '';
  const numberNotation = Form.useWatch('numberNotation', form)?.trim() ?? '';
  const [dup] = useQuery({ query: DUPLICATES, variables: { issuingBody, numberNotation }, pause: !issuingBody || !numberNotation });
  const duplicates = useMemo(() => dup.data?.probableDuplicates.nodes ?? [], [dup.data]);
  // Another issuing body or number: what was found for the former ones no longer applies.
  useEffect(() => setToConfirm([]), [issuingBody, numberNotation]);

  async function submit(v: Values, anyway = false) {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    try {
      setGeneral([]);
      const pair = `${v.issuingBody.trim()}\u0000${v.numberNotation.trim()}`;
      if (!anyway && confirmedFor !== pair) {
        // Asked again now: another clerk may have received it a moment ago.
        const found = await client
          .query(DUPLICATES, { issuingBody: v.issuingBody.trim(), numberNotation: v.numberNotation.trim() }, { requestPolicy: 'network-only' })
          .toPromise();
        const nodes = found.data?.probableDuplicates.nodes ?? [];
        if (nodes.length > 0) {
          setToConfirm(nodes);
          return;
        }
      }
      setToConfirm([]);
      setConfirmedFor(pair);
      const r = await receive({ input: { metadata: metadataInput(v), files: v.files }, key });
      const s = splitProblems(r.error, FIELDS, t);
      form.setFields(s.fields as never);
      setGeneral(s.general);
      if (r.data) {
        message.success(t('receive.done'));
        setKey(newKey());
        navigate(`/documents/${r.data.receivePaperDocument.document.id}`);
      }
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }

  async function receiveAnyway() {
    const v = await form.validateFields().catch(() => null);
    if (v) await submit(v as Values, true);
  }

  return (
    <div>
      <Typography.Title level={3}>{t('nav.receive')}</Typography.Title>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onKeyDown={keepEnter}
        name="receive"
        initialValues={{ urgency: 'NORMAL', confidentiality: 'NORMAL', pageCount: 1, files: [], documentDate: officeNow() }}
        scrollToFirstError
      >
        {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="receive-error" />}
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('receive.scans')}>
              <Form.Item name="files" label={t('receive.files')} rules={[{ required: true, type: 'array', min: 1, message: t('receive.needScan') }]}>
                <FileDrop />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('receive.metadata')}>
              {duplicates.length > 0 && toConfirm.length === 0 && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="duplicate-warning"
                  title={t('receive.duplicates')}
                  description={<DuplicateList items={duplicates} />}
                  style={{ marginBottom: 12 }}
                />
              )}
              <MetadataFields />
              {toConfirm.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  data-testid="duplicate-confirm"
                  title={t('forms.duplicateConfirm')}
                  description={
                    <>
                      <DuplicateList items={toConfirm} />
                      <Space>
                        <Button danger onClick={() => void receiveAnyway()} disabled={busy || fetching} data-testid="receive-anyway">
                          {t('forms.receiveAnyway')}
                        </Button>
                        <Button onClick={() => setToConfirm([])}>{t('forms.checkAgain')}</Button>
                      </Space>
                    </>
                  }
                  style={{ marginBottom: 12 }}
                />
              )}
              <Button type="primary" htmlType="submit" loading={busy || fetching} disabled={busy || fetching} data-testid="receive-submit">{t('receive.submit')}</Button>
            </Card>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
