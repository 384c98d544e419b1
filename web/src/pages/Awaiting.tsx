// Electronic documents sent to the caller's office and not yet registered or refused.
// Registering and refusing open the document's own action dialog (the same expected step
// and idempotency rules as on the document page).
import { useReducer, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import { graphql } from '../graphql';
import { ConfidentialityMark, UrgencyMark } from '../components/Marks';
import PagerButtons from '../components/PagerButtons';
import ActionDialog, { REGISTER_ACTION, type ActionSpec } from '../components/ActionDialog';
import { currentCursor, initialPager, pagerReducer } from '../lib/pager';
import { errorText } from '../lib/errors';
import { formatDate, formatDateTime } from '../lib/format';

const AWAITING = graphql(`
  query Awaiting($first: Int, $after: String) {
    awaitingRegistration(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { documentId senderAgency issuingBody numberNotation summary documentType urgency confidentiality documentDate receivedAt }
    }
  }
`);
const ACTIONS = graphql(`
  query AwaitingActions($id: ID!) {
    document(id: $id) { id unitId step availableActions { action title toStep toStepTitle needsNote needsDeadline needsRecipients needsUnits needsAttachments effects returns ends danger } }
  }
`);

export default function Awaiting() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useClient();
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  const [{ data, fetching, error }, refetch] = useQuery({ query: AWAITING, variables: { first: 20, after: currentCursor(pager) }, requestPolicy: 'cache-and-network' });
  const [dialog, setDialog] = useState<{ id: string; unitId: string; step: string; spec: ActionSpec } | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  // Registering, or refusing: the action that ends the process without completing it.
  async function open(id: string, which: 'register' | 'refuse') {
    setOpening(`${id}:${which}`);
    const r = await client.query(ACTIONS, { id }, { requestPolicy: 'network-only' }).toPromise();
    setOpening(null);
    const d = r.data?.document;
    const spec = d?.availableActions.find((a) => (which === 'register' ? a.action === REGISTER_ACTION : a.ends && a.danger));
    if (!d || !spec) {
      message.error(r.error ? errorText(r.error, t) : t('awaiting.notAvailable'));
      refetch({ requestPolicy: 'network-only' });
      return;
    }
    setDialog({ id, unitId: d.unitId, step: d.step, spec });
  }

  return (
    <div>
      <Typography.Title level={3}>{t('nav.awaiting')}</Typography.Title>
      {error && <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 12 }} />}
      <Table
        data-testid="awaiting-table"
        rowKey="documentId"
        loading={fetching && !data}
        dataSource={data?.awaitingRegistration.nodes ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('document.summary'),
            key: 's',
            render: (_, r) => (
              <div style={{ maxWidth: 480, whiteSpace: 'normal' }}>
                <UrgencyMark urgency={r.urgency} />
                <ConfidentialityMark level={r.confidentiality} />
                <Link to={`/documents/${r.documentId}`}>{r.summary}</Link>
                <div style={{ color: '#888', fontSize: 12 }}>{r.numberNotation} · {formatDate(r.documentDate)} · {r.issuingBody}</div>
              </div>
            ),
          },
          { title: t('awaiting.sender'), dataIndex: 'senderAgency', responsive: ['md'] },
          { title: t('awaiting.receivedAt'), key: 'r', render: (_, r) => formatDateTime(r.receivedAt), responsive: ['md'] },
          {
            title: '',
            key: 'a',
            render: (_, r) => (
              <Space>
                <Button type="primary" size="small" loading={opening === `${r.documentId}:register`} onClick={() => void open(r.documentId, 'register')} data-testid="awaiting-register">{t('awaiting.register')}</Button>
                <Button danger size="small" loading={opening === `${r.documentId}:refuse`} onClick={() => void open(r.documentId, 'refuse')} data-testid="awaiting-refuse">{t('awaiting.refuse')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.awaitingRegistration.pageInfo.hasNextPage} endCursor={data?.awaitingRegistration.pageInfo.endCursor} />
      {dialog && (
        <ActionDialog
          documentId={dialog.id}
          documentUnitId={dialog.unitId}
          step={dialog.step}
          spec={dialog.spec}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null);
            message.success(text);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
    </div>
  );
}
