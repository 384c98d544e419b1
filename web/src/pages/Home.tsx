// The home page: what needs the acting position now — pending incoming documents, outgoing
// documents waiting for their review or signature, what is overdue and due soon — each a
// count (live, as the navigation badge) and a link to the list it counts.
import { Card, Col, Row, Spin, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { actingPermissions, useMe } from '../session';
import { useWorkCounts } from '../lib/workCounts';
import { formatDate } from '../lib/format';

function Tile({ id, title, value, to, hint, alert }: { id: string; title: string; value: number; to: string; hint?: string; alert?: boolean }) {
  return (
    <Col xs={24} sm={12} lg={8}>
      <Link to={to} data-testid={`home-${id}`} data-count={value} aria-label={`${title}: ${value}`}>
        <Card hoverable size="small">
          <Statistic title={title} value={value} valueStyle={alert && value > 0 ? { color: '#cf1322' } : undefined} />
          {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
        </Card>
      </Link>
    </Col>
  );
}

export default function Home() {
  const { t } = useTranslation();
  const { me } = useMe();
  const counts = useWorkCounts(!me);
  if (!counts) return <Spin style={{ display: 'block', margin: 48 }} />;
  const drafts = actingPermissions(me).has('HANDLE_DOCUMENTS');
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div data-testid="home">
      <Typography.Title level={3}>{t('home.title')}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Tile id="pending" title={t('home.pending')} value={counts.pending} to="/inbox/pending" hint={counts.pendingUnread ? t('home.unread', { count: counts.pendingUnread }) : undefined} />
        {drafts && <Tile id="outgoing" title={t('home.outgoing')} value={counts.outgoingToDo} to="/outgoing/todo" />}
        <Tile id="overdue" title={t('home.overdue')} value={counts.overdue} to="/inbox/pending?overdue=1" alert />
        <Tile
          id="soon"
          title={t('home.dueSoon')}
          value={counts.dueSoon}
          to={`/inbox/pending?deadlineFrom=${today}&deadlineBefore=${counts.soonUntil}`}
          hint={t('home.dueBy', { date: formatDate(counts.soonUntil) })}
        />
        <Tile id="info" title={t('home.info')} value={counts.infoUnread} to="/inbox/info" />
      </Row>
    </div>
  );
}
