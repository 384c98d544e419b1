// The inbox's further filters (urgency, type, issuing body, dates, deadline, overdue). Loaded
// when the user opens them: the date pickers and the form are not part of the first screen.
import { Button, Checkbox, DatePicker, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { URGENCIES, useDocumentTypes } from '../components/Catalogues';
import type { FilterForm } from './Inbox';

export type MoreFilters = Omit<FilterForm, 'text'>;

export default function InboxFilters({
  value,
  onApply,
  onClear,
}: {
  value: MoreFilters;
  onApply: (v: MoreFilters) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MoreFilters>();
  const types = useDocumentTypes();
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={value}
      onFinish={onApply}
      style={{ marginBottom: 12, rowGap: 8 }}
      name="inbox-filter"
      id="inbox-more-filters"
    >
      <Form.Item name="urgency" label={t('document.urgency')}>
        <Select allowClear style={{ width: 150 }} options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u.toLowerCase()}`) }))} />
      </Form.Item>
      <Form.Item name="documentType" label={t('document.documentType')}>
        <Select allowClear style={{ width: 180 }} options={types.options} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
      <Form.Item name="issuingBody" label={t('document.issuingBody')}>
        <Input allowClear style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="dates" label={t('document.documentDate')}>
        <DatePicker.RangePicker format="DD/MM/YYYY" />
      </Form.Item>
      <Form.Item name="deadlineBefore" label={t('inbox.deadlineBefore')}>
        <DatePicker format="DD/MM/YYYY" />
      </Form.Item>
      <Form.Item name="overdue" valuePropName="checked">
        <Checkbox>{t('inbox.onlyOverdue')}</Checkbox>
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">{t('common.apply')}</Button>
          <Button
            onClick={() => {
              form.setFieldsValue({ urgency: undefined, documentType: undefined, issuingBody: undefined, dates: null, deadlineBefore: null, overdue: false });
              onClear();
            }}
          >
            {t('common.clear')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
