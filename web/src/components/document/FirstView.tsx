// What a handler sees first on a document's page: the directions that led it to them (the
// notes of each sending on the way, the leader's among them) and their own deadline — the
// deadline of their work item, not the one printed on the document.
import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FlowNode } from '../../lib/flow';
import { Deadline } from '../Marks';

export default function FirstView({
  directions,
  myDeadline,
  myItemPending,
  printedDeadline,
}: {
  directions: FlowNode[];
  myDeadline: string | null | undefined;
  myItemPending: boolean;
  printedDeadline: string | null | undefined;
}) {
  const { t } = useTranslation();
  if (directions.length === 0 && !myDeadline && !myItemPending) return null;
  return (
    <Card size="small" title={t('home.firstTitle')} data-testid="first-view" className="first-view">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('home.myDeadline')}>
          <span data-testid="my-deadline">{myDeadline ? <Deadline date={myDeadline} finished={!myItemPending} /> : t('home.noDeadline')}</span>
          {printedDeadline && printedDeadline !== myDeadline && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 12 }}>
              ({t('home.printedDeadline')}: <Deadline date={printedDeadline} finished />)
            </Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      {directions.length > 0 && (
        <div data-testid="directions">
          <Typography.Text strong>{t('home.directions')}</Typography.Text>
          {directions.map((d) => (
            <div key={d.key} className="direction" data-testid="direction">
              <Typography.Text type="secondary">{d.from ? `${d.from.personName} (${d.from.title})` : ''}{d.actionTitle ? ` · ${d.actionTitle}` : ''}: </Typography.Text>
              <Typography.Text>“{d.note}”</Typography.Text>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
