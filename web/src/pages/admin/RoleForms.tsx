// Roles: every role with its permissions, defining a new one, and redefining one (the same
// code: names, permissions, whether it serves a leader as a secretary).
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql';
import { errorText } from '../../lib/errors';
import FormDialog from './FormDialog';
import { ORG_TYPENAMES, PERMISSIONS, isValidCode, permissionOf, roleInput, roleValues, type RoleValues } from './forms';

export const ROLES = graphql(`
  query AdminRoles { roles(first: 200) { nodes { code name nameVi nameEn nameLo permissions servesLeader } } }
`);
const DEFINE_ROLE = graphql(`mutation DefineRole($input: RoleInput!) { defineRole(input: $input) { visible } }`);

type Role = { code: string; name: string; nameVi: string; nameEn: string; nameLo: string; permissions: string[]; servesLeader: boolean };

/** The three names of a catalogue entry or role (Vietnamese required). */
export function NameFields({ required = true }: { required?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="nameVi" label={t('admin.form.nameVi')} rules={[{ required, whitespace: true }, { max: 300 }]}><Input /></Form.Item>
      <Form.Item name="nameEn" label={t('admin.form.nameEn')} extra={t('admin.form.nameFallback')} rules={[{ max: 300 }]}><Input /></Form.Item>
      <Form.Item name="nameLo" label={t('admin.form.nameLo')} extra={t('admin.form.nameFallback')} rules={[{ max: 300 }]}><Input lang="lo" /></Form.Item>
    </>
  );
}

export const codeRule = (t: (k: string) => string) => ({
  validator: async (_: unknown, v?: string) => {
    if (v && v.trim() && !isValidCode(v)) throw new Error(t('admin.form.badCode'));
  },
});

function RoleDialog({ role, onClose, onDone }: { role: Role | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RoleValues>();
  const [, define] = useMutation(DEFINE_ROLE);
  return (
    <FormDialog<RoleValues>
      title={role ? t('admin.roleForm.editTitle', { name: role.name }) : t('admin.roleForm.new')} name="role" form={form} testId="role-submit"
      okText={role ? t('admin.form.save') : t('admin.form.create')} width={640}
      fields={['code', 'nameVi', 'nameEn', 'nameLo', 'permissions']} aliases={{ names: 'nameVi' }}
      initialValues={role ? roleValues(role) : { permissions: ['HANDLE_DOCUMENTS'], servesLeader: false }}
      submit={(v) => define({ input: roleInput(v) }, { additionalTypenames: ORG_TYPENAMES })}
      success={role ? t('admin.form.saved') : t('admin.roleForm.defined')} onDone={onDone} onClose={onClose}
    >
      <Form.Item name="code" label={t('admin.code')} extra={role ? undefined : t('admin.roleForm.codeHint')} rules={[{ required: true, whitespace: true }, codeRule(t)]}>
        <Input disabled={!!role} autoComplete="off" />
      </Form.Item>
      <NameFields />
      <Form.Item name="permissions" label={t('admin.roleForm.permissions')}>
        <Checkbox.Group style={{ display: 'grid', gap: 4 }} options={PERMISSIONS.map((p) => ({ value: p, label: t(`admin.permission.${p}`) }))} />
      </Form.Item>
      <Form.Item name="servesLeader" label={t('admin.roleForm.servesLeader')} valuePropName="checked" extra={t('admin.roleForm.servesLeaderHint')}>
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}

export default function RolesAdmin() {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ROLES, requestPolicy: 'cache-and-network' });
  const [dialog, setDialog] = useState<{ role: Role | null } | null>(null);
  return (
    <Card size="small" title={t('admin.roles')}
      extra={<Button type="primary" onClick={() => setDialog({ role: null })} data-testid="role-new">{t('admin.roleForm.new')}</Button>}>
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Table size="small" rowKey="code" data-testid="roles-table" loading={fetching && !data} dataSource={data?.roles.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
        columns={[
          { title: t('admin.code'), dataIndex: 'code' },
          { title: t('admin.form.name'), key: 'n', render: (_, r) => <span>{r.name} {r.servesLeader && <Tag>{t('admin.roleForm.secretary')}</Tag>}</span> },
          {
            title: t('admin.roleForm.permissions'), key: 'p', responsive: ['md'],
            render: (_, r) => (
              <div style={{ maxWidth: 420, whiteSpace: 'normal' }}>
                {r.permissions.map((p) => {
                  const known = permissionOf(p);
                  return <Tag key={p} style={{ marginBottom: 2 }}>{known ? t(`admin.permission.${known}`) : p}</Tag>;
                })}
                {r.permissions.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
              </div>
            ),
          },
          { title: '', key: 'a', render: (_, r) => <Button size="small" onClick={() => setDialog({ role: r })} data-testid="role-edit">{t('admin.form.edit')}</Button> },
        ]} />
      {dialog && <RoleDialog role={dialog.role} onClose={() => setDialog(null)} onDone={() => { setDialog(null); refetch({ requestPolicy: 'network-only' }); }} />}
    </Card>
  );
}
