// The outgoing work lists of the acting position: to do (sent to me or to my role where I
// work, e.g. the clerk's awaiting-issuance documents), my drafts, what I processed, issued by my
// office or drafted by me. The server pages by key (newest first) with the whole list's
// count, counted up to a cap ("more than 1000" beyond it: a list that grows with the years is
// not counted whole). A signer selects documents of the to-do list they reviewed and signs
// them with one confirmation (BatchSignDialog).
import { useEffect, useReducer, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../../graphql';
import { ConfidentialityMark, Deadline, UrgencyMark } from '../../components/Marks';
import { useDocumentTypes } from '../../components/Catalogues';
import PagerButtons from '../../components/PagerButtons';
import BatchSignDialog from '../../components/BatchSignDialog';
import { errorText } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { currentCursor, initialPager, pagerReducer } from '../../lib/pager';
import { actingPermissions, useMe } from '../../session';

export const WORK = graphql(`
  query OutgoingWork($list: OutgoingList!, $first: Int, $after: String) {
    outgoingWork(list: $list, first: $first, after: $after) {
      totalCount
      totalMore
      pageInfo { hasNextPage endCursor }
      nodes {
        documentId process step stepTitle stage documentType summary urgency confidentiality deadline
        versions signed numberNotation issuedAt recalled updatedAt
      }
    }
  }
`);

const LISTS = { todo: 'TO_DO', drafts: 'MY_DRAFTS', awaiting: 'AWAITING_ISSUANCE', issued: 'ISSUED', processed: 'PROCESSED' } as const;
type ListKey = keyof typeof LISTS;
const SIZE = 20;

export default function OutgoingWork() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams();
  const listKey: ListKey = params.list && params.list in LISTS ? (params.list as ListKey) : 'todo';
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  // Another list starts again at its first page.
  useEffect(() => dispatch({ type: 'reset' }), [listKey]);
  const { me } = useMe();
  const clerk = actingPermissions(me).has('KEEP_REGISTERS');
  const signer = actingPermissions(me).has('SIGN_DOCUMENTS') && listKey === 'todo';
  const [selected, setSelected] = useState<string[]>([]);
  const [batch, setBatch] = useState(false);
  const types = useDocumentTypes();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: WORK,
    variables: { list: LISTS[listKey], first: SIZE, after: currentCursor(pager) },
    requestPolicy: 'cache-and-network',
  });
  const total = data?.outgoingWork.totalCount ?? 0;
  const totalMore = data?.outgoingWork.totalMore ?? false;
  const rows = data?.outgoingWork.nodes ?? [];
  // The list shrank under the page shown (its last documents were handled): start again.
  const shrunk = !!data && rows.length === 0 && pager.index > 0;
  useEffect(() => {
    if (shrunk) dispatch({ type: 'reset' });
  }, [shrunk]);

  return (
    <div>
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('nav.outgoing')}</Typography.Title>
        <Segmented
          value={listKey}
          onChange={(v) => navigate(`/outgoing/${v}`)}
          options={[
            { value: 'todo', label: t('nav.outgoingTodo') },
            { value: 'drafts', label: t('nav.outgoingDrafts') },
            ...(clerk ? [{ value: 'awaiting', label: t('nav.outgoingAwaiting') }] : []),
            { value: 'processed', label: t('home.navProcessed') },
            { value: 'issued', label: t('nav.outgoingIssued') },
          ]}
        />
        {signer && (
          <Button disabled={selected.length === 0} onClick={() => setBatch(true)} data-testid="batch-sign">{t('confirm.batchSign', { count: selected.length })}</Button>
        )}
        {/* One link (a button inside a link was two tab stops for one action). */}
        <Button type="primary" href="/outgoing/new" onClick={(e) => { e.preventDefault(); navigate('/outgoing/new'); }} data-testid="new-draft">{t('nav.outgoingNew')}</Button>
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error, t)} action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common.retry')}</Button>} style={{ marginBottom: 12 }} />}
      <Table
        data-testid="outgoing-table"
        rowKey="documentId"
        rowSelection={signer ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) } : undefined}
        loading={fetching && !data}
        dataSource={rows}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('outgoing.emptyList') }}
        columns={[
          {
            title: t('document.summary'),
            key: 'summary',
            render: (_, r) => (
              <div style={{ maxWidth: 520, whiteSpace: 'normal' }}>
                <UrgencyMark urgency={r.urgency} />
                <ConfidentialityMark level={r.confidentiality} />
                <Link to={`/outgoing/doc/${r.documentId}`} data-testid="outgoing-link">{r.summary}</Link>
                <div style={{ color: '#888', fontSize: 12 }}>
                  {types.name(r.documentType)}
                  {r.numberNotation ? ` · ${r.numberNotation}` : ''}
                  {` · ${t('outgoing.versionCount', { count: r.versions })}`}
                </div>
              </div>
            ),
          },
          {
            title: t('document.step'),
            key: 'step',
            render: (_, r) => (
              <Space size={4} wrap>
                <Tag color={r.stage === 'ISSUED' ? 'green' : 'blue'}>{r.stepTitle}</Tag>
                {r.signed && <Tag color="gold">{t('outgoing.signed')}</Tag>}
                {r.recalled && <Tag color="red">{t('outgoing.recalled')}</Tag>}
              </Space>
            ),
          },
          { title: t('outgoing.replyDeadline'), key: 'deadline', responsive: ['md'], render: (_, r) => <Deadline date={r.deadline} finished={r.stage === 'ISSUED'} /> },
          listKey === 'issued'
            ? { title: t('outgoing.issuedAt'), key: 'issuedAt', render: (_, r) => formatDate(r.issuedAt) }
            : { title: t('document.updatedAt'), key: 'updatedAt', responsive: ['lg'], render: (_, r) => formatDateTime(r.updatedAt) },
        ]}
      />
      {batch && (
        <BatchSignDialog
          documents={rows.filter((r) => selected.includes(r.documentId)).map((r) => ({ id: r.documentId, summary: r.summary }))}
          onClose={() => setBatch(false)}
          onDone={() => { setBatch(false); setSelected([]); refetch({ requestPolicy: 'network-only' }); }}
        />
      )}
      <Space style={{ marginTop: 4, flexWrap: 'wrap' }}>
        {(total > SIZE || pager.index > 0) && (
          <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.outgoingWork.pageInfo.hasNextPage} endCursor={data?.outgoingWork.pageInfo.endCursor} />
        )}
        <Typography.Text type="secondary" style={{ marginTop: 12, display: 'inline-block' }} data-testid="outgoing-total">{t(totalMore ? 'outgoing.totalMore' : 'outgoing.total', { count: total })}</Typography.Text>
      </Space>
    </div>
  );
}
