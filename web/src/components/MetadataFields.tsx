// The Decree 30 metadata of an incoming document as form fields: one set for receiving a
// paper document and for correcting a received one, so both ask the same things with the
// same rules (and the server's refusals land beside the same fields).
import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Dayjs } from 'dayjs';
import { officeNow } from '../lib/deadline';
import { CONFIDENTIALITIES, URGENCIES, useDocumentTypes } from './Catalogues';
import IssuingBodyInput from './IssuingBodyInput';

export interface MetadataValues {
  issuingBody: string;
  numberNotation: string;
  documentDate: Dayjs;
  documentType: string;
  summary: string;
  pageCount: number;
  signerName?: string | null;
  signerPosition?: string | null;
  urgency: (typeof URGENCIES)[number];
  confidentiality: (typeof CONFIDENTIALITIES)[number];
  recipients?: string | null;
  deadline?: Dayjs | null;
  notes?: string | null;
}

/** The form fields of `MetadataValues`, in the order the form shows them. */
export const METADATA_FIELDS = ['issuingBody', 'numberNotation', 'documentDate', 'documentType', 'summary', 'pageCount', 'signerName', 'signerPosition', 'urgency', 'confidentiality', 'recipients', 'deadline', 'notes'];

/** The API's `DocumentMetadataInput` (without its language) from the form's values. */
export function metadataInput(v: MetadataValues) {
  const opt = (s?: string | null) => s?.trim() || null;
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

/** The fields, inside a `Form` whose values are `MetadataValues`. */
export default function MetadataFields() {
  const { t } = useTranslation();
  const types = useDocumentTypes();
  return (
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
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(officeNow(), 'day')} />
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
  );
}
