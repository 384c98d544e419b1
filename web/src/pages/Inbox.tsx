// The inbox of the acting position: pending, processed, for information; most urgent first,
// then by deadline (the server's order); filters and search; keyset paging. The first screen
// after login: the further filters load when opened, and the list is a light table.
import { lazy, Suspense, useReducer, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, Button, Input, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';
import type { Dayjs } from 'dayjs';
import { graphql, type ResultOf, type VariablesOf } from '../graphql';
import { ConfidentialityMark, Deadline, UrgencyMark } from '../components/Marks';
import PagerButtons from '../components/PagerButtons';
import ListTable from '../components/ListTable';
import type { MoreFilters } from './InboxFilters';
import { currentCursor, initialPager, pagerReducer } from '../lib/pager';
import { errorText } from '../lib/errors';
import { formatDate } from '../lib/format';

const InboxFilters = lazy(() => import('./InboxFilters'));

const INBOX = graphql(`
  query Inbox($box: InboxBox!, $filter: InboxFilter, $first: Int, $after: String) {
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

export interface FilterForm {
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

type Row = ResultOf<typeof INBOX>['inbox']['nodes'][number];

export default function Inbox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams();
  const boxKey = params.box && BOXES[params.box] ? params.box : 'pending';
  const box = BOXES[boxKey];
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  // The text as typed, and the filters applied (text and further filters).
  const [typed, setTyped] = useState('');
  const [text, setText] = useState('');
  const [more, setMore] = useState<MoreFilters>({});
  const [showFilters, setShowFilters] = useState(false);
  // The home page links to the pending box's overdue and due-soon lists (`?overdue=1`,
  // `?deadlineFrom=…&deadlineBefore=…`): filters of the link, shown and removable.
  const [search, setSearch] = useSearchParams();
  const linked = { overdue: search.get('overdue') === '1', from: search.get('deadlineFrom'), until: search.get('deadlineBefore') };
  const linkedOn = linked.overdue || !!linked.from || !!linked.until;
  const base = toFilter({ ...more, text, overdue: more.overdue || linked.overdue });
  const filter = linkedOn ? { ...(base ?? {}), overdue: base?.overdue ?? linked.overdue, deadlineFrom: linked.from, deadlineBefore: base?.deadlineBefore ?? linked.until } : base;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: INBOX,
    variables: { box, filter, first: PAGE, after: currentCursor(pager) },
    requestPolicy: 'cache-and-network',
  });
  const rows = data?.inbox.nodes ?? [];

  function apply(nextText: string, nextMore: MoreFilters) {
    setText(nextText);
    setMore(nextMore);
    dispatch({ type: 'reset' });
  }

  return (
    <div>
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('nav.inbox')}</Typography.Title>
        <Segmented
          aria-label={t('nav.inbox')}
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
      <div className="filter-bar" role="search">
        <label htmlFor="inbox-search">{t('inbox.search')}</label>
        <Input.Search
          id="inbox-search"
          allowClear
          placeholder={t('inbox.searchPlaceholder')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => apply(v, more)}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="inbox-search"
        />
        <Button type="link" aria-expanded={showFilters} aria-controls="inbox-more-filters" onClick={() => setShowFilters((s) => !s)}>
          {showFilters ? t('inbox.fewerFilters') : t('inbox.moreFilters')}
        </Button>
        {!showFilters && (
          <Button
            onClick={() => {
              setTyped('');
              apply('', {});
            }}
          >
            {t('common.clear')}
          </Button>
        )}
      </div>
      {linkedOn && (
        <Tag closable data-testid="inbox-linked-filter" onClose={() => { dispatch({ type: 'reset' }); setSearch({}); }} style={{ marginBottom: 12 }}>
          {linked.overdue ? t('home.overdue') : t('home.dueBy', { date: formatDate(linked.until) })}
        </Tag>
      )}
      {showFilters && (
        <Suspense fallback={<Spin size="small" style={{ display: 'block', marginBottom: 12 }} />}>
          <InboxFilters
            value={more}
            onApply={(v) => apply(typed, v)}
            onClear={() => {
              setTyped('');
              apply('', {});
            }}
          />
        </Suspense>
      )}
      {error && <Alert type="error" showIcon title={errorText(error, t)} action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common.retry')}</Button>} style={{ marginBottom: 12 }} />}
      <ListTable<Row>
        testId="inbox-table"
        rowKey={(r) => `${r.documentId}-${r.kind}`}
        loading={fetching && !data}
        rows={rows}
        rowClassName={(r) => (r.read ? '' : 'unread')}
        empty={t('inbox.empty')}
        columns={[
          {
            title: t('document.summary'),
            key: 'summary',
            render: (r) => (
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
          { title: t('document.arrivalNumber'), key: 'arrivalNumber', responsive: 'md', render: (r) => r.arrivalNumber },
          { title: t('inbox.kind'), key: 'kind', responsive: 'md', render: (r) => <Tag>{t(`kind.${r.kind}`)}</Tag> },
          {
            title: t('document.deadline'),
            key: 'deadline',
            render: (r) => <Deadline date={r.deadline} overdue={r.overdue} finished={r.finished || r.state !== 'pending'} />,
          },
          { title: t('inbox.received'), key: 'sentAt', responsive: 'lg', render: (r) => formatDate(r.sentAt) },
        ]}
      />
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.inbox.pageInfo.hasNextPage} endCursor={data?.inbox.pageInfo.endCursor} />
    </div>
  );
}
