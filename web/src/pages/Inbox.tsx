// The inbox of the acting position: pending, processed, for information; most urgent first,
// then by deadline (the server's order); filters and search; keyset paging.
import { useReducer, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Checkbox, DatePicker, Form, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';
import type { Dayjs } from 'dayjs';
import { graphql, type VariablesOf } from '../graphql';
import { ConfidentialityMark, Deadline, UrgencyMark } from '../components/Marks';
import PagerButtons from '../components/PagerButtons';
import { URGENCIES, useDocumentTypes } from '../components/Catalogues';
import { currentCursor, initialPager, pagerReducer } from '../lib/pager';
import { errorText } from '../lib/errors';
import { formatDate } from '../lib/format';

const INBOX = graphql(`
  query Inbox($box: InboxBoxGql!, $filter: InboxFilter, $first: Int, $after: String) {
    inbox(box: $box, filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        documentId issuingBody numberNotation summary documentType urgency confidentiality
        documentDate arrivalNumber step finished kind state deadline overdue sentAt read
      }
    }
  }
`);

type Filter = NonNullable<VariablesOf<typeof INBOX>['filter']>;
type Box = 'PENDING' | 'PROCESSED' | 'INFO';
const BOXES: Record<string, Box> = { pending: 'PENDING', processed: 'PROCESSED', info: 'INFO' };
const PAGE = 20;

interface FilterForm {
  text?: string;
  urgency?: Filter['urgency'];
  documentType?: string;
  issuingBody?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
  deadlineBefore?: Dayjs | null;
  overdue?: boolean;
}

export function toFilter(v: FilterForm): Filter | null {
  const f: Filter = {
    text: v.text?.trim() || null,
    urgency: v.urgency ?? null,
    documentType: v.documentType ?? null,
    issuingBody: v.issuingBody?.trim() || null,
    documentDateFrom: v.dates?.[0]?.format('YYYY-MM-DD') ?? null,
    documentDateTo: v.dates?.[1]?.format('YYYY-MM-DD') ?? null,
    deadlineBefore: v.deadlineBefore?.format('YYYY-MM-DD') ?? null,
    overdue: !!v.overdue,
  };
  const empty = Object.entries(f).every(([k, x]) => (k === 'overdue' ? x === false : x === null));
  return empty ? null : f;
}

export default function Inbox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams();
  const boxKey = params.box && BOXES[params.box] ? params.box : 'pending';
  const box = BOXES[boxKey];
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  const [filter, setFilter] = useState<Filter | null>(null);
  const [showFilters, setShowFilters] = useState(false);
  const [form] = Form.useForm<FilterForm>();
  const types = useDocumentTypes();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: INBOX,
    variables: { box, filter, first: PAGE, after: currentCursor(pager) },
    requestPolicy: 'cache-and-network',
  });
  const rows = data?.inbox.nodes ?? [];

  function apply(v: FilterForm) {
    setFilter(toFilter(v));
    dispatch({ type: 'reset' });
  }

  return (
    <div>
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('nav.inbox')}</Typography.Title>
        <Segmented
          value={boxKey}
          onChange={(v) => {
            dispatch({ type: 'reset' });
            navigate(`/inbox/${v}`);
          }}
          options={[
            { value: 'pending', label: t('nav.pending') },
            { value: 'processed', label: t('nav.processed') },
            { value: 'info', label: t('nav.info') },
          ]}
        />
      </Space>
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }} name="inbox-filter">
        <Form.Item name="text" label={t('inbox.search')}>
          <Input.Search allowClear placeholder={t('inbox.searchPlaceholder')} onSearch={() => form.submit()} style={{ width: 260 }} data-testid="inbox-search" />
        </Form.Item>
        <Button type="link" onClick={() => setShowFilters((s) => !s)}>{showFilters ? t('inbox.fewerFilters') : t('inbox.moreFilters')}</Button>
        {showFilters && (
          <>
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
          </>
        )}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('common.apply')}</Button>
            <Button onClick={() => { form.resetFields(); apply({}); }}>{t('common.clear')}</Button>
          </Space>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={errorText(error, t)} action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common.retry')}</Button>} style={{ marginBottom: 12 }} />}
      <Table
        data-testid="inbox-table"
        rowKey={(r) => `${r.documentId}-${r.kind}`}
        loading={fetching && !data}
        dataSource={rows}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        rowClassName={(r) => (r.read ? '' : 'unread')}
        locale={{ emptyText: t('inbox.empty') }}
        columns={[
          {
            title: t('document.summary'),
            key: 'summary',
            render: (_, r) => (
              <div style={{ maxWidth: 520, whiteSpace: 'normal' }}>
                <UrgencyMark urgency={r.urgency} />
                <ConfidentialityMark level={r.confidentiality} />
                <Link to={`/documents/${r.documentId}`} data-testid="inbox-link">{r.summary}</Link>
                <div style={{ color: '#888', fontSize: 12 }}>
                  {r.numberNotation} · {formatDate(r.documentDate)} · {r.issuingBody}
                </div>
              </div>
            ),
          },
          { title: t('document.arrivalNumber'), dataIndex: 'arrivalNumber', responsive: ['md'] },
          {
            title: t('inbox.kind'),
            key: 'kind',
            responsive: ['md'],
            render: (_, r) => <Tag>{t(`kind.${r.kind}`)}</Tag>,
          },
          {
            title: t('document.deadline'),
            key: 'deadline',
            render: (_, r) => <Deadline date={r.deadline} overdue={r.overdue} finished={r.finished || r.state !== 'pending'} />,
          },
          { title: t('inbox.received'), key: 'sentAt', responsive: ['lg'], render: (_, r) => formatDate(r.sentAt) },
        ]}
      />
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.inbox.pageInfo.hasNextPage} endCursor={data?.inbox.pageInfo.endCursor} />
    </div>
  );
}
