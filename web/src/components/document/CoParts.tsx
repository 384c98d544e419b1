// The co-handlers' parts (phối hợp) and what became of each: open, contributed (their note
// went to the main handler, see the flow and history), or closed without contribution when
// the main handler finished first — shown alike to the co-handler and the main handler.
import { Card, List, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLOR: Record<string, string> = { OPEN: 'orange', CONTRIBUTED: 'green', CLOSED_WITHOUT_CONTRIBUTION: 'default' };

export default function CoParts({ parts }: { parts: { holder: { positionId: string; personName: string; title: string; unitName: string }; state: string }[] }) {
  const { t } = useTranslation();
  if (parts.length === 0) return null;
  return (
    <Card size="small" title={t('home.coParts')}>
      <List
        size="small"
        dataSource={parts}
        renderItem={(p) => (
          <List.Item data-testid="co-part" data-state={p.state} data-position={p.holder.positionId}>
            <span>{p.holder.personName} — {p.holder.title}, {p.holder.unitName}</span>
            <Tag color={COLOR[p.state]}>{t(`home.coPart.${p.state.toLowerCase()}`)}</Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}
