// A person's open sessions (browser sign-ins and API tokens) on their administration page,
// newest first, each with when and where it was last used, and ending one of them.
import { Alert, App, Button, Popconfirm, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql';
import { errorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';

const SESSIONS = graphql(`
  query AdminSessions($personId: ID!) {
    sessions(personId: $personId, first: 100) {
      totalCount
      nodes { id kind label createdAt expiresAt lastSeenAt ip userAgent current }
    }
  }
`);
const REVOKE_SESSION = graphql(`mutation RevokeSession($personId: ID!, $sessionId: ID!) { revokeSession(personId: $personId, sessionId: $sessionId) }`);

export default function SessionsList({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ data, fetching, error }, refetch] = useQuery({ query: SESSIONS, variables: { personId }, requestPolicy: 'cache-and-network' });
  const [, revoke] = useMutation(REVOKE_SESSION);
  return (
    <div>
      {error && <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 8 }} />}
      <Table size="small" rowKey="id" data-testid="person-sessions" loading={fetching && !data} dataSource={data?.sessions.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('admin.sessions.none') }}
        title={() => <strong>{t('admin.sessions.title', { count: data?.sessions.totalCount ?? 0 })}</strong>}
        onRow={(s) => ({ 'data-current': String(s.current) }) as never}
        columns={[
          {
            title: t('admin.sessions.kind'), key: 'k',
            render: (_, s) => (
              <span>
                {s.kind === 'BEARER' ? t('admin.sessions.bearer') : t('admin.sessions.browser')}
                {s.label && <Typography.Text type="secondary"> · {s.label}</Typography.Text>}
                {s.current && <Tag color="blue" style={{ marginInlineStart: 6 }}>{t('admin.sessions.current')}</Tag>}
              </span>
            ),
          },
          { title: t('admin.sessions.lastSeen'), key: 'l', render: (_, s) => formatDateTime(s.lastSeenAt) },
          {
            title: t('admin.sessions.where'), key: 'w',
            render: (_, s) => (
              <div style={{ maxWidth: 260, whiteSpace: 'normal' }}>
                {s.ip ?? '—'}
                {s.userAgent && <div style={{ fontSize: 12, color: '#666' }}>{s.userAgent}</div>}
              </div>
            ),
          },
          { title: t('admin.sessions.since'), key: 's', responsive: ['md'], render: (_, s) => formatDateTime(s.createdAt) },
          {
            title: '', key: 'a',
            render: (_, s) => (
              <Popconfirm title={s.current ? t('admin.sessions.revokeOwnConfirm') : t('admin.sessions.revokeConfirm')} okText={t('admin.sessions.revoke')}
                okButtonProps={{ danger: true, 'data-testid': 'session-revoke-ok' } as never}
                onConfirm={async () => {
                  const r = await revoke({ personId, sessionId: s.id }, { additionalTypenames: ['SessionView'] });
                  if (r.error || !r.data) {
                    message.error(errorText(r.error, t) || t('errors.internal'));
                    return;
                  }
                  message.success(r.data.revokeSession ? t('admin.sessions.revoked') : t('admin.sessions.alreadyEnded'));
                  refetch({ requestPolicy: 'network-only' });
                }}>
                <Button size="small" danger data-testid="session-revoke">{t('admin.sessions.revoke')}</Button>
              </Popconfirm>
            ),
          },
        ]} />
    </div>
  );
}
