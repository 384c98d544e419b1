// Picks positions (a person's role in a unit): search the directory by name, username, unit
// or role, or browse the organisation tree. Where a unit may be chosen instead of a person
// (`onPickUnit`: a department as recipient, received by its head or clerk), the tree's units
// are selectable too. `labels` names positions chosen elsewhere (the recipient grid).
import { useMemo, useState } from 'react';
import { Button, Modal, Select, Space, Tree } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import { graphql } from '../graphql';
import { UnitName, useRoleNames } from './Names';

const PEOPLE = graphql(`
  query PeopleSearch($search: String, $unitId: ID) {
    people(search: $search, unitId: $unitId, first: 50) {
      nodes { id fullName username positions { id unitId role title active } }
    }
  }
`);
export const UNITS = graphql(`
  query UnitsUnder($parentId: ID) {
    units(parentId: $parentId, first: 200) { nodes { id name kind parentId } }
  }
`);

interface Option {
  value: string;
  label: React.ReactNode;
  text: string;
}

type Person = { id: string; fullName: string; username: string; positions: { id: string; unitId: string; role: string; title?: string | null; active: boolean }[] };

function positionOptions(people: Person[], roles: Map<string, string>, onlyUnit?: string): Option[] {
  return people.flatMap((p) =>
    p.positions
      .filter((pos) => pos.active && (!onlyUnit || pos.unitId === onlyUnit))
      .map((pos) => ({
        value: pos.id,
        text: `${p.fullName} ${p.username}`,
        label: (
          <span>
            {p.fullName} — {pos.title || roles.get(pos.role) || pos.role} (<UnitName id={pos.unitId} />)
          </span>
        ),
      })),
  );
}

interface Props {
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  multiple?: boolean;
  id?: string;
  testId?: string;
  /** How to show positions chosen elsewhere (the recipient grid), by position id. */
  labels?: Map<string, React.ReactNode>;
  /** When given, a unit picked in the tree is chosen through this (a unit as recipient). */
  onPickUnit?: (unit: { id: string; name: string }) => void;
}

export default function PositionPicker({ value, onChange, multiple, id, testId, labels, onPickUnit }: Props) {
  const { t } = useTranslation();
  const roles = useRoleNames();
  const [search, setSearch] = useState('');
  const [known, setKnown] = useState<Map<string, Option>>(new Map());
  const [browsing, setBrowsing] = useState(false);
  const [{ data, fetching }] = useQuery({ query: PEOPLE, variables: { search }, pause: search.trim().length < 2 });
  const found = useMemo(() => positionOptions(data?.people.nodes ?? [], roles), [data, roles]);
  const selected = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const options = [
    ...selected
      .filter((v) => !found.some((f) => f.value === v))
      .map((v) => known.get(v) ?? { value: v, label: labels?.get(v) ?? v, text: v }),
    ...found,
  ];

  function remember(ids: string[], pool: Option[]) {
    setKnown((k) => {
      const next = new Map(k);
      for (const o of pool) if (ids.includes(o.value)) next.set(o.value, o);
      return next;
    });
  }

  function choose(next: string | string[] | undefined) {
    const ids = next === undefined ? [] : Array.isArray(next) ? next : [next];
    remember(ids, found);
    onChange?.(next);
  }

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        id={id}
        data-testid={testId}
        mode={multiple ? 'multiple' : undefined}
        allowClear
        showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
        placeholder={t('picker.searchPeople')}
        value={value}
        onChange={choose}
        options={options.map((o) => ({ value: o.value, label: o.label }))}
        notFoundContent={fetching ? t('common.loading') : search.trim().length < 2 ? t('picker.typeToSearch') : t('picker.nobody')}
        style={{ width: '100%' }}
      />
      <Button icon={<ApartmentOutlined />} onClick={() => setBrowsing(true)} aria-label={t('picker.browse')} title={t('picker.browse')} />
      {browsing && (
        <TreeBrowser
          roles={roles}
          onClose={() => setBrowsing(false)}
          onPickUnit={
            onPickUnit &&
            ((unit) => {
              onPickUnit(unit);
              setBrowsing(false);
            })
          }
          onPick={(o) => {
            remember([o.value], [o]);
            setKnown((k) => new Map(k).set(o.value, o));
            if (multiple) onChange?.([...new Set([...selected, o.value])]);
            else onChange?.(o.value);
            setBrowsing(false);
          }}
        />
      )}
    </Space.Compact>
  );
}

interface TreeNode {
  key: string;
  title: React.ReactNode;
  isLeaf?: boolean;
  selectable?: boolean;
  children?: TreeNode[];
  option?: Option;
  unit?: { id: string; name: string };
}

function TreeBrowser({
  roles,
  onClose,
  onPick,
  onPickUnit,
}: {
  roles: Map<string, string>;
  onClose: () => void;
  onPick: (o: Option) => void;
  onPickUnit?: (unit: { id: string; name: string }) => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [roots] = useQuery({ query: UNITS, variables: { parentId: null } });
  const [children, setChildren] = useState<Record<string, TreeNode[]>>({});

  // A unit is selectable where the field accepts one (not an agency: it is reached by exchange).
  const unitNode = (u: { id: string; name: string; kind?: string }): TreeNode => ({
    key: `u:${u.id}`,
    title: u.name,
    selectable: !!onPickUnit && u.kind !== 'AGENCY',
    unit: { id: u.id, name: u.name },
  });
  const build = (nodes: { id: string; name: string; kind?: string }[]): TreeNode[] =>
    nodes.map((u) => ({ ...unitNode(u), children: children[u.id] }));

  async function load(unitId: string) {
    const [units, people] = await Promise.all([
      client.query(UNITS, { parentId: unitId }).toPromise(),
      client.query(PEOPLE, { unitId }).toPromise(),
    ]);
    const subUnits: TreeNode[] = (units.data?.units.nodes ?? []).map(unitNode);
    const leaves: TreeNode[] = positionOptions(people.data?.people.nodes ?? [], roles, unitId).map((o) => ({
      key: `p:${o.value}`,
      title: o.label,
      isLeaf: true,
      option: o,
    }));
    setChildren((c) => ({ ...c, [unitId]: [...leaves, ...subUnits] }));
  }

  function attach(nodes: TreeNode[]): TreeNode[] {
    return nodes.map((n) => {
      if (!n.key.startsWith('u:')) return n;
      const id = n.key.slice(2);
      const kids = children[id];
      return { ...n, children: kids ? attach(kids) : undefined };
    });
  }

  const tree = attach(build(roots.data?.units.nodes ?? []));
  return (
    <Modal open title={t('picker.browse')} onCancel={onClose} footer={null} width={560}>
      <Tree
        treeData={tree as never}
        loadData={async (node) => {
          const key = String(node.key);
          if (key.startsWith('u:')) await load(key.slice(2));
        }}
        onSelect={(_, info) => {
          const node = info.node as unknown as TreeNode;
          if (node.option) onPick(node.option);
          else if (node.unit && onPickUnit) onPickUnit(node.unit);
        }}
      />
    </Modal>
  );
}
