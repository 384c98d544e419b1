// The working calendar (holidays, worked weekend days) of the current and next year, for the
// country whose working days count in the office the caller acts in.
import { useQuery } from 'urql';
import { graphql, type VariablesOf } from '../graphql';
import { useMe, type MeData } from '../session';

const CALENDAR = graphql(`
  query WorkingCalendar($country: Country!, $year: Int!, $next: Int!) {
    thisYear: calendar(country: $country, year: $year) { holidays { date name } workingWeekendDays }
    nextYear: calendar(country: $country, year: $next) { holidays { date name } workingWeekendDays }
  }
`);

export type Country = VariablesOf<typeof CALENDAR>['country'];

/** What a position may tell of its agency's country (see `calendarCountry`). */
type PositionLike = { positionId: string; country?: Country | null };

/**
 * The country whose working days count for a position: its agency's country (`ME` selects
 * it), so that a Lao office counts Lao working days, as the server does for the deadlines it
 * sets. Vietnam when unknown.
 */
export function calendarCountry(position: PositionLike | null | undefined): Country {
  return position?.country ?? 'VIETNAM';
}

/** The acting position of `me` (the first when none is named), as the server picks it. */
export function actingPosition(me: MeData | null): MeData['positions'][number] | undefined {
  if (!me) return undefined;
  return me.positions.find((p) => p.positionId === me.actingPositionId) ?? me.positions[0];
}

export function useWorkingCalendar(country: Country) {
  const year = new Date().getFullYear();
  const [{ data }] = useQuery({ query: CALENDAR, variables: { country, year, next: year + 1 }, requestPolicy: 'cache-first' });
  const years = data ? [data.thisYear, data.nextYear] : [];
  const holidays = new Map(years.flatMap((y) => y.holidays.map((h) => [h.date, h.name] as const)));
  const working = new Set(years.flatMap((y) => y.workingWeekendDays));
  return { country, holidays, working, loaded: !!data };
}

/** The working calendar of the office the caller acts in. */
export function useActingCalendar() {
  const { me } = useMe();
  return useWorkingCalendar(calendarCountry(actingPosition(me)));
}
