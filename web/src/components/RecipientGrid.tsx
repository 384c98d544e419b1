// The likely recipients of an action, shown before anyone types (`likelyRecipients`, decided
// by the server): the leaders of one's unit, the people of one's department or unit, and the
// departments and units of one's agency (a unit is received by its head, else its clerk). One
// row each, three checkbox columns as e-office users know them: main handler (one only),
// co-handlers and for information (several); a row is in one column at most. Inside a
// WideTable, so a phone scrolls the table and never the page.
import { Checkbox, Table, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import WideTable from './WideTable';

export const LIKELY = graphql(`
  query LikelyRecipients($documentId: ID!, $action: String!) {
    likelyRecipients(documentId: $documentId, action: $action) {
      leaders { positionId personName title unitName }
      staff { positionId personName title unitName }
      units { unitId name receiver { positionId personName title } }
    }
  }
`);

/** Who is chosen, as the action's input names them: positions, and units standing for their receiver. */
export interface Chosen {
  main?: string | null;
  co?: string[];
  info?: string[];
  mainUnit?: string | null;
  coUnits?: string[];
  infoUnits?: string[];
}

export type Column = 'main' | 'co' | 'info';

interface Row {
  key: string;
  kind: 'position' | 'unit' | 'group';
  id: string;
  name: string;
  detail: string;
}

/** The column `kind`/`id` is in, if any. */
export function columnOf(chosen: Chosen, kind: 'position' | 'unit', id: string): Column | null {
  if (kind === 'position') {
    if (chosen.main === id) return 'main';
    if (chosen.co?.includes(id)) return 'co';
    if (chosen.info?.includes(id)) return 'info';
  } else {
    if (chosen.mainUnit === id) return 'main';
    if (chosen.coUnits?.includes(id)) return 'co';
    if (chosen.infoUnits?.includes(id)) return 'info';
  }
  return null;
}

/**
 * `chosen` with `kind`/`id` put in `column` (taken out of any other), or taken out of it when
 * `on` is false. One main handler: choosing one (a person or a unit) replaces the other.
 */
export function toggle(chosen: Chosen, kind: 'position' | 'unit', id: string, column: Column, on: boolean): Chosen {
  const without = (list: string[] | undefined) => (list ?? []).filter((x) => x !== id);
  const next: Chosen =
    kind === 'position'
      ? { ...chosen, main: chosen.main === id ? null : chosen.main, co: without(chosen.co), info: without(chosen.info) }
      : { ...chosen, mainUnit: chosen.mainUnit === id ? null : chosen.mainUnit, coUnits: without(chosen.coUnits), infoUnits: without(chosen.infoUnits) };
  if (!on) return next;
  if (column === 'main') return kind === 'position' ? { ...next, main: id, mainUnit: null } : { ...next, mainUnit: id, main: null };
  if (kind === 'position') return column === 'co' ? { ...next, co: [...(next.co ?? []), id] } : { ...next, info: [...(next.info ?? []), id] };
  return column === 'co' ? { ...next, coUnits: [...(next.coUnits ?? []), id] } : { ...next, infoUnits: [...(next.infoUnits ?? []), id] };
}

/** The likely recipients of `action` on `documentId` (paused unless `enabled`). */
export function useLikelyRecipients(documentId: string, action: string, enabled: boolean) {
  const [result] = useQuery({ query: LIKELY, variables: { documentId, action }, pause: !enabled });
  return result;
}

export type Likely = NonNullable<ReturnType<typeof useLikelyRecipients>['data']>['likelyRecipients'];

export default function RecipientGrid({
  likely,
  chosen,
  onChange,
  columns: offered = ['main', 'co', 'info'],
  titles = {},
  leadersTitle,
}: {
  likely: Likely;
  chosen: Chosen;
  onChange: (next: Chosen) => void;
  /** The columns offered (all three by default). */
  columns?: Column[];
  /** A column's title instead of its usual one (short and full alike). */
  titles?: Partial<Record<Column, string>>;
  /** The leaders' group title instead of "leaders of the unit" (those acting at the next step). */
  leadersTitle?: string;
}) {
  const { t } = useTranslation();
  const person = (p: { positionId: string; personName: string; title: string; unitName: string }): Row => ({
    key: `p:${p.positionId}`,
    kind: 'position',
    id: p.positionId,
    name: p.personName,
    detail: [p.title, p.unitName].filter(Boolean).join(', '),
  });
  const group = (key: string, name: string, count: number): Row[] => (count > 0 ? [{ key: `g:${key}`, kind: 'group', id: key, name, detail: '' }] : []);
  const rows: Row[] = [
    ...group('leaders', leadersTitle ?? t('recipients.leaders'), likely.leaders.length),
    ...likely.leaders.map(person),
    ...group('staff', t('recipients.staff'), likely.staff.length),
    ...likely.staff.map(person),
    ...group('units', t('recipients.units'), likely.units.length),
    ...likely.units.map((u) => ({
      key: `u:${u.unitId}`,
      kind: 'unit' as const,
      id: u.unitId,
      name: u.name,
      detail: t('recipients.receivedBy', { name: [u.receiver.personName, u.receiver.title].filter(Boolean).join(', ') }),
    })),
  ];
  const columns: { key: Column; short: string; full: string }[] = (
    [
      { key: 'main', short: t('recipients.mainShort'), full: t('action.main') },
      { key: 'co', short: t('recipients.coShort'), full: t('action.co') },
      { key: 'info', short: t('recipients.infoShort'), full: t('action.info') },
    ] as { key: Column; short: string; full: string }[]
  )
    .filter((c) => offered.includes(c.key))
    .map((c) => (titles[c.key] ? { ...c, short: titles[c.key]!, full: titles[c.key]! } : c));
  const isGroup = (r: Row) => r.kind === 'group';
  return (
    <WideTable testId="recipient-grid">
      <Table<Row>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        scroll={{ x: 360 }}
        locale={{ emptyText: t('recipients.none') }}
        onRow={(r) => ({ 'data-testid': isGroup(r) ? 'recipient-group' : 'recipient-row', 'data-name': r.name } as never)}
        columns={[
          {
            key: 'name',
            title: t('recipients.who'),
            onCell: (r) => ({ colSpan: isGroup(r) ? columns.length + 1 : 1 }),
            render: (_, r) =>
              isGroup(r) ? (
                <strong>{r.name}</strong>
              ) : (
                <span>
                  {r.name}
                  {r.detail && <span style={{ color: 'rgba(0,0,0,0.55)' }}> — {r.detail}</span>}
                </span>
              ),
          },
          ...columns.map((c) => ({
            key: c.key,
            width: titles[c.key] ? 96 : 56,
            align: 'center' as const,
            title: (
              <Tooltip title={c.full}>
                <abbr title={c.full} style={{ textDecoration: 'none', cursor: 'help' }}>
                  {c.short}
                </abbr>
              </Tooltip>
            ),
            onCell: (r: Row) => ({ colSpan: isGroup(r) ? 0 : 1 }),
            render: (_: unknown, r: Row) =>
              isGroup(r) ? null : (
                <Checkbox
                  aria-label={t('recipients.choose', { column: c.full, name: r.name })}
                  data-testid={`grid-${c.key}`}
                  checked={columnOf(chosen, r.kind as 'position' | 'unit', r.id) === c.key}
                  onChange={(e) => onChange(toggle(chosen, r.kind as 'position' | 'unit', r.id, c.key, e.target.checked))}
                />
              ),
          })),
        ]}
      />
    </WideTable>
  );
}
