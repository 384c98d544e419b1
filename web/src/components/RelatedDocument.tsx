// A related document named as people know it — its number and notation and summary — and
// linked to its page; one the reader may not open says so instead of showing an id.
import { Link } from 'react-router';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql';

const RELATED = graphql(`
  query RelatedDocument($id: ID!) { document(id: $id) { id metadata { numberNotation summary } } }
`);

export default function RelatedDocument({ id }: { id: string }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: RELATED, variables: { id } });
  if (fetching && !data) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  const m = data?.document?.metadata;
  if (error || !m) return <Typography.Text type="secondary" data-testid="related-hidden">{t('books.relatedHidden')}</Typography.Text>;
  const summary = m.summary.length > 80 ? `${m.summary.slice(0, 80)}…` : m.summary;
  return (
    <Link to={`/documents/${id}`} data-testid="related-document">
      {m.numberNotation ? `${m.numberNotation} — ${summary}` : summary}
    </Link>
  );
}
