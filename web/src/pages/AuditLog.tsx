// The audit log for auditors: every recorded act, newest first, with who acted (and, under
// a delegation, on whose behalf), where and on which document; filtered by person, unit,
// area, document and period, paged by cursor. A row about a document above the reader's
// clearance says so instead of its content. No internal codes: events and areas by name.
import { useReducer, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, DatePicker, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import type { Dayjs } from 'dayjs';
import { graphql, type ResultOf } from '../graphql';
import PagerButtons from '../components/PagerButtons';
import PersonPicker from '../components/PersonPicker';
import UnitPicker from '../components/UnitPicker';
import { currentCursor, initialPager, pagerReducer } from '../lib/pager';
import { errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';

export const AUDIT_LOG = graphql(`
  query AuditLog($filter: AuditLogFilter, $after: String) {
    auditLog(filter: $filter, first: 50, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        position recordedAt eventType documentId documentKind withheld authority unitName
        actedBy { personId name }
        onBehalfOf { personId name }
        actorPosition { title }
      }
    }
  }
`);

type Row = ResultOf<typeof AUDIT_LOG>['auditLog']['nodes'][number];

/** The areas an auditor filters by (the part of an event's type before its dot). */
export const CATEGORIES = ['document', 'outgoing', 'organisation', 'identity', 'catalogue', 'register', 'signing', 'exchange', 'system'] as const;

/** An event's name in the reader's language: its own, else its area's. */
export function eventLabel(eventType: string, t: (k: string, o?: Record<string, unknown>) => string): string {
  const area = eventType.split('.')[0];
  const fallback = t(`auditLog.categories.${area}`, { defaultValue: t('auditLog.system') });
  return t(`events.${eventType.replace(/\./g, '_')}`, { defaultValue: fallback });
}

/** Who acted, in words: the person, and on whose behalf under a delegation. */
export function whoActed(r: Pick<Row, 'actedBy' | 'onBehalfOf' | 'authority'>, t: (k: string, o?: Record<string, unknown>) => string): string {
  const who = r.actedBy?.name ?? t('auditLog.system');
  if (r.onBehalfOf && r.onBehalfOf.personId !== r.actedBy?.personId) {
    return `${who} ${t('auditLog.onBehalf', { name: r.onBehalfOf.name, authority: r.authority ?? '' })}`;
  }
  return who;
}

interface Filters {
  personId?: string;
  unitId?: string;
  category?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditLog() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const documentId = params.get('document') ?? undefined;
  const [filters, setFilters] = useState<Filters>({});
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  const [form] = Form.useForm<Filters>();
  const filter = {
    personId: filters.personId ?? null,
    unitId: filters.unitId ?? null,
    category: filters.category ?? null,
    documentId: documentId ?? null,
    from: filters.period?.[0]?.startOf('day').toISOString() ?? null,
    to: filters.period?.[1]?.endOf('day').toISOString() ?? null,
  };
  const [{ data, fetching, error }] = useQuery({ query: AUDIT_LOG, variables: { filter, after: currentCursor(pager) } });
  const apply = (v: Filters) => {
    setFilters({ ...v, unitId: Array.isArray(v.unitId) ? v.unitId[0] : v.unitId });
    dispatch({ type: 'reset' });
  };
  const clear = () => {
    form.resetFields();
    setFilters({});
    setParams({});
    dispatch({ type: 'reset' });
  };
  return (
    <div>
      <Typography.Title level={3}>{t('auditLog.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('auditLog.hint')}</Typography.Paragraph>
      <Form form={form} name="audit" layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }} data-testid="audit-filters">
        <Form.Item name="personId" label={t('auditLog.person')}>
          <PersonPicker testId="audit-person" />
        </Form.Item>
        <Form.Item name="unitId" label={t('auditLog.unit')} style={{ minWidth: 260 }}>
          <UnitPicker multiple={false} />
        </Form.Item>
        <Form.Item name="category" label={t('auditLog.category')}>
          <Select
            allowClear
            placeholder={t('auditLog.any')}
            style={{ width: 220 }}
            data-testid="audit-category"
            options={CATEGORIES.map((c) => ({ value: c, label: t(`auditLog.categories.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="period" label={t('auditLog.period')}>
          <DatePicker.RangePicker format="DD/MM/YYYY" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="audit-apply">{t('common.apply')}</Button>
          <Button onClick={clear}>{t('common.clear')}</Button>
        </Space>
      </Form>
      {documentId && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={<Space>{t('auditLog.document')}<DocumentLink id={documentId} kind={data?.auditLog.nodes.find((r) => r.documentKind)?.documentKind ?? 'INCOMING'} /></Space>} />
      )}
      {error && <Alert type="error" showIcon title={errorText(error, t)} data-testid="audit-error" />}
      <Table
        rowKey="position"
        loading={fetching}
        dataSource={data?.auditLog.nodes ?? []}
        pagination={false}
        locale={{ emptyText: t('auditLog.empty') }}
        scroll={{ x: 'max-content' }}
        data-testid="audit-log"
        columns={[
          { title: t('auditLog.when'), key: 'when', render: (_, r) => formatDateTime(r.recordedAt) },
          { title: t('auditLog.what'), key: 'what', render: (_, r) => eventLabel(r.eventType, t) },
          {
            title: t('auditLog.who'),
            key: 'who',
            render: (_, r) => (
              <span data-testid="audit-who">
                {whoActed(r, t)}
                {r.actorPosition?.title ? <span style={{ color: '#888' }}> — {r.actorPosition.title}</span> : null}
              </span>
            ),
          },
          { title: t('auditLog.where'), key: 'where', responsive: ['md'], render: (_, r) => r.unitName ?? '' },
          {
            title: t('auditLog.document'),
            key: 'document',
            render: (_, r) =>
              r.documentId ? (
                <Space>
                  <DocumentLink id={r.documentId} kind={r.documentKind ?? 'INCOMING'} />
                  {r.withheld && <Tag color="red" data-testid="audit-withheld">{t('auditLog.withheld')}</Tag>}
                </Space>
              ) : null,
          },
        ]}
      />
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.auditLog.pageInfo.hasNextPage} endCursor={data?.auditLog.pageInfo.endCursor} />
    </div>
  );
}

function DocumentLink({ id, kind }: { id: string; kind: 'INCOMING' | 'OUTGOING' }) {
  const { t } = useTranslation();
  return <Link to={kind === 'OUTGOING' ? `/outgoing/doc/${id}` : `/documents/${id}`}>{t('auditLog.openDocument')}</Link>;
}
