// Registers (sổ đăng ký): every register with its kind, owner unit, the document types and
// the highest confidentiality it takes; opening a register and changing one (its kind and
// owner never change: the server refuses, so the form does not offer it).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql';
import UnitPicker from '../../components/UnitPicker';
import { UnitName } from '../../components/Names';
import { errorText } from '../../lib/errors';
import FormDialog from './FormDialog';
import { codeRule } from './RoleForms';
import { CATALOGUE_TYPENAMES, CLEARANCES, REGISTER_KINDS, registerInput, registerValues, type RegisterValues } from './forms';

export const ADMIN_REGISTERS = graphql(`
  query AdminRegisters {
    registers(first: 200) { nodes { id kind ownerUnitId code name documentTypes maxConfidentiality active } }
    documentTypes(first: 200) { nodes { code name active } }
  }
`);
const TYPES = graphql(`query AdminRegisterTypes { documentTypes(first: 200) { nodes { code name active } } }`);
export const UNIT_REGISTERS = graphql(`
  query AdminUnitRegisters($unitId: ID!) {
    registers(ownerUnitId: $unitId, first: 200) { nodes { id kind ownerUnitId code name documentTypes maxConfidentiality active } }
  }
`);
const DEFINE_REGISTER = graphql(`mutation DefineRegister($input: RegisterInput!) { defineRegister(input: $input) { id written { visible } } }`);

export type Register = { id: string; kind: string; ownerUnitId: string; code: string; name: string; documentTypes: string[]; maxConfidentiality: string; active: boolean };

/**
 * Opens a register (`register` null) or changes one. `ownerUnitId` fixes the owner of a new
 * register (opened from a unit of the tree).
 */
export function RegisterDialog({ register, ownerUnitId, onClose, onDone }: { register: Register | null; ownerUnitId?: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RegisterValues>();
  const [, define] = useMutation(DEFINE_REGISTER);
  const [{ data }] = useQuery({ query: TYPES, requestPolicy: 'cache-and-network' });
  const types = data?.documentTypes.nodes ?? [];
  const fixedOwner = register?.ownerUnitId ?? ownerUnitId;
  const initial = register ? registerValues(register) : { kind: 'INCOMING' as const, documentTypes: [], maxConfidentiality: 'NORMAL' as const, active: true };
  return (
    <FormDialog<RegisterValues>
      title={register ? t('admin.registerForm.editTitle', { name: register.name }) : t('admin.registerForm.new')} name="register" form={form} testId="register-submit"
      okText={register ? t('admin.form.save') : t('admin.registerForm.open')} width={620}
      fields={['kind', 'ownerUnitId', 'code', 'name', 'documentTypes', 'maxConfidentiality']}
      initialValues={initial}
      submit={(v) => define({ input: registerInput({ ...v, kind: register ? initial.kind : v.kind, ownerUnitId: fixedOwner ?? v.ownerUnitId }, register?.id ?? null) }, { additionalTypenames: CATALOGUE_TYPENAMES })}
      success={register ? t('admin.form.saved') : t('admin.registerForm.opened')} onDone={onDone} onClose={onClose}
    >
      <Form.Item name="kind" label={t('admin.kind')} rules={[{ required: true }]} extra={register ? t('admin.registerForm.fixedHint') : undefined}>
        <Radio.Group disabled={!!register} data-testid="register-kind"
          options={REGISTER_KINDS.map((k) => ({ value: k, label: t(`registerKind.${k.toLowerCase()}`) }))} />
      </Form.Item>
      {fixedOwner ? (
        <Form.Item label={t('admin.registerForm.owner')}><Typography.Text strong><UnitName id={fixedOwner} /></Typography.Text></Form.Item>
      ) : (
        <Form.Item name="ownerUnitId" label={t('admin.registerForm.owner')} extra={t('admin.registerForm.ownerHint')} rules={[{ required: true }]}>
          <UnitPicker multiple={false} />
        </Form.Item>
      )}
      <Form.Item name="code" label={t('admin.code')} extra={t('admin.registerForm.codeHint')} rules={[{ required: true, whitespace: true }, codeRule(t)]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={t('admin.registerForm.name')} rules={[{ required: true, whitespace: true }, { max: 300 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="documentTypes" label={t('admin.documentTypes')} extra={t('admin.registerForm.typesHint')}>
        <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} data-testid="register-types" placeholder={t('admin.registerForm.allTypes')}
          options={types.filter((d) => d.active || register?.documentTypes.includes(d.code)).map((d) => ({ value: d.code, label: d.name }))} />
      </Form.Item>
      <Form.Item name="maxConfidentiality" label={t('admin.registerForm.maxConfidentiality')} extra={t('admin.registerForm.maxConfidentialityHint')}>
        <Select options={CLEARANCES.map((c) => ({ value: c, label: t(`confidentiality.${c.toLowerCase()}`) }))} />
      </Form.Item>
      <Form.Item name="active" label={t('admin.form.active')} valuePropName="checked" extra={t('admin.registerForm.activeHint')}>
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}

export default function RegistersAdmin() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: ADMIN_REGISTERS, requestPolicy: 'cache-and-network' });
  const [dialog, setDialog] = useState<{ register: Register | null } | null>(null);
  const types = data?.documentTypes.nodes ?? [];
  const typeName = (code: string) => types.find((d) => d.code === code)?.name ?? code;
  return (
    <Card size="small">
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Table size="small" rowKey="id" data-testid="registers-table" loading={fetching && !data} dataSource={data?.registers.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
        title={() => (
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <strong>{t('admin.registers')}</strong>
            <Button size="small" type="primary" onClick={() => setDialog({ register: null })} data-testid="register-new">{t('admin.registerForm.new')}</Button>
          </Space>
        )}
        columns={[
          { title: t('admin.code'), dataIndex: 'code' },
          { title: t('admin.form.name'), key: 'n', render: (_, r) => <span>{r.name} {!r.active && <Tag>{t('admin.inactive')}</Tag>}</span> },
          { title: t('admin.kind'), key: 'k', render: (_, r) => t(`registerKind.${r.kind}`, { defaultValue: r.kind }) },
          { title: t('document.unit'), key: 'u', render: (_, r) => <UnitName id={r.ownerUnitId} /> },
          {
            title: t('admin.documentTypes'), key: 't', responsive: ['md'],
            render: (_, r) => (r.documentTypes.length === 0 ? <Typography.Text type="secondary">{t('admin.registerForm.allTypes')}</Typography.Text> : (
              <div style={{ maxWidth: 320, whiteSpace: 'normal' }}>{r.documentTypes.map((c) => <Tag key={c}>{typeName(c)}</Tag>)}</div>
            )),
          },
          { title: t('admin.registerForm.maxConfidentiality'), key: 'c', responsive: ['md'], render: (_, r) => t(`confidentiality.${r.maxConfidentiality}`, { defaultValue: r.maxConfidentiality }) },
          { title: '', key: 'a', render: (_, r) => <Button size="small" onClick={() => setDialog({ register: r })} data-testid="register-edit">{t('admin.form.edit')}</Button> },
        ]} />
      {dialog && <RegisterDialog register={dialog.register} onClose={() => setDialog(null)} onDone={() => { setDialog(null); refetch({ requestPolicy: 'network-only' }); }} />}
    </Card>
  );
}
