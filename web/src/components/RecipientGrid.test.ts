// The grid's choice: one main handler (a person or a unit), a row in one column at most.
import { describe, expect, it } from 'vitest';
import { columnOf, toggle, type Chosen } from './RecipientGrid';

const none: Chosen = { main: null, co: [], info: [], mainUnit: null, coUnits: [], infoUnits: [] };

describe('recipient grid', () => {
  it('keeps one main handler: a unit chosen as main replaces the person, and back', () => {
    const person = toggle(none, 'position', 'p1', 'main', true);
    expect(person.main).toBe('p1');
    const unit = toggle(person, 'unit', 'u1', 'main', true);
    expect([unit.main, unit.mainUnit]).toEqual([null, 'u1']);
    const again = toggle(unit, 'position', 'p2', 'main', true);
    expect([again.main, again.mainUnit]).toEqual(['p2', null]);
  });

  it('moves a row from one column to another, never in two', () => {
    const co = toggle(none, 'position', 'p1', 'co', true);
    const info = toggle(co, 'position', 'p1', 'info', true);
    expect([info.co, info.info]).toEqual([[], ['p1']]);
    expect(columnOf(info, 'position', 'p1')).toBe('info');
    const main = toggle(info, 'position', 'p1', 'main', true);
    expect([main.main, main.co, main.info]).toEqual(['p1', [], []]);
    const off = toggle(main, 'position', 'p1', 'main', false);
    expect(columnOf(off, 'position', 'p1')).toBeNull();
  });

  it('takes several co-handlers and units for information', () => {
    const two = toggle(toggle(none, 'position', 'p1', 'co', true), 'position', 'p2', 'co', true);
    expect(two.co).toEqual(['p1', 'p2']);
    const units = toggle(toggle(two, 'unit', 'u1', 'info', true), 'unit', 'u2', 'info', true);
    expect(units.infoUnits).toEqual(['u1', 'u2']);
    expect(columnOf(units, 'unit', 'u2')).toBe('info');
  });
});
