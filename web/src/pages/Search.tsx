// Documents the acting position may read, by words (accents and case ignored) and filters:
// incoming ones, or outgoing ones (every outgoing document of one's lists).
import { useReducer, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import PagerButtons from '../components/PagerButtons';
import { UrgencyMark } from '../components/Marks';
import { currentCursor, initialPager, pagerReducer } from '../lib/pager';
import { errorText } from '../lib/errors';
import { formatDate } from '../lib/format';

const SEARCH = graphql(`
  query SearchDocuments($text: String, $finished: Boolean, $after: String) {
    searchDocuments(text: $text, finished: $finished, first: 20, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { documentId unitName issuingBody numberNotation summary urgency documentDate arrivalNumber step stepTitle finished }
    }
  }
`);

const SEARCH_OUTGOING = graphql(`
  query SearchOutgoing($text: String, $after: String) {
    outgoingWork(list: ALL, text: $text, first: 20, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { documentId summary urgency numberNotation stepTitle issuedAt updatedAt }
    }
  }
`);

export default function Search() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [finished, setFinished] = useState<boolean | null>(null);
  const [kind, setKind] = useState<'in' | 'out'>('in');
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  const [{ data, fetching, error }] = useQuery({ query: SEARCH, variables: { text: text || null, finished, after: currentCursor(pager) }, pause: kind !== 'in' });
  const [out] = useQuery({ query: SEARCH_OUTGOING, variables: { text: text || null, after: currentCursor(pager) }, pause: kind !== 'out' });
  return (
    <div>
      <Typography.Title level={3}>{t('nav.search')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          data-testid="search-kind"
          value={kind}
          onChange={(v) => { setKind(v as 'in' | 'out'); dispatch({ type: 'reset' }); }}
          options={[{ value: 'in', label: t('home.searchIncoming') }, { value: 'out', label: t('home.searchOutgoing') }]}
        />
        <Input.Search aria-label={t('nav.search')} allowClear enterButton onSearch={(v) => { setText(v.trim()); dispatch({ type: 'reset' }); }} style={{ width: 320 }} />
        {kind === 'in' && <Select aria-label={t('search.state')} value={finished === null ? 'all' : finished ? 'done' : 'open'} style={{ width: 160 }}
          onChange={(v) => { setFinished(v === 'all' ? null : v === 'done'); dispatch({ type: 'reset' }); }}
          options={[{ value: 'all', label: t('search.all') }, { value: 'open', label: t('search.open') }, { value: 'done', label: t('search.done') }]} />}
      </Space>
      {kind === 'in' ? (
        <>
        {error && <Alert type="error" showIcon title={errorText(error, t)} />}
        <Table
          rowKey="documentId"
          loading={fetching}
          dataSource={data?.searchDocuments.nodes ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('document.summary'), key: 's', render: (_, r) => <div style={{ maxWidth: 480, whiteSpace: 'normal' }}><UrgencyMark urgency={r.urgency} /><Link to={`/documents/${r.documentId}`}>{r.summary}</Link><div style={{ color: '#888', fontSize: 12 }}>{r.numberNotation} · {formatDate(r.documentDate)} · {r.issuingBody}</div></div> },
            { title: t('document.unit'), dataIndex: 'unitName', responsive: ['md'] },
            { title: t('document.arrivalNumber'), dataIndex: 'arrivalNumber', responsive: ['md'] },
            { title: t('document.step'), key: 'st', render: (_, r) => <Tag color={r.finished ? 'default' : 'green'}>{r.stepTitle}</Tag> },
          ]}
        />
        <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.searchDocuments.pageInfo.hasNextPage} endCursor={data?.searchDocuments.pageInfo.endCursor} />
        </>
      ) : (
        <>
          {out.error && <Alert type="error" showIcon title={errorText(out.error, t)} />}
          <Table
            data-testid="search-outgoing"
            rowKey="documentId"
            loading={out.fetching}
            dataSource={out.data?.outgoingWork.nodes ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('document.summary'), key: 's', render: (_, r) => <div style={{ maxWidth: 480, whiteSpace: 'normal' }}><UrgencyMark urgency={r.urgency} /><Link to={`/outgoing/doc/${r.documentId}`}>{r.summary}</Link>{r.numberNotation && <div style={{ color: '#888', fontSize: 12 }}>{r.numberNotation}</div>}</div> },
              { title: t('document.step'), key: 'st', render: (_, r) => <Tag color={r.issuedAt ? 'default' : 'green'}>{r.stepTitle}</Tag> },
              { title: t('document.updatedAt'), key: 'u', render: (_, r) => formatDate(r.updatedAt) },
            ]}
          />
          <PagerButtons state={pager} dispatch={dispatch} hasNext={!!out.data?.outgoingWork.pageInfo.hasNextPage} endCursor={out.data?.outgoingWork.pageInfo.endCursor} />
        </>
      )}
    </div>
  );
}
