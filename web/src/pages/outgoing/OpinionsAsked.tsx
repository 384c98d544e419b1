// Opinions the acting position has been asked for and not given yet (xin ý kiến). The
// answer is given on the document's page.
import { Alert, Empty, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { Deadline } from '../../components/Marks';
import { errorText } from '../../lib/errors';
import { who } from './panels';

const ASKED = graphql(`
  query OpinionsAskedOfMe {
    opinionsAskedOfMe(first: 200) {
      nodes {
        requestId question deadline
        askedBy { positionId personName title unitName }
      }
    }
  }
`);

export default function OpinionsAsked() {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: ASKED, requestPolicy: 'cache-and-network' });
  const rows = data?.opinionsAskedOfMe.nodes ?? [];
  return (
    <div>
      <Typography.Title level={3}>{t('nav.outgoingOpinions')}</Typography.Title>
      {error && <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('outgoing.opinionsHint')}</Typography.Paragraph>
      <Table
        data-testid="opinions-asked"
        rowKey="requestId"
        loading={fetching && !data}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('outgoing.noneAsked')} /> }}
        columns={[
          { title: t('outgoing.askedBy'), key: 'b', render: (_, o) => who(o.askedBy) },
          { title: t('outgoing.question'), key: 'q', render: (_, o) => <div style={{ maxWidth: 480, whiteSpace: 'pre-wrap' }}>{o.question}</div> },
          { title: t('document.deadline'), key: 'd', render: (_, o) => <Deadline date={o.deadline} /> },
        ]}
      />
    </div>
  );
}
