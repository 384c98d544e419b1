import { Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../lib/format';

export interface HistoryEntry {
  position: string;
  recordedAt: string;
  eventType: string;
  action?: string | null;
  /** The action's and steps' titles from the document's process (the API's). */
  actionTitle?: string | null;
  fromStep?: string | null;
  fromStepTitle?: string | null;
  toStep?: string | null;
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

/**
 * The event a history entry records, in words: the action's title (the API's, from the
 * process or the system's own actions), else the event type's, else a general word — never
 * a code.
 */
export function entryLabel(e: HistoryEntry, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (e.actionTitle) return e.actionTitle;
  return t(`events.${e.eventType.replace(/\./g, "_")}`, { defaultValue: t('books.otherEvent') });
}

/** A step of a history entry in words: its title from the API (never its code). */
export function stepLabel(title: string | null | undefined): string {
  return title ?? '—';
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
              <div style={{ color: '#888' }}>{t("history.step", { from: stepLabel(e.fromStepTitle), to: stepLabel(e.toStepTitle) })}</div>
            )}
            {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>“{e.note}”</div>}
            {e.deadline && <div>{t('document.deadline')}: {formatDate(e.deadline)}</div>}
          </div>
        ),
      }))}
    />
  );
}
