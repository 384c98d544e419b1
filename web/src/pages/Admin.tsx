// Administration: the organisation tree, people and their positions (accounts: create,
// reset, unlock, end sessions), delegations, catalogues, registers, the working calendar,
// signing keys and trust anchors (AdminSigning), the usage log, and the stand-in for the
// national exchange (an electronic document sent by another agency).
import { useReducer, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Tree, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import dayjs, { type Dayjs } from 'dayjs';
import { graphql } from '../graphql';
import { UNITS } from '../components/PositionPicker';
import PositionPicker from '../components/PositionPicker';
import PersonPicker from '../components/PersonPicker';
import SigningTab from './AdminSigning';
import UnitPicker from '../components/UnitPicker';
import FileDrop, { type FileRef } from '../components/FileDrop';
import PagerButtons from '../components/PagerButtons';
import { UnitName, useRoleNames } from '../components/Names';
import { CONFIDENTIALITIES, URGENCIES, useDocumentTypes } from '../components/Catalogues';
import { newKey } from '../components/ActionDialog';
import { metadataInput } from './Receive';
import { USAGE } from './Account';
import { REGISTERS } from './RegisterBook';
import { errorText, splitProblems } from '../lib/errors';
import { currentCursor, initialPager, pagerReducer } from '../lib/pager';
import { formatDate, formatDateTime } from '../lib/format';

const PEOPLE = graphql(`
  query AdminPeople($search: String, $after: String) {
    people(search: $search, includeInactive: true, first: 30, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id username fullName email phone clearance active positions { id unitId role title active } }
    }
  }
`);
const CREATE_ACCOUNT = graphql(`mutation CreateAccount($input: CreateAccountInput!) { createAccount(input: $input) { personId username oneTimePassword } }`);
const RESET = graphql(`mutation ResetPassword($id: ID!) { resetPassword(personId: $id) { username oneTimePassword } }`);
const UNLOCK = graphql(`mutation Unlock($id: ID!) { unlockAccount(personId: $id) { visible } }`);
const REVOKE_SESSIONS = graphql(`mutation RevokeSessions($id: ID!) { revokeSessions(personId: $id) }`);
const DELEGATIONS = graphql(`query Delegations { delegations(first: 100) { nodes { id positionId delegateId scope authority startsAt endsAt note revoked } } }`);
const GRANT = graphql(`mutation Grant($input: DelegationInput!) { grantDelegation(input: $input) { id } }`);
const REVOKE_DELEGATION = graphql(`mutation RevokeDelegation($id: ID!) { revokeDelegation(id: $id) { visible } }`);
const CATALOGUES = graphql(`
  query Catalogues {
    documentTypes(first: 200) { nodes { code abbreviation name active } }
    fields(first: 200) { nodes { code name active } }
    externalAgencies(first: 200) { nodes { id name identifierCode email active } }
  }
`);
const CALENDAR = graphql(`query AdminCalendar($country: CountryGql!, $year: Int!) { calendar(country: $country, year: $year) { configured holidays { date name } workingWeekendDays } }`);
const SIMULATE = graphql(`
  mutation Simulate($input: SimulateElectronicDocumentInput!, $key: ID) {
    simulateElectronicDocument(input: $input, idempotencyKey: $key) { document { id } }
  }
`);

function OneTime({ value, onClose }: { value: { username: string; oneTimePassword: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={!!value} onCancel={onClose} onOk={onClose} title={t('admin.oneTimeTitle')}>
      {value && (
        <Typography.Paragraph>
          {t('admin.oneTime', { username: value.username })} <Typography.Text code copyable>{value.oneTimePassword}</Typography.Text>
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

function OrganisationTab() {
  const { t } = useTranslation();
  const client = useClient();
  const [roots] = useQuery({ query: UNITS, variables: { parentId: null } });
  const [kids, setKids] = useState<Record<string, { id: string; name: string; kind: string }[]>>({});
  type N = { key: string; title: React.ReactNode; children?: N[] };
  const build = (units: { id: string; name: string; kind: string }[]): N[] =>
    units.map((u) => ({ key: u.id, title: <span>{u.name} <Tag>{t(`unitKind.${u.kind}`)}</Tag></span>, children: kids[u.id] ? build(kids[u.id]) : undefined }));
  return (
    <Card size="small">
      {roots.error && <Alert type="error" showIcon title={errorText(roots.error, t)} />}
      <Tree
        treeData={build(roots.data?.units.nodes ?? []) as never}
        loadData={async (node) => {
          const r = await client.query(UNITS, { parentId: String(node.key) }).toPromise();
          setKids((k) => ({ ...k, [String(node.key)]: r.data?.units.nodes ?? [] }));
        }}
      />
    </Card>
  );
}

function PeopleTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const roles = useRoleNames();
  const [search, setSearch] = useState('');
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  const [{ data, fetching, error }, refetch] = useQuery({ query: PEOPLE, variables: { search: search || null, after: currentCursor(pager) } });
  const [oneTime, setOneTime] = useState<{ username: string; oneTimePassword: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const [createState, create] = useMutation(CREATE_ACCOUNT);
  const [, reset] = useMutation(RESET);
  const [, unlock] = useMutation(UNLOCK);
  const [, revoke] = useMutation(REVOKE_SESSIONS);
  const [form] = Form.useForm();
  const report = (e: Parameters<typeof errorText>[0]) => message.error(errorText(e, t));

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('admin.searchPeople')} placeholder={t('admin.searchPeople')} allowClear onSearch={(v) => { setSearch(v.trim()); dispatch({ type: 'reset' }); }} style={{ width: 280 }} />
        <Button type="primary" onClick={() => setCreating(true)}>{t('admin.createAccount')}</Button>
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Table size="small" rowKey="id" loading={fetching} dataSource={data?.people.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
        columns={[
          { title: t('admin.name'), key: 'n', render: (_, p) => <span>{p.fullName} <Typography.Text type="secondary">({p.username})</Typography.Text> {!p.active && <Tag>{t('admin.inactive')}</Tag>}</span> },
          { title: t('admin.positions'), key: 'p', render: (_, p) => p.positions.filter((x) => x.active).map((x) => <div key={x.id}>{x.title || roles.get(x.role) || x.role} · <UnitName id={x.unitId} /></div>) },
          { title: t('admin.clearance'), key: 'c', render: (_, p) => t(`confidentiality.${p.clearance.toLowerCase()}`), responsive: ['lg'] },
          {
            title: '', key: 'a', render: (_, p) => (
              <Space wrap>
                <Popconfirm title={t('admin.resetConfirm')} onConfirm={async () => { const r = await reset({ id: p.id }); if (r.data) setOneTime(r.data.resetPassword); else report(r.error); }}>
                  <Button size="small">{t('admin.resetPassword')}</Button>
                </Popconfirm>
                <Button size="small" onClick={async () => { const r = await unlock({ id: p.id }); if (r.data) message.success(t('admin.unlocked')); else report(r.error); }}>{t('admin.unlock')}</Button>
                <Popconfirm title={t('admin.revokeConfirm')} onConfirm={async () => { const r = await revoke({ id: p.id }); if (r.data) message.success(t('admin.revoked', { count: r.data.revokeSessions })); else report(r.error); }}>
                  <Button size="small">{t('admin.revokeSessions')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]} />
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.people.pageInfo.hasNextPage} endCursor={data?.people.pageInfo.endCursor} />
      <Modal open={creating} title={t('admin.createAccount')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={createState.fetching}>
        {createState.error && <Alert type="error" showIcon title={splitProblems(createState.error, ['username', 'fullName', 'email', 'phone'], t).general.join(' ') || t('errors.checkFields')} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" initialValues={{ clearance: 'NORMAL' }} onFinish={async (v) => {
          const r = await create({ input: { username: v.username, fullName: v.fullName, email: v.email || null, phone: v.phone || null, clearance: v.clearance } });
          form.setFields(splitProblems(r.error, ['username', 'fullName', 'email', 'phone'], t).fields);
          if (r.data) { setCreating(false); form.resetFields(); setOneTime(r.data.createAccount); refetch({ requestPolicy: 'network-only' }); }
        }}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="fullName" label={t('admin.name')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="email" label={t('admin.email')}><Input type="email" /></Form.Item>
          <Form.Item name="phone" label={t('admin.phone')}><Input /></Form.Item>
          <Form.Item name="clearance" label={t('admin.clearance')}><Select options={CONFIDENTIALITIES.map((c) => ({ value: c, label: t(`confidentiality.${c.toLowerCase()}`) }))} /></Form.Item>
        </Form>
      </Modal>
      <OneTime value={oneTime} onClose={() => setOneTime(null)} />
    </Card>
  );
}

function DelegationsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [{ data, error }, refetch] = useQuery({ query: DELEGATIONS });
  const [grantState, grant] = useMutation(GRANT);
  const [, revoke] = useMutation(REVOKE_DELEGATION);
  const [form] = Form.useForm();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Table size="small" rowKey="id" dataSource={data?.delegations.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
        columns={[
          { title: t('admin.scope'), key: 's', render: (_, d) => <span>{t(`delegationScope.${d.scope.toLowerCase()}`, { defaultValue: d.scope })} <Tag>{d.authority}</Tag></span> },
          { title: t('admin.period'), key: 'p', render: (_, d) => `${formatDateTime(d.startsAt)} – ${formatDateTime(d.endsAt)}` },
          { title: t('action.note'), dataIndex: 'note' },
          { title: '', key: 'a', render: (_, d) => d.revoked ? <Tag>{t('admin.revokedTag')}</Tag> : (
            <Popconfirm title={t('admin.revokeDelegation')} onConfirm={async () => { const r = await revoke({ id: d.id }); if (r.data) refetch({ requestPolicy: 'network-only' }); else message.error(errorText(r.error, t)); }}>
              <Button size="small" danger>{t('admin.revokeDelegation')}</Button>
            </Popconfirm>) },
        ]} />
      <Card size="small" title={t('admin.grantDelegation')}>
        {grantState.error && <Alert type="error" showIcon title={errorText(grantState.error, t)} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" initialValues={{ scope: 'POSITION', authority: 'KT' }} onFinish={async (v: { positionId: string; delegateId: string; scope: 'POSITION' | 'SIGNING'; authority: 'KT' | 'TL' | 'TUQ' | 'TM'; period: [Dayjs, Dayjs]; note?: string }) => {
          const r = await grant({ input: { positionId: v.positionId, delegateId: v.delegateId, scope: v.scope, authority: v.authority, startsAt: v.period[0].toISOString(), endsAt: v.period[1].toISOString(), note: v.note || null } });
          if (r.data) { message.success(t('admin.granted')); form.resetFields(); refetch({ requestPolicy: 'network-only' }); }
        }}>
          <Form.Item name="positionId" label={t('admin.delegatedPosition')} rules={[{ required: true }]}><PositionPicker /></Form.Item>
          <Form.Item name="delegateId" label={t('admin.delegatePerson')} rules={[{ required: true }]} extra={t('admin.delegateHint')}><PersonPicker /></Form.Item>
          <Space wrap>
            <Form.Item name="scope" label={t('admin.scope')}><Select style={{ width: 160 }} options={[{ value: 'POSITION', label: t('delegationScope.position') }, { value: 'SIGNING', label: t('delegationScope.signing') }]} /></Form.Item>
            <Form.Item name="authority" label={t('admin.authority')}><Select style={{ width: 100 }} options={['KT', 'TL', 'TUQ', 'TM'].map((a) => ({ value: a, label: `${a}.` }))} /></Form.Item>
            <Form.Item name="period" label={t('admin.period')} rules={[{ required: true }]}><DatePicker.RangePicker showTime format="DD/MM/YYYY HH:mm" /></Form.Item>
          </Space>
          <Form.Item name="note" label={t('action.note')}><Input /></Form.Item>
          <Button type="primary" htmlType="submit" loading={grantState.fetching}>{t('admin.grantDelegation')}</Button>
        </Form>
      </Card>
    </Space>
  );
}

function CataloguesTab() {
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: CATALOGUES });
  const [regs] = useQuery({ query: REGISTERS });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Table size="small" rowKey="code" title={() => t('admin.documentTypes')} dataSource={data?.documentTypes.nodes ?? []} pagination={false}
        columns={[{ title: t('admin.code'), dataIndex: 'code' }, { title: t('admin.abbreviation'), dataIndex: 'abbreviation' }, { title: t('admin.name'), dataIndex: 'name' }, { title: '', key: 'a', render: (_, r) => !r.active && <Tag>{t('admin.inactive')}</Tag> }]} />
      <Table size="small" rowKey="code" title={() => t('admin.fields')} dataSource={data?.fields.nodes ?? []} pagination={false}
        columns={[{ title: t('admin.code'), dataIndex: 'code' }, { title: t('admin.name'), dataIndex: 'name' }]} />
      <Table size="small" rowKey="id" title={() => t('admin.externalAgencies')} dataSource={data?.externalAgencies.nodes ?? []} pagination={false}
        columns={[{ title: t('admin.name'), dataIndex: 'name' }, { title: t('admin.identifierCode'), dataIndex: 'identifierCode' }, { title: t('admin.email'), dataIndex: 'email' }]} />
      <Table size="small" rowKey="id" title={() => t('admin.registers')} dataSource={regs.data?.registers.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
        columns={[{ title: t('admin.code'), dataIndex: 'code' }, { title: t('admin.name'), dataIndex: 'name' }, { title: t('admin.kind'), key: 'k', render: (_, r) => t(`registerKind.${r.kind}`, { defaultValue: r.kind }) }, { title: t('document.unit'), key: 'u', render: (_, r) => <UnitName id={r.ownerUnitId} /> }]} />
    </Space>
  );
}

function CalendarTab() {
  const { t } = useTranslation();
  const [country, setCountry] = useState<'VIETNAM' | 'LAOS'>('VIETNAM');
  const [year, setYear] = useState(new Date().getFullYear());
  const [{ data, error }] = useQuery({ query: CALENDAR, variables: { country, year } });
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={country} onChange={setCountry} aria-label={t('admin.country')} options={[{ value: 'VIETNAM', label: t('admin.vietnam') }, { value: 'LAOS', label: t('admin.laos') }]} />
        <InputNumber value={year} onChange={(v) => v && setYear(v)} aria-label={t('book.year')} />
        {data && <Tag>{data.calendar.configured ? t('admin.calendarConfigured') : t('admin.calendarBuiltIn')}</Tag>}
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Table size="small" rowKey="date" title={() => t('admin.holidays')} dataSource={data?.calendar.holidays ?? []} pagination={false}
        columns={[{ title: t('admin.date'), key: 'd', render: (_, h) => formatDate(h.date) }, { title: t('admin.name'), dataIndex: 'name' }]} />
      {data && data.calendar.workingWeekendDays.length > 0 && (
        <Typography.Paragraph style={{ marginTop: 12 }}>{t('admin.workingWeekends')}: {data.calendar.workingWeekendDays.map(formatDate).join(', ')}</Typography.Paragraph>
      )}
    </Card>
  );
}

function UsageTab() {
  const { t } = useTranslation();
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  const [{ data, error, fetching }] = useQuery({ query: USAGE, variables: { everyone: true, after: currentCursor(pager) } });
  return (
    <Card size="small">
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Table size="small" loading={fetching} rowKey={(r, i) => `${r.at}-${i}`} dataSource={data?.usageLog.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
        columns={[
          { title: t('usage.at'), key: 'a', render: (_, r) => formatDateTime(r.at) },
          { title: t('login.username'), dataIndex: 'username' },
          { title: t('usage.kind'), key: 'k', render: (_, r) => t(`events.${r.kind.replace(/\./g, "_")}`, { defaultValue: r.kind }) },
          { title: t('usage.ip'), dataIndex: 'ip' },
          { title: t('usage.agent'), dataIndex: 'userAgent', ellipsis: true, responsive: ['lg'] },
        ]} />
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.usageLog.pageInfo.hasNextPage} endCursor={data?.usageLog.pageInfo.endCursor} />
    </Card>
  );
}

function SimulateTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const types = useDocumentTypes();
  const [{ data }] = useQuery({ query: CATALOGUES });
  const [state, simulate] = useMutation(SIMULATE);
  const [key, setKey] = useState(newKey);
  const fields = ['issuingBody', 'numberNotation', 'documentDate', 'documentType', 'summary', 'files', 'senderAgencyId', 'unitId'];
  const split = splitProblems(state.error, fields, t);
  return (
    <Card size="small" title={t('admin.simulateTitle')}>
      <Typography.Paragraph type="secondary">{t('admin.simulateHint')}</Typography.Paragraph>
      {split.general.length > 0 && <Alert type="error" showIcon title={split.general.join(' ')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="simulate" initialValues={{ urgency: 'NORMAL', confidentiality: 'NORMAL', pageCount: 1, documentDate: dayjs(), files: [] }}
        onFinish={async (v: { senderAgencyId: string; unitId: string; files: FileRef[] } & Parameters<typeof metadataInput>[0]) => {
          const r = await simulate({ input: { senderAgencyId: v.senderAgencyId, unitId: v.unitId, metadata: metadataInput(v), files: v.files }, key });
          form.setFields(splitProblems(r.error, fields, t).fields);
          if (r.data) { message.success(t('admin.simulated')); setKey(newKey()); form.resetFields(); }
        }}>
        <Form.Item name="senderAgencyId" label={t('awaiting.sender')} rules={[{ required: true }]}>
          <Select data-testid="sim-sender" options={(data?.externalAgencies.nodes ?? []).filter((a) => a.active).map((a) => ({ value: a.id, label: a.name }))} />
        </Form.Item>
        <Form.Item name="unitId" label={t('admin.receivingUnit')} rules={[{ required: true }]}><UnitPicker multiple={false} /></Form.Item>
        <Form.Item name="issuingBody" label={t('document.issuingBody')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="numberNotation" label={t('document.numberNotation')} rules={[{ required: true }]}><Input /></Form.Item>
        <Form.Item name="documentDate" label={t('document.documentDate')} rules={[{ required: true }]}><DatePicker format="DD/MM/YYYY" /></Form.Item>
        <Form.Item name="documentType" label={t('document.documentType')} rules={[{ required: true }]}><Select options={types.options} data-testid="sim-type" /></Form.Item>
        <Form.Item name="summary" label={t('document.summary')} rules={[{ required: true }, { max: 500 }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="pageCount" label={t('document.pageCount')}><InputNumber min={1} /></Form.Item>
        <Form.Item name="urgency" label={t('document.urgency')}><Select options={URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u.toLowerCase()}`) }))} /></Form.Item>
        <Form.Item name="confidentiality" label={t('document.confidentiality')}><Select options={CONFIDENTIALITIES.map((u) => ({ value: u, label: t(`confidentiality.${u.toLowerCase()}`) }))} /></Form.Item>
        <Form.Item name="files" label={t('receive.files')} rules={[{ required: true, type: 'array', min: 1, message: t('receive.needScan') }]}><FileDrop /></Form.Item>
        <Button type="primary" htmlType="submit" loading={state.fetching} data-testid="sim-submit">{t('admin.simulateSubmit')}</Button>
      </Form>
    </Card>
  );
}

export default function Admin() {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Title level={3}>{t('nav.admin')}</Typography.Title>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'org', label: t('admin.organisation'), children: <OrganisationTab /> },
          { key: 'people', label: t('admin.people'), children: <PeopleTab /> },
          { key: 'delegations', label: t('admin.delegations'), children: <DelegationsTab /> },
          { key: 'catalogues', label: t('admin.catalogues'), children: <CataloguesTab /> },
          { key: 'calendar', label: t('admin.calendar'), children: <CalendarTab /> },
          { key: 'signing', label: t('admin.signing'), children: <SigningTab /> },
          { key: 'usage', label: t('admin.usage'), children: <UsageTab /> },
          { key: 'simulate', label: t('admin.simulate'), children: <SimulateTab /> },
        ]}
      />
    </div>
  );
}
