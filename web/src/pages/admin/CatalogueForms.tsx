// Catalogues: document types (with their Decree 30 abbreviations), fields, the external
// agencies directory, each listed with defining a new entry and changing one; and the
// registers (RegisterForms).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Switch, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql';
import { errorText } from '../../lib/errors';
import FormDialog from './FormDialog';
import { NameFields, codeRule } from './RoleForms';
import RegistersAdmin from './RegisterForms';
import { CATALOGUE_TYPENAMES, agencyInput, codedInput, type AgencyValues, type CodedValues } from './forms';

export const ADMIN_CATALOGUES = graphql(`
  query AdminCatalogues {
    documentTypes(first: 200) { nodes { code abbreviation name nameVi nameEn nameLo active } }
    fields(first: 200) { nodes { code name nameVi nameEn nameLo active } }
    externalAgencies(first: 200) { nodes { id name identifierCode address email active } }
  }
`);
const DEFINE_TYPE = graphql(`mutation DefineDocumentType($input: CodedInput!) { defineDocumentType(input: $input) { visible } }`);
const DEFINE_FIELD = graphql(`mutation DefineField($input: CodedInput!) { defineField(input: $input) { visible } }`);
const RECORD_AGENCY = graphql(`mutation RecordExternalAgency($input: ExternalAgencyInput!) { recordExternalAgency(input: $input) { id written { visible } } }`);

type Coded = { code: string; abbreviation?: string | null; name: string; nameVi: string; nameEn: string; nameLo: string; active: boolean };
type Agency = { id: string; name: string; identifierCode?: string | null; address?: string | null; email?: string | null; active: boolean };

function ActiveField() {
  const { t } = useTranslation();
  return (
    <Form.Item name="active" label={t('admin.form.active')} valuePropName="checked" extra={t('admin.form.activeHint')}>
      <Switch />
    </Form.Item>
  );
}

/** Defines (or redefines) a document type or a field. */
function CodedDialog({ kind, entry, onClose, onDone }: { kind: 'type' | 'field'; entry: Coded | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CodedValues>();
  const [, defineType] = useMutation(DEFINE_TYPE);
  const [, defineField] = useMutation(DEFINE_FIELD);
  const isType = kind === 'type';
  const title = entry
    ? t(isType ? 'admin.catalogueForm.editType' : 'admin.catalogueForm.editField', { name: entry.name })
    : t(isType ? 'admin.catalogueForm.newType' : 'admin.catalogueForm.newField');
  return (
    <FormDialog<CodedValues>
      title={title} name={isType ? 'documentType' : 'field'} form={form} testId={isType ? 'type-submit' : 'field-submit'} okText={entry ? t('admin.form.save') : t('admin.form.create')}
      fields={['code', 'abbreviation', 'nameVi', 'nameEn', 'nameLo']} aliases={{ names: 'nameVi' }}
      initialValues={entry ? { code: entry.code, abbreviation: entry.abbreviation ?? '', nameVi: entry.nameVi, nameEn: entry.nameEn, nameLo: entry.nameLo, active: entry.active } : { active: true }}
      submit={(v) => {
        const input = codedInput(v, isType);
        return isType ? defineType({ input }, { additionalTypenames: CATALOGUE_TYPENAMES }) : defineField({ input }, { additionalTypenames: CATALOGUE_TYPENAMES });
      }}
      success={entry ? t('admin.form.saved') : t('admin.catalogueForm.defined')} onDone={onDone} onClose={onClose}
    >
      <Form.Item name="code" label={t('admin.code')} extra={entry ? undefined : t('admin.catalogueForm.codeHint')} rules={[{ required: true, whitespace: true }, codeRule(t)]}>
        <Input disabled={!!entry} autoComplete="off" />
      </Form.Item>
      {isType && (
        <Form.Item name="abbreviation" label={t('admin.abbreviation')} extra={t('admin.catalogueForm.abbreviationHint')} rules={[{ max: 10 }]}>
          <Input autoComplete="off" />
        </Form.Item>
      )}
      <NameFields />
      <ActiveField />
    </FormDialog>
  );
}

function AgencyDialog({ agency, onClose, onDone }: { agency: Agency | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AgencyValues>();
  const [, record] = useMutation(RECORD_AGENCY);
  return (
    <FormDialog<AgencyValues>
      title={agency ? t('admin.catalogueForm.editAgency', { name: agency.name }) : t('admin.catalogueForm.newAgency')} name="agency" form={form} testId="agency-submit"
      okText={agency ? t('admin.form.save') : t('admin.form.create')} fields={['name', 'identifierCode', 'address', 'email']}
      initialValues={agency ? { name: agency.name, identifierCode: agency.identifierCode ?? '', address: agency.address ?? '', email: agency.email ?? '', active: agency.active } : { active: true }}
      submit={(v) => record({ input: agencyInput(v, agency?.id ?? null) }, { additionalTypenames: CATALOGUE_TYPENAMES })}
      success={agency ? t('admin.form.saved') : t('admin.catalogueForm.recorded')} onDone={onDone} onClose={onClose}
    >
      <Form.Item name="name" label={t('admin.catalogueForm.agencyName')} rules={[{ required: true, whitespace: true }, { max: 300 }]}><Input /></Form.Item>
      <Form.Item name="identifierCode" label={t('admin.identifierCode')} extra={t('admin.catalogueForm.agencyIdentifierHint')} rules={[{ max: 30 }]}>
        <Input autoComplete="off" placeholder="000.00.00.G09" />
      </Form.Item>
      <Form.Item name="address" label={t('admin.catalogueForm.address')} rules={[{ max: 500 }]}><Input /></Form.Item>
      <Form.Item name="email" label={t('admin.email')} rules={[{ type: 'email', message: t('admin.personForm.badEmail') }]}><Input type="email" autoComplete="off" /></Form.Item>
      <ActiveField />
    </FormDialog>
  );
}

type Dialog = { kind: 'type' | 'field'; entry: Coded | null } | { kind: 'agency'; agency: Agency | null };

export default function CataloguesAdmin() {
  const { t } = useTranslation();
  const [{ data, error, fetching }, refetch] = useQuery({ query: ADMIN_CATALOGUES, requestPolicy: 'cache-and-network' });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const done = () => {
    setDialog(null);
    refetch({ requestPolicy: 'network-only' });
  };
  const inactive = (active: boolean) => !active && <Tag>{t('admin.inactive')}</Tag>;
  const header = (title: string, onNew: () => void, testId: string) => (
    <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
      <strong>{title}</strong>
      <Button size="small" type="primary" onClick={onNew} data-testid={testId}>{t('admin.form.new')}</Button>
    </Space>
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      <Card size="small">
        <Table size="small" rowKey="code" data-testid="types-table" loading={fetching && !data} title={() => header(t('admin.documentTypes'), () => setDialog({ kind: 'type', entry: null }), 'type-new')}
          dataSource={data?.documentTypes.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
          columns={[
            { title: t('admin.code'), dataIndex: 'code' },
            { title: t('admin.abbreviation'), dataIndex: 'abbreviation' },
            { title: t('admin.form.name'), key: 'n', render: (_, r) => <span>{r.name} {inactive(r.active)}</span> },
            { title: '', key: 'a', render: (_, r) => <Button size="small" onClick={() => setDialog({ kind: 'type', entry: r })}>{t('admin.form.edit')}</Button> },
          ]} />
      </Card>
      <Card size="small">
        <Table size="small" rowKey="code" data-testid="fields-table" title={() => header(t('admin.fields'), () => setDialog({ kind: 'field', entry: null }), 'field-new')}
          dataSource={data?.fields.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
          columns={[
            { title: t('admin.code'), dataIndex: 'code' },
            { title: t('admin.form.name'), key: 'n', render: (_, r) => <span>{r.name} {inactive(r.active)}</span> },
            { title: '', key: 'a', render: (_, r) => <Button size="small" onClick={() => setDialog({ kind: 'field', entry: r })}>{t('admin.form.edit')}</Button> },
          ]} />
      </Card>
      <Card size="small">
        <Table size="small" rowKey="id" data-testid="agencies-table" title={() => header(t('admin.externalAgencies'), () => setDialog({ kind: 'agency', agency: null }), 'agency-new')}
          dataSource={data?.externalAgencies.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
          columns={[
            { title: t('admin.form.name'), key: 'n', render: (_, r) => <span>{r.name} {inactive(r.active)}</span> },
            { title: t('admin.identifierCode'), dataIndex: 'identifierCode' },
            { title: t('admin.email'), dataIndex: 'email', responsive: ['md'] },
            { title: '', key: 'a', render: (_, r) => <Button size="small" onClick={() => setDialog({ kind: 'agency', agency: r })}>{t('admin.form.edit')}</Button> },
          ]} />
      </Card>
      <RegistersAdmin />
      {dialog && dialog.kind !== 'agency' && <CodedDialog kind={dialog.kind} entry={dialog.entry} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === 'agency' && <AgencyDialog agency={dialog.agency} onClose={() => setDialog(null)} onDone={done} />}
    </Space>
  );
}
