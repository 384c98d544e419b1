// Soạn thảo: a new outgoing document (P4, numbered by the unit) or submission to the
// ministry leadership (P3). Decree 30 fields, the signer, recipients marked electronic only
// or electronic and paper, related documents, the main PDF and attachments. A failed request
// keeps everything typed and uploaded; one idempotency key per filled-in form.
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { officeNow } from '../../lib/deadline';
import { graphql } from '../../graphql';
import FileDrop from '../../components/FileDrop';
import PositionPicker from '../../components/PositionPicker';
import RecipientsField from '../../components/RecipientsField';
import { CONFIDENTIALITIES, URGENCIES, useDocumentTypes } from '../../components/Catalogues';
import { newKey } from '../../components/ActionDialog';
import { splitProblems } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { createDraftInput, isMainFileName, SUMMARY_MAX, type DraftValues } from '../../lib/outgoing';

const CREATE = graphql(`
  mutation CreateDraft($input: CreateDraftInput!, $key: ID) {
    createDraft(input: $input, idempotencyKey: $key) { document { id step } written { visible } }
  }
`);
const FIND = graphql(`
  query RelatedSearch($text: String) {
    searchDocuments(text: $text, first: 20) { nodes { documentId numberNotation issuingBody summary documentDate } }
  }
`);
const FIELDS_CATALOGUE = graphql(`query FieldOptions { fields(first: 200) { nodes { code name active } } }`);
// The processes the caller may start a draft of, outgoing documents first.
const PROCESSES = graphql(`query DraftProcesses { draftProcesses { id title } }`);

const FORM_FIELDS = ['process', 'documentType', 'summary', 'signerPositionId', 'signingAuthority', 'recipients', 'urgency', 'confidentiality', 'replyDeadline', 'relatedDocuments', 'field', 'notes', 'files'];

/** Searches documents the caller may read and picks them as related documents. */
function RelatedPicker({ value, onChange, id }: { value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  const [{ data, fetching }] = useQuery({ query: FIND, variables: { text: search.trim() }, pause: search.trim().length < 2 });
  const found = (data?.searchDocuments.nodes ?? []).map((d) => ({ value: d.documentId, label: `${d.numberNotation} (${formatDate(d.documentDate)}) — ${d.summary}` }));
  const selected = value ?? [];
  const options = [...selected.filter((v) => !found.some((f) => f.value === v)).map((v) => ({ value: v, label: known.get(v) ?? v })), ...found];
  return (
    <Select
      id={id}
      data-testid="related-picker"
      mode="multiple"
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      placeholder={t('outgoing.relatedSearch')}
      notFoundContent={fetching ? t('common.loading') : search.trim().length < 2 ? t('picker.typeToSearch') : t('outgoing.nothingFound')}
      value={selected}
      options={options}
      onChange={(v: string[]) => {
        setKnown((k) => {
          const next = new Map(k);
          for (const f of found) if (v.includes(f.value)) next.set(f.value, f.label);
          return next;
        });
        onChange?.(v);
      }}
    />
  );
}

export default function NewDraft() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<DraftValues>();
  const types = useDocumentTypes();
  const [fieldsCatalogue] = useQuery({ query: FIELDS_CATALOGUE, requestPolicy: 'cache-first' });
  const [processes] = useQuery({ query: PROCESSES, requestPolicy: 'cache-and-network' });
  const firstProcess = processes.data?.draftProcesses[0]?.id;
  // The first process offered is chosen once the list is known.
  useEffect(() => {
    if (firstProcess && !form.getFieldValue('process')) form.setFieldValue('process', firstProcess);
  }, [firstProcess, form]);
  const [key, setKey] = useState(newKey);
  const [{ fetching }, create] = useMutation(CREATE);
  const [general, setGeneral] = useState<string[]>([]);

  async function submit(v: DraftValues) {
    setGeneral([]);
    const r = await create({ input: createDraftInput(v), key });
    const s = splitProblems(r.error, FORM_FIELDS, t);
    form.setFields(s.fields.map((f) => ({ ...f, name: f.name === 'files' ? 'mainFile' : f.name })) as never);
    setGeneral(s.general);
    const doc = r.data?.createDraft.document;
    if (doc) {
      message.success(t('outgoing.created'));
      setKey(newKey());
      navigate(`/outgoing/doc/${doc.id}`);
    }
  }

  return (
    <div>
      <Typography.Title level={3}>{t('nav.outgoingNew')}</Typography.Title>
      <Form
        form={form}
        layout="vertical"
        name="draft"
        onFinish={submit}
        scrollToFirstError
        initialValues={{ urgency: 'NORMAL', confidentiality: 'NORMAL', recipients: [], relatedDocuments: [], mainFile: [], attachments: [] }}
      >
        {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="draft-error" />}
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('outgoing.fields')}>
              <Form.Item name="process" label={t('outgoing.process')} rules={[{ required: true }]}>
                <Radio.Group
                  data-testid="process-choice"
                  options={(processes.data?.draftProcesses ?? []).map((p) => ({ value: p.id, label: p.title }))}
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Form.Item name="documentType" label={t('document.documentType')} rules={[{ required: true }]}>
                    <Select options={types.options} showSearch={{ optionFilterProp: 'label' }} data-testid="draft-type" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item name="field" label={t('outgoing.field')}>
                    <Select
                      allowClear
                      showSearch={{ optionFilterProp: 'label' }}
                      options={(fieldsCatalogue.data?.fields.nodes ?? []).filter((f) => f.active).map((f) => ({ value: f.code, label: f.name }))}
                    />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="summary" label={t('document.summary')} rules={[{ required: true, whitespace: true }, { max: SUMMARY_MAX }]}>
                    <Input.TextArea rows={3} maxLength={SUMMARY_MAX} showCount />
                  </Form.Item>
                </Col>
                <Col xs={24} md={16}>
                  <Form.Item name="signerPositionId" label={t('outgoing.signer')} extra={t('outgoing.signerHint')}>
                    <PositionPicker testId="signer-picker" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="signingAuthority" label={t('outgoing.authority')}>
                    <Select
                      allowClear
                      options={(['KT', 'TL', 'TUQ', 'TM'] as const).map((a) => ({ value: a, label: t(`outgoing.authorities.${a}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name="urgency" label={t('document.urgency')}>
                    <Select options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u.toLowerCase()}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name="confidentiality" label={t('document.confidentiality')}>
                    <Select options={CONFIDENTIALITIES.map((u) => ({ value: u, label: t(`confidentiality.${u.toLowerCase()}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="replyDeadline" label={t('outgoing.replyDeadline')}>
                    <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={(d) => d.isBefore(officeNow(), 'day')} />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="recipients" label={t('document.recipients')}>
                    <RecipientsField />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="relatedDocuments" label={t('outgoing.related')}>
                    <RelatedPicker />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="notes" label={t('document.notes')}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('outgoing.files')}>
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
                <FileDrop id="draft_mainFile" />
              </Form.Item>
              <Form.Item name="attachments" label={t('outgoing.attachments')}>
                <FileDrop id="draft_attachments" />
              </Form.Item>
            </Card>
            <Button type="primary" htmlType="submit" loading={fetching} data-testid="draft-submit" style={{ marginTop: 12 }} block>
              {t('outgoing.create')}
            </Button>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
