// Picks units of the organisation tree (the fan-out of an assignment). The tree loads one
// level at a time; typing filters the loaded units.
import { useEffect, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient } from 'urql';
import { UNITS } from './PositionPicker';

interface Flat {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf?: boolean;
}

export default function UnitPicker({ value, onChange, id, multiple = true }: { value?: string[] | string; onChange?: (v: string[] | string) => void; id?: string; multiple?: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  const [nodes, setNodes] = useState<Flat[]>([]);

  async function load(parentId: string | null) {
    const r = await client.query(UNITS, { parentId }).toPromise();
    const kids = (r.data?.units.nodes ?? []).map((u) => ({ id: u.id, pId: parentId, value: u.id, title: u.name, isLeaf: u.kind === 'DEPARTMENT' }));
    setNodes((n) => [...n.filter((x) => !kids.some((k) => k.id === x.id)), ...kids]);
    return kids;
  }

  useEffect(() => {
    // The top of the tree and the level below (agencies and their units).
    void load(null).then((roots) => Promise.all(roots.map((r) => load(r.id))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <TreeSelect
      id={id}
      data-testid="unit-picker"
      treeDataSimpleMode
      treeData={nodes}
      value={value}
      onChange={onChange}
      multiple={multiple}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      loadData={async (node) => {
        await load(String(node.value));
      }}
      placeholder={t('picker.units')}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
