// The register book as a printable page: every row of the year (fetched page by page), titled
// with the unit keeping it and the register's name for the year, headed with the book's own
// column titles (the API's, the same as the screen's and the XLSX export's).
import { useParams } from 'react-router';
import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import type { ResultOf } from '../graphql';
import { BOOK, REGISTER_BOOKS } from './RegisterBook';
import { errorText } from '../lib/errors';
import { useAllPages } from '../lib/allPages';
import { formatDate } from '../lib/format';
import { useDocumentTypes } from '../components/Catalogues';

type Row = ResultOf<typeof BOOK>['registerBook']['nodes'][number];

export default function RegisterPrint() {
  const { t } = useTranslation();
  const { id = '', year = '' } = useParams();
  const client = useClient();
  const types = useDocumentTypes();
  const [{ data: regs }] = useQuery({ query: REGISTER_BOOKS, variables: { year: Number(year) } });
  const register = regs?.registerBooks.nodes.find((r) => r.id === id);
  const heads = register?.columns ?? [];
  const { rows, failed, error } = useAllPages<Row>(async (after) => {
    const r = await client.query(BOOK, { registerId: id, year: Number(year), first: 500, after }, { requestPolicy: 'network-only' }).toPromise();
    return { page: r.data?.registerBook, error: r.error };
  }, [client, id, year]);

  if (failed) return <Alert type="error" showIcon title={errorText(error, t)} style={{ margin: 24 }} />;
  if (!rows) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <div className="print-book" style={{ padding: 16 }}>
      <div className="no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => window.print()}>{t('book.print')}</Button>
      </div>
      <p className="print-book-unit" data-testid="print-unit">{register?.ownerUnitName ?? ''}</p>
      <h2 style={{ textAlign: 'center' }} data-testid="print-title">{register?.nameForYear ?? ''}</h2>
      <table>
        <thead>
          <tr>{heads.map((h) => <th key={h}>{h}</th>)}</tr>
          <tr>{Array.from({ length: 10 }, (_, i) => <th key={i}>({i + 1})</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.number}>
              <td>{formatDate(r.arrivedAt)}</td><td>{r.number}</td><td>{r.issuingBody}</td><td>{r.numberNotation}</td>
              <td>{formatDate(r.documentDate)}</td><td>{types.name(r.documentType)}: {r.summary}</td>
              <td>{r.forwardedTo ? `${r.forwardedTo.personName} (${r.forwardedTo.unitName})` : ''}</td>
              <td>{formatDate(r.forwardedAt)}</td><td></td><td>{r.notes ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
