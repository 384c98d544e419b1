// The processing flow as a tree: where the document started, then each person or unit it was
// sent to under whoever sent it, in order — with the action, its note and deadline, and what
// each did without sending it on (finished, recalled, their part done).
import { Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useTranslation } from 'react-i18next';
import type { FlowNode } from '../../lib/flow';
import { formatDate, formatDateTime } from '../../lib/format';

const KIND_COLOR: Record<string, string> = { MAIN: 'red', CO: 'blue', INFO: 'default', UNIT: 'purple', START: 'green' };

function Label({ node, mine }: { node: FlowNode; mine: boolean }) {
  const { t } = useTranslation();
  const who = node.position ? `${node.position.personName} — ${node.position.title}, ${node.position.unitName}` : node.unitName;
  return (
    <div data-testid="flow-node" data-kind={node.kind} data-position={node.position?.positionId ?? ''} className="flow-node">
      <Tag color={KIND_COLOR[node.kind]}>{t(`home.flowKind.${node.kind.toLowerCase()}`)}</Tag>
      <Typography.Text strong={mine}>{who}</Typography.Text>{' '}
      <Typography.Text type="secondary">
        {node.actionTitle ? `${node.actionTitle} · ` : ''}
        {formatDateTime(node.at)}
        {node.deadline ? ` · ${t('document.deadline')}: ${formatDate(node.deadline)}` : ''}
      </Typography.Text>
      {node.note && <div className="flow-note">“{node.note}”</div>}
      {node.events.map((e) => (
        <div key={e.key} className="flow-event">
          <Tag>{e.title}</Tag>
          <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
          {e.note && <span> “{e.note}”</span>}
        </div>
      ))}
    </div>
  );
}

function toData(node: FlowNode, me: string | null | undefined): DataNode {
  return {
    key: node.key,
    title: <Label node={node} mine={!!me && node.position?.positionId === me} />,
    children: node.children.map((c) => toData(c, me)),
  };
}

export default function ProcessingFlow({ roots, me }: { roots: FlowNode[]; me?: string | null }) {
  const { t } = useTranslation();
  if (roots.length === 0) return <Typography.Text type="secondary">{t('home.flowEmpty')}</Typography.Text>;
  return (
    <div data-testid="flow-tree">
      <Tree showLine defaultExpandAll selectable={false} treeData={roots.map((r) => toData(r, me))} />
    </div>
  );
}
