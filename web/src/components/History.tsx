import { Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../lib/format';

export interface HistoryEntry {
  position: string;
  recordedAt: string;
  eventType: string;
  action?: string | null;
  fromStep?: string | null;
  toStep?: string | null;
  actor?: { personName: string; title: string; unitName: string } | null;
  onBehalfOf?: string | null;
  authority?: string | null;
  note?: string | null;
  deadline?: string | null;
}

/** The event a history entry records, in words: the action's if any, else the event type's. */
export function entryLabel(e: HistoryEntry, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (e.action) return t(`actions.${e.action}`, { defaultValue: e.action });
  return t(`events.${e.eventType.replace(/\./g, "_")}`, { defaultValue: e.eventType });
}

export default function History({ entries }: { entries: HistoryEntry[] }) {
  const { t } = useTranslation();
  return (
    <Timeline
      data-testid="history"
      items={entries.map((e) => ({
        key: e.position,
        content: (
          <div>
            <Typography.Text strong>{entryLabel(e, t)}</Typography.Text>{' '}
            <Typography.Text type="secondary">{formatDateTime(e.recordedAt)}</Typography.Text>
            {e.actor && (
              <div>
                {e.actor.personName} — {e.actor.title}, {e.actor.unitName}
                {e.authority && <Tag style={{ marginInlineStart: 6 }}>{t('history.onBehalf', { authority: e.authority })}</Tag>}
              </div>
            )}
            {e.toStep && e.fromStep !== e.toStep && (
              <div style={{ color: '#888' }}>{t("history.step", { from: e.fromStep ? t(`steps.${e.fromStep}`, { defaultValue: e.fromStep }) : "—", to: t(`steps.${e.toStep}`, { defaultValue: e.toStep }) })}</div>
            )}
            {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>“{e.note}”</div>}
            {e.deadline && <div>{t('document.deadline')}: {formatDate(e.deadline)}</div>}
          </div>
        ),
      }))}
    />
  );
}
