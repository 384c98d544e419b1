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
  actionTitle?: string | null;
  fromStepTitle?: string | null;
  toStepTitle?: string | null;
  actor?: { personName: string; title: string; unitName: string } | null;
  /** The person who acted: under a delegation, the delegate (the position's holder is `onBehalfOfPerson`). */
  actedBy?: { name: string } | null;
  onBehalfOf?: string | null;
  onBehalfOfPerson?: { name: string } | null;
  authority?: string | null;
  note?: string | null;
  deadline?: string | null;
}

/**
 * Who acted, in words: the person in their position; under a delegation, the delegate
 * "on behalf of" the position's holder.
 */
export function actorLabel(e: HistoryEntry, t: (k: string, o?: Record<string, unknown>) => string): string | null {
  if (!e.actor) return e.actedBy?.name ?? null;
  const where = `${e.actor.title}, ${e.actor.unitName}`;
  if (e.onBehalfOfPerson && e.actedBy && e.actedBy.name !== e.onBehalfOfPerson.name) {
    return `${t('history.byFor', { actor: e.actedBy.name, holder: e.onBehalfOfPerson.name })} — ${where}`;
  }
  return `${e.actedBy?.name || e.actor.personName} — ${where}`;
}

/** The event a history entry records, in words: the action's if any, else the event type's. */
export function entryLabel(e: HistoryEntry, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (e.actionTitle) return e.actionTitle;
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
            {(e.actor || e.actedBy) && (
              <div data-testid="history-actor">
                {actorLabel(e, t)}
                {e.authority && <Tag style={{ marginInlineStart: 6 }}>{t('history.onBehalf', { authority: e.authority })}</Tag>}
              </div>
            )}
            {e.toStep && e.fromStep !== e.toStep && (
              <div style={{ color: '#888' }}>{t("history.step", { from: e.fromStepTitle ?? (e.fromStep ? t(`steps.${e.fromStep}`, { defaultValue: e.fromStep }) : "—"), to: e.toStepTitle ?? t(`steps.${e.toStep}`, { defaultValue: e.toStep }) })}</div>
            )}
            {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>“{e.note}”</div>}
            {e.deadline && <div>{t('document.deadline')}: {formatDate(e.deadline)}</div>}
          </div>
        ),
      }))}
    />
  );
}
