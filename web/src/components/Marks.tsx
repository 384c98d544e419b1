// Small marks used in lists: urgency, confidentiality, deadline.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { deadlineState, todayIso } from '../lib/deadline';
import { formatDate } from '../lib/format';

const URGENCY_COLOR: Record<string, string> = { urgent: 'orange', very_urgent: 'volcano', flash: 'red' };

export function UrgencyMark({ urgency }: { urgency: string }) {
  const { t } = useTranslation();
  const code = urgency.toLowerCase();
  if (code === 'normal') return null;
  return <Tag color={URGENCY_COLOR[code] ?? 'orange'} data-testid="urgency">{t(`urgency.${code}`)}</Tag>;
}

export function ConfidentialityMark({ level }: { level: string }) {
  const { t } = useTranslation();
  const code = level.toLowerCase();
  if (code === 'normal') return null;
  return <Tag color="purple">{t(`confidentiality.${code}`)}</Tag>;
}

export function Deadline({ date, overdue, finished }: { date: string | null | undefined; overdue?: boolean; finished?: boolean }) {
  const { t } = useTranslation();
  const state = deadlineState(date, todayIso(), { overdue, finished });
  if (state === 'none') return <span>—</span>;
  const title = state === 'overdue' ? t('deadline.overdue') : state === 'soon' ? t('deadline.soon') : undefined;
  return (
    <span className={state === 'ok' ? undefined : `deadline-${state}`} title={title} data-deadline={state}>
      {formatDate(date!)}
      {title && <span className="hide-narrow"> ({title})</span>}
    </span>
  );
}
