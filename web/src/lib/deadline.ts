// How a deadline is shown: red when past, amber when due within a few days.
import dayjs from 'dayjs';

export type DeadlineState = 'overdue' | 'soon' | 'ok' | 'none';

/** Days counted as "due soon" (today included). */
export const SOON_DAYS = 3;

export function deadlineState(
  deadline: string | null | undefined,
  today: string,
  options: { overdue?: boolean; finished?: boolean } = {},
): DeadlineState {
  if (!deadline) return 'none';
  if (options.finished) return 'ok';
  if (options.overdue) return 'overdue';
  const days = dayjs(deadline).diff(dayjs(today), 'day');
  if (days < 0) return 'overdue';
  if (days < SOON_DAYS) return 'soon';
  return 'ok';
}

/** Now, on the clock of the offices Chancery serves (UTC+7: Vietnam and Laos), which is the
 * one the server counts days by (`commands::caller::local_today`), whatever time zone the
 * browser's computer is set to: its date is the office's today. */
export function officeNow(): dayjs.Dayjs {
  const now = new Date();
  return dayjs(now.getTime() + (7 * 60 + now.getTimezoneOffset()) * 60_000);
}

export function todayIso(): string {
  return officeNow().format('YYYY-MM-DD');
}

/** Whether `date` is a working day: not a weekend unless listed as worked, not a holiday. */
export function isWorkingDay(
  date: string,
  holidays: ReadonlySet<string>,
  workingWeekendDays: ReadonlySet<string>,
): boolean {
  if (holidays.has(date)) return false;
  const day = dayjs(date).day();
  if (day === 0 || day === 6) return workingWeekendDays.has(date);
  return true;
}

/** The date `n` working days after `from` (the way deadlines in working days count). */
export function addWorkingDays(
  from: string,
  n: number,
  holidays: ReadonlySet<string>,
  workingWeekendDays: ReadonlySet<string>,
): string {
  let day = dayjs(from);
  let left = n;
  while (left > 0) {
    day = day.add(1, 'day');
    if (isWorkingDay(day.format('YYYY-MM-DD'), holidays, workingWeekendDays)) left -= 1;
  }
  return day.format('YYYY-MM-DD');
}
