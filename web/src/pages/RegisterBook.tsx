// A register's book for a year (Decree 30 Appendix IV columns): filter, XLSX export, print.
// The API's registerBook takes no filter (register, year and paging only), so the filter can
// only sift the page shown: it says so, with how many of the page's rows match, and points to
// the document search for the whole book.
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
import { UnitName } from '../components/Names';
import { useMe } from '../session';

export const REGISTERS = graphql(`
  query Registers { registers(first: 200) { nodes { id kind ownerUnitId code name active } } }
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
  const [{ data: regs }] = useQuery({ query: REGISTERS });
  const registers = regs?.registers.nodes ?? [];
  const { me } = useMe();
  const actingUnit = me?.positions.find((p) => p.positionId === me.actingPositionId)?.unitId;
  // By default the incoming register of the unit the caller acts in (a clerk's own book).
  const registerId =
    params.get('register') ??
    registers.find((r) => r.kind === 'incoming' && r.ownerUnitId === actingUnit)?.id ??
    registers.find((r) => r.kind === 'incoming')?.id ??
    '';
  const year = Number(params.get('year') ?? new Date().getFullYear());
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
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t('book.register')}
          data-testid="book-register"
          style={{ minWidth: 260 }}
          value={registerId || undefined}
          onChange={(v: string) => set('register', v)}
          options={registers.map((r) => ({ value: r.id, label: <span>{r.name} · <UnitName id={r.ownerUnitId} /> ({t(`registerKind.${r.kind}`, { defaultValue: r.kind })})</span> }))}
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
          style={{ width: 260 }}
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
      <Table
        data-testid="book-table"
        rowKey="number"
        size="small"
        loading={fetching && !data}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('book.arrivedAt'), key: 'a', render: (_, r) => formatDateTime(r.arrivedAt) },
          { title: t('document.arrivalNumber'), dataIndex: 'number' },
          { title: t('document.issuingBody'), dataIndex: 'issuingBody' },
          { title: t('document.numberNotation'), dataIndex: 'numberNotation' },
          { title: t('document.documentDate'), key: 'd', render: (_, r) => formatDate(r.documentDate) },
          { title: t('book.typeAndSummary'), key: 's', render: (_, r) => <div style={{ maxWidth: 420, whiteSpace: 'normal' }}><Link to={`/documents/${r.documentId}`}>{types.name(r.documentType)}: {r.summary}</Link></div> },
          { title: t('book.forwardedTo'), key: 'f', render: (_, r) => (r.forwardedTo ? `${r.forwardedTo.personName} (${r.forwardedTo.unitName})` : '') },
          { title: t('book.forwardedAt'), key: 'fa', render: (_, r) => formatDate(r.forwardedAt) },
          { title: t('document.notes'), dataIndex: 'notes' },
        ]}
      />
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.registerBook.pageInfo.hasNextPage} endCursor={data?.registerBook.pageInfo.endCursor} />
    </div>
  );
}
