// Administration: the organisation tree (admin/UnitForms), roles (admin/RoleForms), people
// and their positions (accounts: create, reset, unlock, end sessions; details, positions and
// deactivation: admin/PeopleForms), delegations, catalogues and registers
// (admin/CatalogueForms, admin/RegisterForms), the working calendar (admin/CalendarAdmin),
// the processes, their versions and activations (admin/ProcessesAdmin),
// signing keys and trust anchors (AdminSigning), the usage log, and the stand-in for the
// national exchange (an electronic document sent by another agency).
import { useReducer, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { type Dayjs } from 'dayjs';
import { officeNow } from '../lib/deadline';
import { graphql } from '../graphql';
import PositionPicker from '../components/PositionPicker';
import PersonPicker from '../components/PersonPicker';
import SigningTab from './AdminSigning';
import UnitPicker from '../components/UnitPicker';
import FileDrop, { type FileRef } from '../components/FileDrop';
import PagerButtons from '../components/PagerButtons';
import { CONFIDENTIALITIES, URGENCIES, useDocumentTypes } from '../components/Catalogues';
import { newKey } from '../components/ActionDialog';
import { metadataInput } from '../components/MetadataFields';
import { USAGE } from './Account';
import { errorText, splitProblems } from '../lib/errors';
import { currentCursor, initialPager, pagerReducer } from '../lib/pager';
import { formatDateTime } from '../lib/format';
import OrganisationAdmin from './admin/UnitForms';
import RolesAdmin from './admin/RoleForms';
import CataloguesAdmin from './admin/CatalogueForms';
import CalendarAdmin from './admin/CalendarAdmin';
import PeopleAdmin from './admin/PeopleForms';
import ProcessesAdmin from './admin/ProcessesAdmin';

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
const SIMULATE = graphql(`
  mutation Simulate($input: SimulateElectronicDocumentInput!, $key: ID) {
    simulateElectronicDocument(input: $input, idempotencyKey: $key) { document { id } }
  }
`);

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
          { title: t('usage.kind'), key: 'k', render: (_, r) => t(`events.${r.kind.replace(/\./g, "_")}`, { defaultValue: t('books.otherEvent') }) },
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
      <Form form={form} layout="vertical" name="simulate" initialValues={{ urgency: 'NORMAL', confidentiality: 'NORMAL', pageCount: 1, documentDate: officeNow(), files: [] }}
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
          { key: 'org', label: t('admin.organisation'), children: <OrganisationAdmin /> },
          { key: 'roles', label: t('admin.roles'), children: <RolesAdmin /> },
          { key: 'people', label: t('admin.people'), children: <PeopleAdmin /> },
          { key: 'delegations', label: t('admin.delegations'), children: <DelegationsTab /> },
          { key: 'catalogues', label: t('admin.catalogues'), children: <CataloguesAdmin /> },
          { key: 'calendar', label: t('admin.calendar'), children: <CalendarAdmin /> },
          { key: 'signing', label: t('admin.signing'), children: <SigningTab /> },
          { key: 'usage', label: t('admin.usage'), children: <UsageTab /> },
          { key: 'simulate', label: t('admin.simulate'), children: <SimulateTab /> },
          { key: 'processes', label: t('admin.processes'), children: <ProcessesAdmin /> },
        ]}
      />
    </div>
  );
}
