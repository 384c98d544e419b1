// The organisation tree, editable: choose a unit to see it and its people, add a sub-unit
// (or an agency at the top), correct a unit, move it under another unit, dissolve it (the
// server refuses while people or sub-units remain, and says so), and give someone a
// position in it.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Popconfirm, Row, Select, Space, Table, Tag, Tree, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../../graphql';
import { UNITS } from '../../components/PositionPicker';
import UnitPicker from '../../components/UnitPicker';
import { UnitName, useRoleNames } from '../../components/Names';
import { errorText } from '../../lib/errors';
import FormDialog from './FormDialog';
import { AssignPositionDialog, EndPositionButton } from './PeopleForms';
import { RegisterDialog, UNIT_REGISTERS, type Register } from './RegisterForms';
import { ORG_TYPENAMES, childKinds, isValidAbbreviation, isValidCode, isValidIdentifierCode, unitInput, unitUpdateInput, type UnitKind, type UnitValues } from './forms';

export const UNIT_DETAIL = graphql(`
  query AdminUnit($id: ID!) {
    unit(id: $id) { id parentId kind code abbreviation name identifierCode country dissolved }
  }
`);
const UNIT_PEOPLE = graphql(`
  query AdminUnitPeople($unitId: ID!) {
    people(unitId: $unitId, first: 200) {
      nodes { id username fullName active positions { id unitId role title serves active } }
    }
  }
`);
const CREATE_UNIT = graphql(`mutation CreateUnit($input: UnitInput!) { createUnit(input: $input) { id written { visible } } }`);
const UPDATE_UNIT = graphql(`mutation UpdateUnit($id: ID!, $input: UnitUpdateInput!) { updateUnit(id: $id, input: $input) { visible } }`);
const MOVE_UNIT = graphql(`mutation MoveUnit($id: ID!, $parentId: ID!) { moveUnit(id: $id, parentId: $parentId) { visible } }`);
const DISSOLVE_UNIT = graphql(`mutation DissolveUnit($id: ID!) { dissolveUnit(id: $id) { visible } }`);

type Unit = { id: string; parentId?: string | null; kind: UnitKind; code: string; abbreviation: string; name: string; identifierCode?: string | null; country?: 'VIETNAM' | 'LAOS' };
type TreeUnit = { id: string; name: string; kind: string };

const UNIT_FIELDS = ['kind', 'code', 'abbreviation', 'name', 'identifierCode', 'country'] as const;

function UnitFields({ kinds, kind, withCountry = false }: { kinds: UnitKind[] | null; kind: UnitKind; withCountry?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {kinds && (
        <Form.Item name="kind" label={t('admin.unitForm.kind')} rules={[{ required: true }]}>
          <Select options={kinds.map((k) => ({ value: k, label: t(`unitKind.${k}`) }))} data-testid="unit-kind" />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('admin.unitForm.name')} rules={[{ required: true, whitespace: true }, { max: 300 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="code" label={t('admin.code')} extra={t('admin.unitForm.codeHint')}
        rules={[{ required: true, whitespace: true }, { validator: async (_, v?: string) => { if (v && !isValidCode(v)) throw new Error(t('admin.form.badCode')); } }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="abbreviation" label={t('admin.abbreviation')} extra={t('admin.unitForm.abbreviationHint')}
        rules={[{ required: true, whitespace: true }, { validator: async (_, v?: string) => { if (v && !isValidAbbreviation(v)) throw new Error(t('admin.unitForm.badAbbreviation')); } }]}>
        <Input autoComplete="off" />
      </Form.Item>
      {kind === 'AGENCY' && (
        <Form.Item name="identifierCode" label={t('admin.identifierCode')} extra={t('admin.unitForm.identifierHint')}
          rules={[{ validator: async (_, v?: string) => { if (v && v.trim() && !isValidIdentifierCode(v)) throw new Error(t('admin.unitForm.badIdentifier')); } }]}>
          <Input autoComplete="off" placeholder="000.00.00.G09" />
        </Form.Item>
      )}
      {kind === 'AGENCY' && withCountry && (
        <Form.Item name="country" label={t('admin.country')}>
          <Select allowClear data-testid="unit-country" options={[{ value: 'VIETNAM', label: t('admin.vietnam') }, { value: 'LAOS', label: t('admin.laos') }]} />
        </Form.Item>
      )}
    </>
  );
}

/** Adds a unit under `parent` (an agency at the top of the tree when null). */
export function CreateUnitDialog({ parent, onClose, onDone }: { parent: { id: string; name: string; kind: UnitKind } | null; onClose: () => void; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UnitValues>();
  const [, create] = useMutation(CREATE_UNIT);
  const kinds = childKinds(parent?.kind ?? null);
  const kind = (Form.useWatch('kind', form) ?? kinds[kinds.length - 1]) as UnitKind;
  const created = useRef('');
  return (
    <FormDialog<UnitValues>
      title={parent ? t('admin.unitForm.addUnder', { name: parent.name }) : t('admin.unitForm.addAgency')}
      name="unit" form={form} testId="unit-submit" okText={t('admin.form.create')} fields={UNIT_FIELDS} aliases={{ parentId: 'kind' }}
      initialValues={{ kind: kinds[kinds.length - 1] }}
      submit={async (v) => {
        const r = await create({ input: unitInput(v, parent?.id ?? null) }, { additionalTypenames: ORG_TYPENAMES });
        created.current = r.data?.createUnit.id ?? '';
        return r;
      }}
      success={t('admin.unitForm.created')} onDone={() => onDone(created.current)} onClose={onClose}
    >
      <UnitFields kinds={kinds} kind={kind} withCountry />
    </FormDialog>
  );
}

function EditUnitDialog({ unit, onClose, onDone }: { unit: Unit; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<UnitValues>();
  const [, update] = useMutation(UPDATE_UNIT);
  return (
    <FormDialog<UnitValues>
      title={t('admin.unitForm.editTitle', { name: unit.name })} name="unitEdit" form={form} testId="unit-edit-submit" okText={t('admin.form.save')}
      fields={UNIT_FIELDS} initialValues={{ code: unit.code, abbreviation: unit.abbreviation, name: unit.name, identifierCode: unit.identifierCode ?? '' }}
      submit={(v) => update({ id: unit.id, input: unitUpdateInput(v, unit.kind) }, { additionalTypenames: ORG_TYPENAMES })}
      success={t('admin.form.saved')} onDone={onDone} onClose={onClose}
    >
      <UnitFields kinds={null} kind={unit.kind} />
    </FormDialog>
  );
}

function MoveUnitDialog({ unit, onClose, onDone }: { unit: Unit; onClose: () => void; onDone: (parentId: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ parentId: string }>();
  const [, move] = useMutation(MOVE_UNIT);
  const target = useRef('');
  return (
    <FormDialog<{ parentId: string }>
      title={t('admin.unitForm.moveTitle', { name: unit.name })} name="unitMove" form={form} testId="unit-move-submit" okText={t('admin.unitForm.move')}
      fields={['parentId']}
      submit={(v) => {
        target.current = v.parentId;
        return move({ id: unit.id, parentId: v.parentId }, { additionalTypenames: ORG_TYPENAMES });
      }}
      success={t('admin.unitForm.moved')} onDone={() => onDone(target.current)} onClose={onClose}
    >
      <Typography.Paragraph type="secondary">{t('admin.unitForm.moveHint')}</Typography.Paragraph>
      <Form.Item name="parentId" label={t('admin.unitForm.newParent')}
        rules={[{ required: true }, {
          validator: async (_, v?: string) => {
            if (v && v === unit.id) throw new Error(t('admin.unitForm.notUnderItself'));
            if (v && v === unit.parentId) throw new Error(t('admin.unitForm.alreadyThere'));
          },
        }]}>
        <UnitPicker multiple={false} />
      </Form.Item>
    </FormDialog>
  );
}

type Dialog =
  | { kind: 'create'; parent: { id: string; name: string; kind: UnitKind } | null }
  | { kind: 'edit'; unit: Unit }
  | { kind: 'move'; unit: Unit }
  | { kind: 'assign'; unit: Unit }
  | { kind: 'register'; unit: Unit; register: Register | null };

function UnitPanel({ id, onDialog, onDissolved, version }: { id: string; onDialog: (d: Dialog) => void; onDissolved: (unit: Unit) => void; version: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const roles = useRoleNames();
  const [{ data, error }, refetch] = useQuery({ query: UNIT_DETAIL, variables: { id }, requestPolicy: 'cache-and-network' });
  const [people, refetchPeople] = useQuery({ query: UNIT_PEOPLE, variables: { unitId: id }, requestPolicy: 'cache-and-network' });
  const [registers, refetchRegisters] = useQuery({ query: UNIT_REGISTERS, variables: { unitId: id }, requestPolicy: 'cache-and-network' });
  const [, dissolve] = useMutation(DISSOLVE_UNIT);
  const [refusal, setRefusal] = useState<string | null>(null);
  const first = useRef(true);
  useEffect(() => {
    // A dialog changed something: read the unit and its people again.
    if (first.current) {
      first.current = false;
      return;
    }
    refetch({ requestPolicy: 'network-only' });
    refetchPeople({ requestPolicy: 'network-only' });
    refetchRegisters({ requestPolicy: 'network-only' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version]);
  const unit = data?.unit as Unit | null | undefined;
  if (error) return <Alert type="error" showIcon title={errorText(error, t)} />;
  if (!unit) return <Card size="small" loading />;
  const here = (people.data?.people.nodes ?? []).flatMap((p) =>
    p.positions.filter((pos) => pos.active && pos.unitId === unit.id).map((pos) => ({ key: pos.id, person: p, position: pos })),
  );

  return (
    <Card size="small" data-testid="unit-panel" data-unit={unit.code}
      title={<span>{unit.name} <Tag>{t(`unitKind.${unit.kind}`)}</Tag></span>}>
      <Descriptions size="small" column={1} items={[
        { key: 'code', label: t('admin.code'), children: unit.code },
        { key: 'abbr', label: t('admin.abbreviation'), children: unit.abbreviation },
        ...(unit.kind === 'AGENCY' ? [{ key: 'ic', label: t('admin.identifierCode'), children: unit.identifierCode ?? '—' }] : []),
        ...(unit.country ? [{ key: 'country', label: t('admin.country'), children: t(unit.country === 'LAOS' ? 'admin.laos' : 'admin.vietnam') }] : []),
        { key: 'parent', label: t('admin.unitForm.parent'), children: unit.parentId ? <UnitName id={unit.parentId} /> : t('admin.unitForm.top') },
      ]} />
      <Space wrap style={{ margin: '12px 0' }}>
        <Button type="primary" onClick={() => onDialog({ kind: 'create', parent: unit })} data-testid="unit-add-child">{t('admin.unitForm.addChild')}</Button>
        <Button onClick={() => onDialog({ kind: 'edit', unit })} data-testid="unit-edit">{t('admin.form.edit')}</Button>
        {unit.parentId && <Button onClick={() => onDialog({ kind: 'move', unit })} data-testid="unit-move">{t('admin.unitForm.move')}</Button>}
        <Button onClick={() => onDialog({ kind: 'assign', unit })} data-testid="unit-assign">{t('admin.positionForm.assignHere')}</Button>
        <Popconfirm title={t('admin.unitForm.dissolveConfirm', { name: unit.name })} okText={t('admin.unitForm.dissolve')} okButtonProps={{ danger: true, 'data-testid': 'unit-dissolve-ok' } as never}
          onConfirm={async () => {
            setRefusal(null);
            const r = await dissolve({ id: unit.id }, { additionalTypenames: ORG_TYPENAMES });
            if (r.error || !r.data) {
              const text = errorText(r.error, t) || t('errors.internal');
              setRefusal(text);
              message.error(text);
              return;
            }
            message.success(t('admin.unitForm.dissolved'));
            onDissolved(unit);
          }}>
          <Button danger data-testid="unit-dissolve">{t('admin.unitForm.dissolve')}</Button>
        </Popconfirm>
      </Space>
      {refusal && <Alert type="error" showIcon closable title={refusal} onClose={() => setRefusal(null)} style={{ marginBottom: 12 }} data-testid="unit-error" />}
      <Table size="small" rowKey="key" data-testid="unit-people" title={() => t('admin.unitForm.people')} dataSource={here} pagination={false} loading={people.fetching && !people.data}
        locale={{ emptyText: t('admin.unitForm.nobody') }} scroll={{ x: 'max-content' }}
        columns={[
          { title: t('admin.name'), key: 'n', render: (_, r) => <span>{r.person.fullName} <Typography.Text type="secondary">({r.person.username})</Typography.Text></span> },
          { title: t('admin.positionForm.role'), key: 'r', render: (_, r) => r.position.title || roles.get(r.position.role) || r.position.role },
          { title: '', key: 'a', render: (_, r) => <EndPositionButton positionId={r.position.id} onDone={() => refetchPeople({ requestPolicy: 'network-only' })} /> },
        ]} />
      <Table size="small" rowKey="id" data-testid="unit-registers" style={{ marginTop: 12 }} dataSource={registers.data?.registers.nodes ?? []} pagination={false}
        loading={registers.fetching && !registers.data} locale={{ emptyText: t('admin.unitForm.noRegisters') }} scroll={{ x: 'max-content' }}
        title={() => (
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <span>{t('admin.unitForm.registers')}</span>
            <Button size="small" onClick={() => onDialog({ kind: 'register', unit, register: null })} data-testid="unit-open-register">{t('admin.registerForm.new')}</Button>
          </Space>
        )}
        columns={[
          { title: t('admin.code'), dataIndex: 'code' },
          { title: t('admin.form.name'), key: 'n', render: (_, r) => <span>{r.name} {!r.active && <Tag>{t('admin.inactive')}</Tag>}</span> },
          { title: t('admin.kind'), key: 'k', render: (_, r) => t(`registerKind.${r.kind}`, { defaultValue: r.kind }) },
          { title: '', key: 'a', render: (_, r) => <Button size="small" onClick={() => onDialog({ kind: 'register', unit, register: r })}>{t('admin.form.edit')}</Button> },
        ]} />
    </Card>
  );
}

type TreeNode = { key: string; title: React.ReactNode; children?: TreeNode[] };

export default function OrganisationAdmin() {
  const { t } = useTranslation();
  const client = useClient();
  const [roots, refetchRoots] = useQuery({ query: UNITS, variables: { parentId: null } });
  const [kids, setKids] = useState<Record<string, TreeUnit[]>>({});
  const [expanded, setExpanded] = useState<string[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [version, setVersion] = useState(0);

  async function loadChildren(parentId: string) {
    const r = await client.query(UNITS, { parentId }, { requestPolicy: 'network-only' }).toPromise();
    setKids((k) => ({ ...k, [parentId]: r.data?.units.nodes ?? [] }));
  }

  /** Reads again every level shown (after a change anywhere in the tree). */
  async function reload(alsoOpen: string[] = []) {
    refetchRoots({ requestPolicy: 'network-only' });
    const levels = [...new Set([...Object.keys(kids), ...alsoOpen])];
    await Promise.all(levels.map(loadChildren));
    if (alsoOpen.length) setExpanded((e) => [...new Set([...e, ...alsoOpen])]);
    setVersion((v) => v + 1);
  }

  const build = (units: TreeUnit[]): TreeNode[] =>
    units.map((u) => ({
      key: u.id,
      title: <span data-testid="unit-node" data-name={u.name}>{u.name} <Tag>{t(`unitKind.${u.kind}`)}</Tag></span>,
      children: kids[u.id] ? build(kids[u.id]) : undefined,
    }));

  const done = () => setDialog(null);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('admin.organisation')}
          extra={<Button size="small" onClick={() => setDialog({ kind: 'create', parent: null })} data-testid="unit-add-agency">{t('admin.unitForm.addAgency')}</Button>}>
          {roots.error && <Alert type="error" showIcon title={errorText(roots.error, t)} />}
          <Tree
            data-testid="org-tree"
            treeData={build(roots.data?.units.nodes ?? []) as never}
            expandedKeys={expanded}
            onExpand={(keys) => setExpanded(keys.map(String))}
            selectedKeys={selected ? [selected] : []}
            onSelect={(keys) => keys.length && setSelected(String(keys[0]))}
            loadData={async (node) => {
              if (!kids[String(node.key)]) await loadChildren(String(node.key));
            }}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('admin.unitForm.pickHint')}</Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        {selected ? (
          <UnitPanel key={selected} id={selected} version={version} onDialog={setDialog}
            onDissolved={(unit) => { setSelected(unit.parentId ?? null); void reload(); }} />
        ) : (
          <Card size="small"><Empty description={t('admin.unitForm.pickUnit')} /></Card>
        )}
      </Col>
      {dialog?.kind === 'create' && (
        <CreateUnitDialog parent={dialog.parent} onClose={done} onDone={(id) => {
          const parent = dialog.parent?.id;
          done();
          void reload(parent ? [parent] : []).then(() => id && setSelected(id));
        }} />
      )}
      {dialog?.kind === 'edit' && <EditUnitDialog unit={dialog.unit} onClose={done} onDone={() => { done(); void reload(); }} />}
      {dialog?.kind === 'move' && <MoveUnitDialog unit={dialog.unit} onClose={done} onDone={(parentId) => { done(); void reload([parentId]); }} />}
      {dialog?.kind === 'register' && (
        <RegisterDialog register={dialog.register} ownerUnitId={dialog.unit.id} onClose={done} onDone={() => { done(); setVersion((v) => v + 1); }} />
      )}
      {dialog?.kind === 'assign' && <AssignPositionDialog unitId={dialog.unit.id} onClose={done} onDone={() => { done(); setVersion((v) => v + 1); }} />}
    </Row>
  );
}
