// The outgoing register book (sổ đăng ký văn bản đi, Decree 30 Appendix IV) of a register
// and year, and its print view. The books offered are the API's `registerBooks` (those the
// caller may open, their own office's first); the column titles are the book's own from the
// API, the same as its XLSX export's.
import { useEffect, useReducer, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, Button, Input, InputNumber, Select, Space, Spin, Table, Typography } from 'antd';
import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import { graphql, type ResultOf } from '../../graphql';
import { errorText } from '../../lib/errors';
import { useAllPages } from '../../lib/allPages';
import { formatDate } from '../../lib/format';
import { useDocumentTypes } from '../../components/Catalogues';
import WideTable from '../../components/WideTable';
import { REGISTER_BOOKS } from '../RegisterBook';
import PagerButtons from '../../components/PagerButtons';
import { currentCursor, initialPager, pagerReducer } from '../../lib/pager';

const BOOK = graphql(`
  query OutgoingBook($registerId: ID!, $year: Int!, $text: String, $first: Int, $after: String) {
    outgoingRegisterBook(registerId: $registerId, year: $year, text: $text, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number documentId numberNotation issueDate documentType summary signerName draftingUnitName urgency confidentiality recipients sentAt
      }
    }
  }
`);
type Row = ResultOf<typeof BOOK>['outgoingRegisterBook']['nodes'][number];

/** The Appendix IV columns of the outgoing book, in order (titled by the API's `columns`). */
export const OUTGOING_COLUMNS = ['numberNotation', 'issueDate', 'typeAndSummary', 'signer', 'recipients', 'keptBy', 'copies', 'sentAt', 'receipt', 'notes'] as const;

function cell(r: Row, column: (typeof OUTGOING_COLUMNS)[number], typeName: (c: string) => string, t: (k: string, o?: Record<string, unknown>) => string) {
  switch (column) {
    case 'numberNotation':
      return r.numberNotation;
    case 'issueDate':
      return formatDate(r.issueDate);
    case 'typeAndSummary':
      return `${typeName(r.documentType)}: ${r.summary}`;
    case 'signer':
      return r.signerName;
    case 'recipients':
      return r.recipients == null ? '' : t('outgoing.recipientCount', { count: r.recipients });
    case 'keptBy':
      return r.draftingUnitName;
    case 'copies':
      // The book has no count of paper copies yet: left for the clerk to write on the print.
      return '';
    case 'sentAt':
      return formatDate(r.sentAt);
    case 'receipt':
      return '';
    case 'notes':
      return [r.urgency !== 'normal' ? t(`urgency.${r.urgency.toLowerCase()}`, { defaultValue: r.urgency }) : '', r.confidentiality !== 'normal' ? t(`confidentiality.${r.confidentiality.toLowerCase()}`, { defaultValue: r.confidentiality }) : ''].filter(Boolean).join(', ');
  }
}

export default function OutgoingBook() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year') ?? new Date().getFullYear());
  const [{ data: regs }] = useQuery({ query: REGISTER_BOOKS, variables: { kind: 'OUTGOING', year } });
  const registers = regs?.registerBooks.nodes ?? [];
  // The first book offered: the caller's own office's when they keep one.
  const registerId = params.get('register') ?? registers[0]?.id ?? '';
  const register = registers.find((r) => r.id === registerId);
  const heads = register?.columns ?? [];
  const [filter, setFilter] = useState('');
  const types = useDocumentTypes();
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  // Another register or year starts again at its first page.
  // Another register, year or filter starts again at its first page; the server filters the
  // whole book.
  useEffect(() => dispatch({ type: 'reset' }), [registerId, year, filter]);
  const [{ data, fetching, error }] = useQuery({
    query: BOOK,
    variables: { registerId, year, text: filter.trim() || null, first: 100, after: currentCursor(pager) },
    pause: !registerId,
    requestPolicy: 'cache-and-network',
  });
  const rows = data?.outgoingRegisterBook.nodes ?? [];
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next);
  };

  return (
    <div>
      <Typography.Title level={3}>{t('nav.outgoingBook')}</Typography.Title>
      {regs && registers.length === 0 && <Alert type="info" showIcon title={t('books.none')} />}
      {register && <Typography.Title level={4} data-testid="outgoing-book-title" style={{ marginTop: 0 }}>{register.title}</Typography.Title>}
      <Space wrap style={{ marginBottom: 12, maxWidth: '100%' }}>
        <Select
          aria-label={t('book.register')}
          data-testid="outgoing-book-register"
          style={{ width: 300, maxWidth: '100%' }}
          value={registerId || undefined}
          onChange={(v: string) => set('register', v)}
          options={registers.map((r) => ({ value: r.id, label: `${r.nameForYear} · ${r.ownerUnitName}` }))}
          popupMatchSelectWidth={false}
        />
        <InputNumber aria-label={t('book.year')} value={year} min={2000} max={2100} onChange={(v) => v && set('year', String(v))} />
        <Input.Search aria-label={t('book.filterBook')} placeholder={t('book.filterBook')} allowClear enterButton onSearch={setFilter}
          onChange={(e) => { if (e.target.value === '') setFilter(''); }} style={{ width: 260, maxWidth: '100%' }} data-testid="outgoing-book-filter" />
        {registerId && (
          <>
            <Button icon={<FileExcelOutlined />} href={`/registers/${registerId}/${year}/book.xlsx`} data-testid="outgoing-xlsx-link">{t('book.xlsx')}</Button>
            {/* One link (a button inside a link was two tab stops for one action). */}
            <Button icon={<PrinterOutlined />} href={`/outgoing/book/${registerId}/${year}/print`} target="_blank">{t('book.print')}</Button>
          </>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 12 }} />}
      <WideTable>
      <Table
        data-testid="outgoing-book-table"
        rowKey="number"
        size="small"
        loading={fetching && !data}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={OUTGOING_COLUMNS.map((c, i) => ({
          title: heads[i],
          key: c,
          render: (_: unknown, r: Row) =>
            c === 'typeAndSummary' ? (
              <div style={{ maxWidth: 420, whiteSpace: 'normal' }}><Link to={`/outgoing/doc/${r.documentId}`}>{cell(r, c, types.name, t)}</Link></div>
            ) : (
              cell(r, c, types.name, t)
            ),
        }))}
      />
      </WideTable>
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.outgoingRegisterBook.pageInfo.hasNextPage} endCursor={data?.outgoingRegisterBook.pageInfo.endCursor} />
    </div>
  );
}

/** The printable book: every row of the year, fetched page by page. */
export function OutgoingBookPrint() {
  const { t } = useTranslation();
  const { id = '', year = '' } = useParams();
  const types = useDocumentTypes();
  const [{ data: regs }] = useQuery({ query: REGISTER_BOOKS, variables: { kind: 'OUTGOING', year: Number(year) } });
  const register = regs?.registerBooks.nodes.find((r) => r.id === id);
  const heads = register?.columns ?? [];
  const client = useClient();
  const { rows, failed, error } = useAllPages<Row>(async (after) => {
    const r = await client.query(BOOK, { registerId: id, year: Number(year), first: 500, after }, { requestPolicy: 'network-only' }).toPromise();
    return { page: r.data?.outgoingRegisterBook, error: r.error };
  }, [client, id, year]);
  if (failed) return <Alert type="error" showIcon title={errorText(error, t)} style={{ margin: 24 }} />;
  if (!rows) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <div className="print-book" style={{ padding: 16 }} data-testid="outgoing-book-print">
      <div className="no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => window.print()}>{t('book.print')}</Button>
      </div>
      <p className="print-book-unit">{register?.ownerUnitName ?? ''}</p>
      <h2 style={{ textAlign: 'center' }}>{register?.nameForYear ?? ''}</h2>
      <table>
        <thead>
          <tr>{OUTGOING_COLUMNS.map((c, i) => <th key={c}>{heads[i]}</th>)}</tr>
          <tr>{OUTGOING_COLUMNS.map((c, i) => <th key={c}>({i + 1})</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.number}>{OUTGOING_COLUMNS.map((c) => <td key={c}>{cell(r, c, types.name, t)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
