import { describe, expect, it } from 'vitest';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Client, Provider, type Operation } from 'urql';
import { fromValue } from 'wonka';
import { actingPosition, calendarCountry, useActingCalendar, useWorkingCalendar, type Country } from './calendar';
import type { MeData } from '../session';

const position = (positionId: string, country?: Country) => ({
  positionId, unitId: `u-${positionId}`, role: 'specialist', permissions: [], delegationId: null, onBehalfOf: null, authority: null,
  ...(country ? { country } : {}),
});

const me = (acting: string | null, positions: ReturnType<typeof position>[]) =>
  ({ person: { id: 'p', username: 'a', fullName: 'A', positions: [] }, actingPositionId: acting, positions, mustChangePassword: false, totpEnabled: false, language: 'vi' }) as unknown as MeData;

// Each country's calendar as the server would give it.
const CALENDARS: Record<Country, { holidays: { date: string; name: string }[]; workingWeekendDays: string[] }> = {
  VIETNAM: { holidays: [{ date: '2026-09-02', name: 'Quốc khánh' }], workingWeekendDays: [] },
  LAOS: { holidays: [{ date: '2026-12-02', name: 'ວັນຊາດ' }], workingWeekendDays: ['2026-12-05'] },
};

/** A client answering ME with `who` and the calendar query with the asked country's calendar; records the countries asked. */
function fakeClient(who: MeData | null, asked: string[]) {
  const answer = (op: Operation) => {
    const name = op.query.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value;
    if (name === 'Me') return fromValue({ operation: op, data: { me: who }, stale: false, hasNext: false });
    const country = (op.variables as { country: Country }).country;
    asked.push(country);
    return fromValue({ operation: op, data: { thisYear: CALENDARS[country], nextYear: { holidays: [], workingWeekendDays: [] } }, stale: false, hasNext: false });
  };
  return { executeQuery: answer, executeMutation: answer, executeSubscription: answer } as unknown as Client;
}

const wrapper = (client: Client) =>
  function Wrap({ children }: { children: ReactNode }) {
    return <Provider value={client}>{children}</Provider>;
  };

describe('the working calendar', () => {
  it('is the acting position’s agency country, Vietnam when the position does not tell', () => {
    expect(calendarCountry(position('a', 'LAOS'))).toBe('LAOS');
    expect(calendarCountry(position('a', 'VIETNAM'))).toBe('VIETNAM');
    expect(calendarCountry(position('a'))).toBe('VIETNAM');
    expect(calendarCountry(undefined)).toBe('VIETNAM');
  });

  it('follows the position acted in, else the first', () => {
    const two = me('b', [position('a', 'VIETNAM'), position('b', 'LAOS')]);
    expect(actingPosition(two)?.positionId).toBe('b');
    expect(calendarCountry(actingPosition(two))).toBe('LAOS');
    expect(actingPosition(me(null, [position('a'), position('b')]))?.positionId).toBe('a');
    expect(actingPosition(me('gone', [position('a')]))?.positionId).toBe('a');
    expect(actingPosition(null)).toBeUndefined();
  });

  it('asks the server for that country’s holidays and worked weekend days', async () => {
    const asked: string[] = [];
    const { result } = renderHook(() => useWorkingCalendar('LAOS'), { wrapper: wrapper(fakeClient(null, asked)) });
    await waitFor(() => expect(result.current.loaded).toBe(true));
    expect(asked).toEqual(['LAOS']);
    expect(result.current.holidays.get('2026-12-02')).toBe('ວັນຊາດ');
    expect(result.current.holidays.has('2026-09-02')).toBe(false);
    expect([...result.current.working]).toEqual(['2026-12-05']);
  });

  it('of a Lao office counts Lao working days; of an office whose country is not given, Vietnamese ones', async () => {
    const lao: string[] = [];
    const inLaos = renderHook(() => useActingCalendar(), { wrapper: wrapper(fakeClient(me('b', [position('a', 'VIETNAM'), position('b', 'LAOS')]), lao)) });
    await waitFor(() => expect(inLaos.result.current.loaded).toBe(true));
    expect(inLaos.result.current.country).toBe('LAOS');
    expect(lao).toContain('LAOS');
    expect(lao).not.toContain('VIETNAM');
    expect(inLaos.result.current.holidays.has('2026-12-02')).toBe(true);

    const vn: string[] = [];
    const unknown = renderHook(() => useActingCalendar(), { wrapper: wrapper(fakeClient(me('a', [position('a')]), vn)) });
    await waitFor(() => expect(unknown.result.current.loaded).toBe(true));
    expect(unknown.result.current.country).toBe('VIETNAM');
    expect(unknown.result.current.holidays.has('2026-09-02')).toBe(true);
  });
});
