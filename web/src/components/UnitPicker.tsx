// Picks units of the organisation tree (the fan-out of an assignment). The tree loads one
// level at a time (every page of it) as nodes are expanded; typing two letters or more asks
// the server for the units anywhere in the tree whose name has every word typed (accents
// and case ignored) and lists them with where they sit, so a unit can be picked without
// opening its branch.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, type CombinedError } from 'urql';
import { graphql } from '../graphql';
import { collectPages } from '../lib/allPages';
import { errorText } from '../lib/errors';
import { UnitName } from './Names';

const LEVEL = graphql(`
  query UnitLevel($parentId: ID, $after: String) {
    units(parentId: $parentId, first: 200, after: $after) {
      nodes { id name kind parentId }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const FIND_UNITS = graphql(`
  query UnitFind($text: String!) {
    units(text: $text, first: 50) { nodes { id name kind path } }
  }
`);

/** Typing this many characters (spaces aside) searches the whole tree on the server; fewer
 * filter the units already loaded. */
export const SEARCH_FROM = 2;
/** How long typing must pause before the server is asked. */
export const SEARCH_DELAY_MS = 250;

interface Flat {
  id: string;
  pId: string | null;
  value: string;
  /** The plain name: what a chosen unit shows in the field. */
  label: string;
  /** What the list shows. */
  title: ReactNode;
  isLeaf?: boolean;
}

interface Hit {
  id: string;
  name: string;
  kind: string;
  path: string[];
}

type Labeled = { value: string; label?: ReactNode };

export default function UnitPicker({ value, onChange, id, multiple = true }: { value?: string[] | string; onChange?: (v: string[] | string) => void; id?: string; multiple?: boolean }) {
  const { t } = useTranslation();
  const client = useClient();
  const [nodes, setNodes] = useState<Flat[]>([]);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<{ text: string; hits: Hit[]; error: CombinedError | null } | null>(null);
  // Names of every unit seen (tree or search), so a chosen unit keeps its name in the field
  // whatever the list shows.
  const names = useRef(new Map<string, string>());

  async function load(parentId: string | null) {
    const { rows } = await collectPages((after) =>
      client
        .query(LEVEL, { parentId, after })
        .toPromise()
        .then((r) => ({ page: r.data?.units, error: r.error })),
    );
    const kids: Flat[] = rows.map((u) => ({ id: u.id, pId: parentId, value: u.id, label: u.name, title: u.name, isLeaf: u.kind === 'DEPARTMENT' }));
    kids.forEach((k) => names.current.set(k.id, k.label));
    setNodes((n) => [...n.filter((x) => !kids.some((k) => k.id === x.id)), ...kids]);
    return kids;
  }

  useEffect(() => {
    // The top of the tree and the level below (agencies and their units).
    void load(null).then((roots) => Promise.all(roots.map((r) => load(r.id))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const text = search.trim();
  const searching = text.length >= SEARCH_FROM;
  useEffect(() => {
    if (!searching) return;
    let gone = false;
    const timer = setTimeout(() => {
      void client
        .query(FIND_UNITS, { text })
        .toPromise()
        .then((r) => {
          if (gone) return;
          const hits = r.data?.units.nodes ?? [];
          hits.forEach((h) => names.current.set(h.id, h.name));
          setFound({ text, hits, error: r.error ?? null });
        });
    }, SEARCH_DELAY_MS);
    return () => {
      gone = true;
      clearTimeout(timer);
    };
  }, [client, text, searching]);

  // The server's answer for what is typed now; `null` while it is awaited.
  const answer = searching && found?.text === text ? found : null;
  const treeData: Flat[] = searching
    ? (answer?.hits ?? []).map((h) => ({
        id: h.id,
        pId: null,
        value: h.id,
        label: h.name,
        isLeaf: true,
        title: (
          <span data-unit-hit={h.id}>
            <span>{h.name}</span>
            {h.path.length > 0 && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {h.path.join(' › ')}
              </Typography.Text>
            )}
          </span>
        ),
      }))
    : nodes;
  const notFound = !searching ? undefined : !answer ? t('picker.searching') : answer.error ? errorText(answer.error, t) : t('picker.noUnits');

  const labeled = (unit: string): Labeled => ({ value: unit, label: names.current.get(unit) ?? <UnitName id={unit} /> });
  const current = value === undefined || value === null ? value : Array.isArray(value) ? value.map(labeled) : labeled(value);

  return (
    <TreeSelect<Labeled | Labeled[]>
      id={id}
      data-testid="unit-picker"
      treeDataSimpleMode
      treeData={treeData}
      labelInValue
      treeNodeLabelProp="label"
      value={current}
      onChange={(v) => {
        setSearch('');
        onChange?.((Array.isArray(v) ? v.map((x) => x.value) : v?.value) as string[] | string);
      }}
      multiple={multiple}
      allowClear
      showSearch
      searchValue={search}
      onSearch={setSearch}
      // The server has filtered the units found; short texts filter the loaded tree.
      filterTreeNode={searching ? false : undefined}
      treeNodeFilterProp="label"
      notFoundContent={notFound}
      loadData={async (node) => {
        if (!searching) await load(String(node.value));
      }}
      placeholder={t('picker.units')}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
