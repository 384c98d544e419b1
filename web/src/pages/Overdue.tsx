// Overdue and due-soon work for supervisors: counts per unit and per person over a unit's
// subtree, and the work items behind any count.
import { useEffect, useReducer, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, InputNumber, Radio, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import UnitPicker from '../components/UnitPicker';
import PagerButtons from '../components/PagerButtons';
import { Deadline, UrgencyMark } from '../components/Marks';
import { currentCursor, initialPager, pagerReducer } from '../lib/pager';
import { errorText } from '../lib/errors';
import { formatDate } from '../lib/format';

const SUMMARY = graphql(`
  query Overdue($unitId: ID, $within: Int!) {
    overdue(unitId: $unitId, dueWithinWorkingDays: $within) {
      unitId unitName today soonUntil overdue dueSoon
      people { personId name overdue dueSoon }
      units { unitId name kind overdue dueSoon }
    }
  }
`);
const ITEMS = graphql(`
  query OverdueItems($unitId: ID, $personId: ID, $owingUnitId: ID, $which: OverdueWhich!, $within: Int!, $after: String) {
    overdueItems(unitId: $unitId, personId: $personId, owingUnitId: $owingUnitId, which: $which, dueWithinWorkingDays: $within, first: 30, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        documentId documentUnitName numberNotation summary summaryHidden urgency arrivalNumber deadline overdue daysLate kind
        holder { personName title unitName } poolUnitName poolRole
      }
    }
  }
`);

type Drill = { personId?: string; owingUnitId?: string; label: string } | null;

export default function Overdue() {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<string | undefined>();
  const [within, setWithin] = useState(3);
  const [drill, setDrill] = useState<Drill>(null);
  const [which, setWhich] = useState<'OVERDUE' | 'DUE_SOON' | 'BOTH'>('BOTH');
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  const [{ data, error, fetching }] = useQuery({ query: SUMMARY, variables: { unitId: unitId ?? null, within }, requestPolicy: 'cache-and-network' });
  const [items] = useQuery({
    query: ITEMS,
    variables: { unitId: unitId ?? null, personId: drill?.personId ?? null, owingUnitId: drill?.owingUnitId ?? null, which, within, after: currentCursor(pager) },
    pause: !drill,
  });
  const s = data?.overdue;
  const open = (d: Drill) => {
    setDrill(d);
    dispatch({ type: 'reset' });
  };
  // The work items opened from a count get the focus (and come into view), keyboard or not.
  const drillTitle = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (drill) drillTitle.current?.focus();
  }, [drill]);
  const drillButton = (d: NonNullable<Drill>) => (
    <Button type="link" className="link-button" onClick={() => open(d)} aria-label={t('overdue.itemsOf', { name: d.label })}>
      {d.label}
    </Button>
  );

  return (
    <div>
      <Typography.Title level={3}>{t('nav.overdue')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <label htmlFor="overdue-unit">{t('document.unit')}</label>
        <span style={{ minWidth: 280, display: 'inline-block' }}>
          <UnitPicker id="overdue-unit" multiple={false} value={unitId} onChange={(v) => { setUnitId(v as string); setDrill(null); }} />
        </span>
        <label>
          {t('overdue.within')}{' '}
          <InputNumber min={0} max={30} value={within} onChange={(v) => setWithin(v ?? 3)} />
        </label>
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      {s && (
        <>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('overdue.overdue')} value={s.overdue} styles={{ content: { color: '#cf1322' } }} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title={t('overdue.dueSoon', { date: formatDate(s.soonUntil) })} value={s.dueSoon} styles={{ content: { color: '#d48806' } }} /></Card></Col>
            <Col xs={24} md={12}><Card size="small"><Typography.Text>{s.unitName}</Typography.Text><br /><Typography.Text type="secondary">{t('overdue.today', { date: formatDate(s.today) })}</Typography.Text></Card></Col>
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Table
                size="small"
                loading={fetching}
                rowKey="unitId"
                title={() => t('overdue.perUnit')}
                dataSource={s.units}
                pagination={false}
                columns={[
                  { title: t('document.unit'), key: 'n', render: (_, u) => drillButton({ owingUnitId: u.unitId, label: u.name }) },
                  { title: t('overdue.overdue'), dataIndex: 'overdue', render: (v: number) => <span className={v ? 'deadline-overdue' : ''}>{v}</span> },
                  { title: t('overdue.soon'), dataIndex: 'dueSoon', render: (v: number) => <span className={v ? 'deadline-soon' : ''}>{v}</span> },
                ]}
              />
            </Col>
            <Col xs={24} lg={12}>
              <Table
                size="small"
                rowKey="personId"
                title={() => t('overdue.perPerson')}
                dataSource={s.people}
                pagination={false}
                columns={[
                  { title: t('overdue.person'), key: 'n', render: (_, p) => drillButton({ personId: p.personId, label: p.name }) },
                  { title: t('overdue.overdue'), dataIndex: 'overdue', render: (v: number) => <span className={v ? 'deadline-overdue' : ''}>{v}</span> },
                  { title: t('overdue.soon'), dataIndex: 'dueSoon', render: (v: number) => <span className={v ? 'deadline-soon' : ''}>{v}</span> },
                ]}
              />
            </Col>
          </Row>
        </>
      )}
      {drill && (
        <Card size="small" style={{ marginTop: 16 }} title={<span tabIndex={-1} ref={drillTitle} data-testid="overdue-items-title">{t('overdue.itemsOf', { name: drill.label })}</span>} extra={
          <Radio.Group aria-label={t('overdue.which')} value={which} onChange={(e) => { setWhich(e.target.value); dispatch({ type: 'reset' }); }} optionType="button" size="small"
            options={[{ value: 'BOTH', label: t('overdue.both') }, { value: 'OVERDUE', label: t('overdue.overdue') }, { value: 'DUE_SOON', label: t('overdue.soon') }]} />
        }>
          {items.error && <Alert type="error" showIcon title={errorText(items.error, t)} />}
          <Table
            size="small"
            rowKey={(r, i) => `${r.documentId}-${i}`}
            loading={items.fetching}
            dataSource={items.data?.overdueItems.nodes ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('document.summary'), key: 's', render: (_, r) => <div style={{ maxWidth: 420, whiteSpace: 'normal' }}><UrgencyMark urgency={r.urgency} /><Link to={`/documents/${r.documentId}`}>{r.summaryHidden ? t('overdue.hidden') : r.summary}</Link><div style={{ color: '#888', fontSize: 12 }}>{r.numberNotation} · {r.documentUnitName}</div></div> },
              { title: t('document.holder'), key: 'h', render: (_, r) => (r.holder ? `${r.holder.personName} — ${r.holder.title}` : `${r.poolRole ?? ''} · ${r.poolUnitName ?? ''}`) },
              { title: t('inbox.kind'), key: 'k', render: (_, r) => <Tag>{t(`kind.${r.kind}`)}</Tag> },
              { title: t('document.deadline'), key: 'd', render: (_, r) => <Deadline date={r.deadline} overdue={r.overdue} /> },
              { title: t('overdue.daysLate'), dataIndex: 'daysLate' },
            ]}
          />
          <PagerButtons state={pager} dispatch={dispatch} hasNext={!!items.data?.overdueItems.pageInfo.hasNextPage} endCursor={items.data?.overdueItems.pageInfo.endCursor} />
        </Card>
      )}
    </div>
  );
}
