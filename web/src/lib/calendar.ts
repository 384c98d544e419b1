// The working calendar (holidays, worked weekend days) of the current and next year.
import { useQuery } from 'urql';
import { graphql } from '../graphql';

const CALENDAR = graphql(`
  query WorkingCalendar($country: CountryGql!, $year: Int!, $next: Int!) {
    thisYear: calendar(country: $country, year: $year) { holidays { date name } workingWeekendDays }
    nextYear: calendar(country: $country, year: $next) { holidays { date name } workingWeekendDays }
  }
`);

export function useWorkingCalendar(country: 'VIETNAM' | 'LAOS' = 'VIETNAM') {
  const year = new Date().getFullYear();
  const [{ data }] = useQuery({ query: CALENDAR, variables: { country, year, next: year + 1 }, requestPolicy: 'cache-first' });
  const years = data ? [data.thisYear, data.nextYear] : [];
  const holidays = new Map(years.flatMap((y) => y.holidays.map((h) => [h.date, h.name] as const)));
  const working = new Set(years.flatMap((y) => y.workingWeekendDays));
  return { holidays, working, loaded: !!data };
}
