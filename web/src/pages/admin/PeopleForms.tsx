// People: the directory with every account (active or not), a new account, and each
// person's page (a drawer): their details corrected, their account (new one-time password,
// unlock, end sessions), deactivation when they leave, and their positions (a role in a
// unit: assigned, with the leader served for a secretary's role, and ended).
import { useMemo, useReducer, useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Grid, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql';
import PersonPicker from '../../components/PersonPicker';
import PositionPicker from '../../components/PositionPicker';
import UnitPicker from '../../components/UnitPicker';
import PagerButtons from '../../components/PagerButtons';
import { UnitName, useRoleNames } from '../../components/Names';
import { errorText } from '../../lib/errors';
import { currentCursor, initialPager, pagerReducer } from '../../lib/pager';
import FormDialog from './FormDialog';
import { ROLES } from './RoleForms';
import SessionsList from './SessionsList';
import { CLEARANCES, ORG_TYPENAMES, personInput, positionInput, type Clearance, type PersonValues, type PositionValues } from './forms';

const CREATE_ACCOUNT = graphql(`mutation CreateAccount($input: CreateAccountInput!) { createAccount(input: $input) { personId username oneTimePassword } }`);
const UPDATE_PERSON = graphql(`mutation UpdatePerson($id: ID!, $input: PersonInput!) { updatePerson(id: $id, input: $input) { visible } }`);
const DEACTIVATE = graphql(`mutation DeactivatePerson($id: ID!) { deactivatePerson(id: $id) { visible } }`);
const ASSIGN = graphql(`mutation AssignPosition($input: PositionInput!) { assignPosition(input: $input) { id written { visible } } }`);
const END_POSITION = graphql(`mutation EndPosition($id: ID!) { endPosition(id: $id) { visible } }`);
const PERSON = graphql(`
  query AdminPerson($id: ID!) {
    person(id: $id) { id username fullName email phone clearance active positions { id unitId role title serves active } }
  }
`);
const PEOPLE = graphql(`
  query AdminPeople($search: String, $after: String) {
    people(search: $search, includeInactive: true, first: 30, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id username fullName email phone clearance active positions { id unitId role title active } }
    }
  }
`);
const RESET = graphql(`mutation ResetPassword($id: ID!) { resetPassword(personId: $id) { username oneTimePassword } }`);
const UNLOCK = graphql(`mutation Unlock($id: ID!) { unlockAccount(personId: $id) { visible } }`);
const REVOKE_SESSIONS = graphql(`mutation RevokeSessions($id: ID!) { revokeSessions(personId: $id) }`);

type OneTimePassword = { username: string; oneTimePassword: string };

export type AdminPerson = { id: string; username: string; fullName: string; email?: string | null; phone?: string | null; clearance?: string | null; active: boolean };

function useRoles() {
  const [{ data }] = useQuery({ query: ROLES, requestPolicy: 'cache-and-network' });
  return useMemo(() => data?.roles.nodes ?? [], [data]);
}

/** A new person with an account: the one-time password goes to `onDone`. */
export function CreateAccountDialog({ onClose, onDone }: { onClose: () => void; onDone: (oneTime: { username: string; oneTimePassword: string }) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PersonValues & { username: string }>();
  const [, create] = useMutation(CREATE_ACCOUNT);
  const created = useRef<{ username: string; oneTimePassword: string } | null>(null);
  return (
    <FormDialog<PersonValues & { username: string }>
      title={t('admin.createAccount')} name="account" form={form} testId="account-submit" okText={t('admin.form.create')}
      fields={['username', 'fullName', 'email', 'phone', 'clearance']} initialValues={{ clearance: 'NORMAL' }}
      submit={async (v) => {
        const r = await create({ input: { username: v.username.trim(), ...personInput(v) } }, { additionalTypenames: ORG_TYPENAMES });
        created.current = r.data?.createAccount ?? null;
        return r;
      }}
      success={t('admin.personForm.created')} onDone={() => created.current && onDone(created.current)} onClose={onClose}
    >
      <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true }]}><Input autoComplete="off" /></Form.Item>
      <PersonFields />
    </FormDialog>
  );
}

function PersonFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="fullName" label={t('admin.name')} rules={[{ required: true, whitespace: true }, { max: 300 }]}><Input autoComplete="off" /></Form.Item>
      <Form.Item name="email" label={t('admin.email')} rules={[{ type: 'email', message: t('admin.personForm.badEmail') }]}><Input type="email" autoComplete="off" /></Form.Item>
      <Form.Item name="phone" label={t('admin.phone')}><Input type="tel" autoComplete="off" /></Form.Item>
      <Form.Item name="clearance" label={t('admin.clearance')} rules={[{ required: true }]}>
        <Select options={CLEARANCES.map((c) => ({ value: c, label: t(`confidentiality.${c.toLowerCase()}`) }))} />
      </Form.Item>
    </>
  );
}

export function EditPersonDialog({ person, onClose, onDone }: { person: AdminPerson; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PersonValues>();
  const [, update] = useMutation(UPDATE_PERSON);
  return (
    <FormDialog<PersonValues>
      title={t('admin.personForm.editTitle', { name: person.fullName })} name="person" form={form} testId="person-submit" okText={t('admin.form.save')}
      fields={['fullName', 'email', 'phone', 'clearance']}
      initialValues={{ fullName: person.fullName, email: person.email ?? '', phone: person.phone ?? '', clearance: (person.clearance ?? 'NORMAL') as Clearance }}
      submit={(v) => update({ id: person.id, input: personInput(v) }, { additionalTypenames: ORG_TYPENAMES })}
      success={t('admin.form.saved')} onDone={onDone} onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('login.username')}: <Typography.Text code>{person.username}</Typography.Text></Typography.Paragraph>
      <PersonFields />
    </FormDialog>
  );
}

/** Deactivates a person who leaves: their positions and sessions end, login is refused. */
export function DeactivateButton({ person, onDone }: { person: AdminPerson; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [, deactivate] = useMutation(DEACTIVATE);
  return (
    <Popconfirm title={t('admin.personForm.deactivateConfirm', { name: person.fullName })} description={t('admin.personForm.deactivateHint')}
      okText={t('admin.personForm.deactivate')} okButtonProps={{ danger: true, 'data-testid': 'person-deactivate-ok' } as never}
      onConfirm={async () => {
        const r = await deactivate({ id: person.id }, { additionalTypenames: ORG_TYPENAMES });
        if (r.error || !r.data) {
          message.error(errorText(r.error, t) || t('errors.internal'));
          return;
        }
        message.success(t('admin.personForm.deactivated'));
        onDone();
      }}>
      <Button size="small" danger data-testid="person-deactivate">{t('admin.personForm.deactivate')}</Button>
    </Popconfirm>
  );
}

/** Ends a position (confirmed first). */
export function EndPositionButton({ positionId, onDone }: { positionId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [, end] = useMutation(END_POSITION);
  return (
    <Popconfirm title={t('admin.positionForm.endConfirm')} okText={t('admin.positionForm.end')} okButtonProps={{ danger: true, 'data-testid': 'position-end-ok' } as never}
      onConfirm={async () => {
        const r = await end({ id: positionId }, { additionalTypenames: ORG_TYPENAMES });
        if (r.error || !r.data) {
          message.error(errorText(r.error, t) || t('errors.internal'));
          return;
        }
        message.success(t('admin.positionForm.ended'));
        onDone();
      }}>
      <Button size="small" data-testid="position-end">{t('admin.positionForm.end')}</Button>
    </Popconfirm>
  );
}

/**
 * Gives someone a position: the person, the unit or both may be fixed by where the dialog
 * opens (a person's positions, a unit of the tree).
 */
export function AssignPositionDialog({ personId, personName, unitId, onClose, onDone }: { personId?: string; personName?: string; unitId?: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PositionValues>();
  const [, assign] = useMutation(ASSIGN);
  const roles = useRoles();
  const roleCode = Form.useWatch('role', form);
  const servesLeader = roles.find((r) => r.code === roleCode)?.servesLeader ?? false;
  return (
    <FormDialog<PositionValues>
      title={personName ? t('admin.positionForm.titleFor', { name: personName }) : t('admin.positionForm.title')} name="position" form={form} testId="position-submit"
      okText={t('admin.positionForm.assign')} width={600}
      fields={['personId', 'unitId', 'role', 'title', 'serves']}
      initialValues={{ personId, unitId }}
      submit={(v) => assign({ input: positionInput({ ...v, personId: personId ?? v.personId, unitId: unitId ?? v.unitId }, servesLeader) }, { additionalTypenames: ORG_TYPENAMES })}
      success={t('admin.positionForm.assigned')} onDone={onDone} onClose={onClose}
    >
      {personId ? (
        <Form.Item label={t('admin.positionForm.person')}><Typography.Text strong>{personName}</Typography.Text></Form.Item>
      ) : (
        <Form.Item name="personId" label={t('admin.positionForm.person')} rules={[{ required: true }]}><PersonPicker testId="position-person" /></Form.Item>
      )}
      {unitId ? (
        <Form.Item label={t('document.unit')}><Typography.Text strong><UnitName id={unitId} /></Typography.Text></Form.Item>
      ) : (
        <Form.Item name="unitId" label={t('document.unit')} rules={[{ required: true }]}><UnitPicker multiple={false} /></Form.Item>
      )}
      <Form.Item name="role" label={t('admin.positionForm.role')} rules={[{ required: true }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} data-testid="position-role"
          options={roles.map((r) => ({ value: r.code, label: `${r.name} (${r.code})` }))} />
      </Form.Item>
      <Form.Item name="title" label={t('admin.positionForm.jobTitle')} extra={t('admin.positionForm.jobTitleHint')} rules={[{ max: 300 }]}>
        <Input autoComplete="off" />
      </Form.Item>
      {servesLeader && (
        <Form.Item name="serves" label={t('admin.positionForm.serves')} extra={t('admin.positionForm.servesHint')} rules={[{ required: true }]}>
          <PositionPicker testId="position-serves" />
        </Form.Item>
      )}
    </FormDialog>
  );
}

/** A one-time password, shown once. */
export function OneTime({ value, onClose }: { value: OneTimePassword | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={!!value} onCancel={onClose} onOk={onClose} title={t('admin.oneTimeTitle')} cancelButtonProps={{ style: { display: 'none' } }}>
      {value && (
        <Typography.Paragraph>
          {t('admin.oneTime', { username: value.username })} <Typography.Text code copyable data-testid="one-time-password">{value.oneTimePassword}</Typography.Text>
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

/** A person's page: details, account actions, positions, open sessions. */
export function PersonDrawer({ personId, onClose, onChanged }: { personId: string; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PERSON, variables: { id: personId }, requestPolicy: 'cache-and-network' });
  const roles = useRoles();
  const names = new Map(roles.map((r) => [r.code, r.name]));
  const [dialog, setDialog] = useState<'edit' | 'assign' | null>(null);
  const [oneTime, setOneTime] = useState<OneTimePassword | null>(null);
  const [, reset] = useMutation(RESET);
  const [, unlock] = useMutation(UNLOCK);
  const [, revoke] = useMutation(REVOKE_SESSIONS);
  const person = data?.person;
  const changed = () => {
    refetch({ requestPolicy: 'network-only' });
    onChanged();
  };
  const report = (e: Parameters<typeof errorText>[0]) => message.error(errorText(e, t) || t('errors.internal'));
  const positions = (person?.positions ?? []).filter((p) => p.active);

  return (
    <Drawer open onClose={onClose} size={screens.md ? 680 : '100%'} destroyOnHidden data-testid="person-drawer"
      title={person ? <span>{person.fullName} <Typography.Text type="secondary">({person.username})</Typography.Text> {!person.active && <Tag>{t('admin.inactive')}</Tag>}</span> : t('common.loading')}>
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      {!person && fetching && <Card loading size="small" />}
      {person && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} items={[
            { key: 'u', label: t('login.username'), children: person.username },
            { key: 'e', label: t('admin.email'), children: person.email ?? '—' },
            { key: 'p', label: t('admin.phone'), children: person.phone ?? '—' },
            { key: 'c', label: t('admin.clearance'), children: person.clearance ? t(`confidentiality.${person.clearance.toLowerCase()}`) : '—' },
          ]} />
          <Space wrap>
            {person.active && <Button onClick={() => setDialog('edit')} data-testid="person-edit">{t('admin.form.edit')}</Button>}
            {person.active && (
              <Popconfirm title={t('admin.resetConfirm')} onConfirm={async () => { const r = await reset({ id: person.id }); if (r.data) setOneTime(r.data.resetPassword); else report(r.error); }}>
                <Button>{t('admin.resetPassword')}</Button>
              </Popconfirm>
            )}
            {person.active && <Button onClick={async () => { const r = await unlock({ id: person.id }); if (r.data) message.success(t('admin.unlocked')); else report(r.error); }}>{t('admin.unlock')}</Button>}
            <Popconfirm title={t('admin.revokeConfirm')} onConfirm={async () => { const r = await revoke({ id: person.id }, { additionalTypenames: ['SessionView'] }); if (r.data) message.success(t('admin.revoked', { count: r.data.revokeSessions })); else report(r.error); }}>
              <Button>{t('admin.revokeSessions')}</Button>
            </Popconfirm>
            {person.active && <DeactivateButton person={person} onDone={changed} />}
          </Space>
          <Table size="small" rowKey="id" data-testid="person-positions" dataSource={positions} pagination={false} scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('admin.positionForm.none') }}
            title={() => (
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <strong>{t('admin.positions')}</strong>
                {person.active && <Button size="small" type="primary" onClick={() => setDialog('assign')} data-testid="position-new">{t('admin.positionForm.title')}</Button>}
              </Space>
            )}
            columns={[
              { title: t('admin.positionForm.role'), key: 'r', render: (_, p) => <span>{names.get(p.role) ?? p.role}{p.title ? ` — ${p.title}` : ''} {p.serves && <Tag>{t('admin.roleForm.secretary')}</Tag>}</span> },
              { title: t('document.unit'), key: 'u', render: (_, p) => <UnitName id={p.unitId} /> },
              { title: '', key: 'a', render: (_, p) => <EndPositionButton positionId={p.id} onDone={changed} /> },
            ]} />
          <SessionsList personId={person.id} />
        </Space>
      )}
      {person && dialog === 'edit' && <EditPersonDialog person={person} onClose={() => setDialog(null)} onDone={() => { setDialog(null); changed(); }} />}
      {person && dialog === 'assign' && (
        <AssignPositionDialog personId={person.id} personName={person.fullName} onClose={() => setDialog(null)} onDone={() => { setDialog(null); changed(); }} />
      )}
      <OneTime value={oneTime} onClose={() => setOneTime(null)} />
    </Drawer>
  );
}

/** The people tab: search, new account, and each person's page. */
export default function PeopleAdmin() {
  const { t } = useTranslation();
  const roles = useRoleNames();
  const [search, setSearch] = useState('');
  const [pager, dispatch] = useReducer(pagerReducer, initialPager);
  const [{ data, fetching, error }, refetch] = useQuery({ query: PEOPLE, variables: { search: search || null, after: currentCursor(pager) } });
  const [oneTime, setOneTime] = useState<OneTimePassword | null>(null);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('admin.searchPeople')} placeholder={t('admin.searchPeople')} allowClear onSearch={(v) => { setSearch(v.trim()); dispatch({ type: 'reset' }); }} style={{ width: 280, maxWidth: '100%' }} />
        <Button type="primary" onClick={() => setCreating(true)} data-testid="account-new">{t('admin.createAccount')}</Button>
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Table size="small" rowKey="id" data-testid="people-table" loading={fetching} dataSource={data?.people.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('admin.name'), key: 'n',
            render: (_, p) => (
              <span>
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(p.id)} data-testid="person-open">{p.fullName}</Button>{' '}
                <Typography.Text type="secondary">({p.username})</Typography.Text> {!p.active && <Tag>{t('admin.inactive')}</Tag>}
              </span>
            ),
          },
          { title: t('admin.positions'), key: 'p', render: (_, p) => p.positions.filter((x) => x.active).map((x) => <div key={x.id}>{x.title || roles.get(x.role) || x.role} · <UnitName id={x.unitId} /></div>) },
          { title: t('admin.clearance'), key: 'c', render: (_, p) => (p.clearance ? t(`confidentiality.${p.clearance.toLowerCase()}`) : '—'), responsive: ['lg'] },
          { title: '', key: 'a', render: (_, p) => <Button size="small" onClick={() => setOpen(p.id)}>{t('common.open')}</Button> },
        ]} />
      <PagerButtons state={pager} dispatch={dispatch} hasNext={!!data?.people.pageInfo.hasNextPage} endCursor={data?.people.pageInfo.endCursor} />
      {creating && <CreateAccountDialog onClose={() => setCreating(false)} onDone={(created) => { setCreating(false); setOneTime(created); reload(); }} />}
      {open && <PersonDrawer personId={open} onClose={() => setOpen(null)} onChanged={reload} />}
      <OneTime value={oneTime} onClose={() => setOneTime(null)} />
    </Card>
  );
}
