// A paper document arrives: the clerk drops its scans and types the Decree 30 metadata.
// Documents already registered, or received and not registered yet, with the same number,
// notation and issuing body are pointed out while typing, and before sending the clerk must
// confirm "receive anyway". Enter in a field never sends the form; the button is disabled
// while sending, and one idempotency key per filled-in form makes a repeated send the same
// command. A failed request keeps everything typed and uploaded.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Typography, App, List } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import dayjs, { type Dayjs } from 'dayjs';
import { graphql } from '../graphql';
import FileDrop, { type FileRef } from '../components/FileDrop';
import { CONFIDENTIALITIES, URGENCIES, useDocumentTypes } from '../components/Catalogues';
import { newKey } from '../components/ActionDialog';
import { splitProblems } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { keepEnter } from '../lib/forms';
import IssuingBodyInput from '../components/IssuingBodyInput';

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

interface Values {
  files: FileRef[];
  issuingBody: string;
  numberNotation: string;
  documentDate: Dayjs;
  documentType: string;
  summary: string;
  pageCount: number;
  signerName?: string;
  signerPosition?: string;
  urgency: (typeof URGENCIES)[number];
  confidentiality: (typeof CONFIDENTIALITIES)[number];
  recipients?: string;
  deadline?: Dayjs | null;
  notes?: string;
}

const FIELDS = ['files', 'issuingBody', 'numberNotation', 'documentDate', 'documentType', 'summary', 'pageCount', 'signerName', 'signerPosition', 'urgency', 'confidentiality', 'recipients', 'deadline', 'notes'];

export function metadataInput(v: Values) {
  const opt = (s?: string) => s?.trim() || null;
  return {
    issuingBody: v.issuingBody.trim(),
    numberNotation: v.numberNotation.trim(),
    documentDate: v.documentDate.format('YYYY-MM-DD'),
    documentType: v.documentType,
    summary: v.summary.trim(),
    pageCount: v.pageCount,
    signerName: opt(v.signerName),
    signerPosition: opt(v.signerPosition),
    urgency: v.urgency,
    confidentiality: v.confidentiality,
    recipients: opt(v.recipients),
    deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
    notes: opt(v.notes),
  };
}

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
  const types = useDocumentTypes();
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
        initialValues={{ urgency: 'NORMAL', confidentiality: 'NORMAL', pageCount: 1, files: [], documentDate: dayjs() }}
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
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name="issuingBody" label={t('document.issuingBody')} rules={[{ required: true, whitespace: true }, { max: 300 }]}>
                    <IssuingBodyInput />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="numberNotation" label={t('document.numberNotation')} rules={[{ required: true, whitespace: true }, { max: 100 }]} extra={t('receive.notationHint')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="documentDate" label={t('document.documentDate')} rules={[{ required: true }]}>
                    <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="documentType" label={t('document.documentType')} rules={[{ required: true }]}>
                    <Select options={types.options} showSearch={{ optionFilterProp: 'label' }} data-testid="document-type" />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="summary" label={t('document.summary')} rules={[{ required: true, whitespace: true }, { max: 500 }]}>
                    <Input.TextArea rows={3} maxLength={500} showCount />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name="pageCount" label={t('document.pageCount')} rules={[{ required: true }]}>
                    <InputNumber min={1} max={10000} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={9}>
                  <Form.Item name="urgency" label={t('document.urgency')}>
                    <Select options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u.toLowerCase()}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <Form.Item name="confidentiality" label={t('document.confidentiality')}>
                    <Select options={CONFIDENTIALITIES.map((u) => ({ value: u, label: t(`confidentiality.${u.toLowerCase()}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="signerName" label={t('document.signerName')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="signerPosition" label={t('document.signerPosition')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="deadline" label={t('receive.printedDeadline')}>
                    <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="recipients" label={t('document.recipients')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="notes" label={t('document.notes')}>
                    <Input.TextArea rows={2} />
                  </Form.Item>
                </Col>
              </Row>
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
