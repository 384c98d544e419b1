// The editor's first text and the activation form's variables.
import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { activationVariables, definitionObject, isLatest, nextVersionText } from './processForms';

describe('nextVersionText', () => {
  it('pretty-prints the definition with the next version, keys in their order', () => {
    const text = nextVersionText({ id: 'x', version: 3, title: { vi: 'A' }, steps: {} }, 3);
    expect(JSON.parse(text)).toEqual({ id: 'x', version: 4, title: { vi: 'A' }, steps: {} });
    expect(Object.keys(JSON.parse(text))).toEqual(['id', 'version', 'title', 'steps']);
    expect(text).toContain('\n  "version": 4,');
  });
  it('numbers from the latest version even when the definition shown is older', () => {
    expect(JSON.parse(nextVersionText({ id: 'x', version: 1 }, 5)).version).toBe(6);
  });
  it('takes the definition as text too', () => {
    expect(JSON.parse(nextVersionText('{"id":"x","version":1}', 1))).toEqual({ id: 'x', version: 2 });
    expect(definitionObject('not json')).toEqual({});
    expect(definitionObject([1])).toEqual({});
  });
});

describe('activationVariables', () => {
  const from = dayjs('2026-12-07');
  it('sends no unit for the whole agency, even when one was picked before', () => {
    expect(activationVariables('x', { version: 2, scope: 'AGENCY', unitId: 'u1', from })).toEqual({ process: 'x', version: 2, unitId: null, from: '2026-12-07' });
  });
  it('sends the unit chosen', () => {
    expect(activationVariables('x', { version: 1, scope: 'UNIT', unitId: 'u1', from })).toEqual({ process: 'x', version: 1, unitId: 'u1', from: '2026-12-07' });
  });
});

describe('isLatest', () => {
  it('drops the answer to a check asked before the newest', () => {
    expect(isLatest(2, 2)).toBe(true);
    expect(isLatest(1, 2)).toBe(false);
  });
});
