// A register's book for a year (Decree 30 Appendix IV columns): filter, XLSX export, print.
// The books offered are the API's `registerBooks` (the ones the caller may open, their own
// office's first, which is the default); the column titles are the book's own from the API,
// the same as its XLSX export and printout. The server filters the whole book.
import { useReducer, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import PagerButtons from '../components/PagerButtons';
import { currentCursor, initialPager, pagerReducer } from '../lib/pager';
import { errorText } from '../lib/errors';
import { formatDate, formatDateTime } from '../lib/format';
import { useDocumentTypes } from '../components/Catalogues';
import WideTable from '../components/WideTable';

/** The register books the caller may open, their own office's first. */
export const REGISTER_BOOKS = graphql(`
  query RegisterBooks($kind: RegisterKind, $year: Int!) {
    registerBooks(kind: $kind, first: 200) {
      nodes { id kind ownerUnitId ownerUnitName code name active kept columns title(year: $year) nameForYear(year: $year) }
    }
  }
`);
export const BOOK = graphql(`
  query RegisterBook($registerId: ID!, $year: Int!, $text: String, $first: Int, $after: String) {
    registerBook(registerId: $registerId, year: $year, text: $text, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        documentId arrivedAt number issuingBody numberNotation documentDate documentType summary
        forwardedTo { personName title unitName } forwardedAt notes urgency confidentiality
      }
    }
  }
`);

export default function RegisterBook() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year') ?? new Date().getFullYear());
  // Incoming and internal books here (outgoing books have their own page).
  const [{ data: regs }] = useQuery({ query: REGISTER_BOOKS, variables: { year } });
  const registers = (regs?.registerBooks.nodes ?? []).filter((r) => r.kind !== 'outgoing');
  // By default the first book offered: the caller's own office's incoming book when they keep one.
  const registerId =
    params.get('register') ??
    registers.find((r) => r.kind === 'incoming')?.id ??
    registers[0]?.id ??
    '';
  const register = registers.find((r) => r.id === registerId);
  const heads = register?.columns ?? [];
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  // The server filters the whole book (every word, accents ignored), from its first page.
  const [filter, setFilter] = useState('');
  const filtering = filter.trim() !== '';
  const applyFilter = (text: string) => {
    setFilter(text);
    dispatch({ type: 'reset' });
  };
  const types = useDocumentTypes();
  const [{ data, fetching, error }] = useQuery({
    query: BOOK,
    variables: { registerId, year, text: filtering ? filter.trim() : null, first: 50, after: currentCursor(pager) },
    pause: !registerId,
    requestPolicy: 'cache-and-network',
  });
  const rows = data?.registerBook.nodes ?? [];

  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    if (k === 'register' && !next.get('year')) next.set('year', String(year));
    setParams(next);
    dispatch({ type: 'reset' });
  };

  return (
    <div>
      <Typography.Title level={3}>{t('nav.registers')}</Typography.Title>
      {regs && registers.length === 0 && <Alert type="info" showIcon title={t('books.none')} data-testid="book-none" />}
      {register && <Typography.Title level={4} data-testid="book-title" style={{ marginTop: 0 }}>{register.title}</Typography.Title>}
      <Space wrap style={{ marginBottom: 12, maxWidth: '100%' }}>
        <Select
          aria-label={t('book.register')}
          data-testid="book-register"
          style={{ width: 300, maxWidth: '100%' }}
          value={registerId || undefined}
          onChange={(v: string) => set('register', v)}
          options={registers.map((r) => ({ value: r.id, label: `${r.nameForYear} · ${r.ownerUnitName}` }))}
          popupMatchSelectWidth={false}
        />
        <InputNumber aria-label={t('book.year')} value={year} min={2000} max={2100} onChange={(v) => v && set('year', String(v))} />
        <Input.Search
          aria-label={t('book.filterBook')}
          aria-describedby={filtering ? 'book-filter-note' : undefined}
          placeholder={t('book.filterBook')}
          allowClear
          enterButton
          onSearch={applyFilter}
          onChange={(e) => { if (e.target.value === '') applyFilter(''); }}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="book-filter"
        />
        {registerId && (
          <>
            <Button icon={<FileExcelOutlined />} href={`/registers/${registerId}/${year}/book.xlsx`} data-testid="xlsx-link">{t('book.xlsx')}</Button>
            {/* One link (a button inside a link was two tab stops for one action). */}
            <Button icon={<PrinterOutlined />} href={`/registers/${registerId}/${year}/print`} target="_blank">{t('book.print')}</Button>
          </>
        )}
      </Space>
      {filtering && (
        <Typography.Paragraph type="secondary" id="book-filter-note" role="status" data-testid="book-filter-note">
          {t('book.filterBookNote')} <Link to="/search">{t('book.searchAll')}</Link>
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 12 }} />}
      <WideTable>
      <Table
        data-testid="book-table"
        rowKey="number"
        size="small"
        loading={fetching && !data}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: heads[0], key: 'a', render: (_, r) => formatDateTime(r.arrivedAt) },
          { title: heads[1], dataIndex: 'number' },
          { title: heads[2], key: 'i', render: (_, r) => <div style={{ minWidth: 120, maxWidth: 240, whiteSpace: 'normal' }}>{r.issuingBody}</div> },
          { title: heads[3], dataIndex: 'numberNotation' },
          { title: heads[4], key: 'd', render: (_, r) => formatDate(r.documentDate) },
          { title: heads[5], key: 's', render: (_, r) => <div style={{ minWidth: 180, maxWidth: 420, whiteSpace: 'normal' }}><Link to={`/documents/${r.documentId}`}>{types.name(r.documentType)}: {r.summary}</Link></div> },
          { title: heads[6], key: 'f', render: (_, r) => (r.forwardedTo ? `${r.forwardedTo.personName} (${r.forwardedTo.unitName})` : '') },
          { title: heads[7], key: 'fa', render: (_, r) => formatDate(r.forwardedAt) },
          { title: heads[8], key: 'k', render: () => '' },
          { title: heads[9], dataIndex: 'notes' },
        ]}
      />
      </WideTable>
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.registerBook.pageInfo.hasNextPage} endCursor={data?.registerBook.pageInfo.endCursor} />
    </div>
  );
}
