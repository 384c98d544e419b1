import { describe, expect, it } from 'vitest';
import { placeProblems } from './fieldProblems';
import type { Problem } from './errors';

const word = (p: Problem) => p.message;
const refusal = (field: string | undefined, message: string): Problem => ({ code: 'VALIDATION', reason: 'REQUIRED', field, message });

describe('placeProblems', () => {
  it('puts a refusal beside the field it names when the form shows it', () => {
    const placed = placeProblems([refusal('input.note', 'needs a note')], ['note', 'deadline'], {}, word);
    expect(placed).toEqual({ fields: [{ name: 'note', errors: ['needs a note'] }], general: [] });
  });
  it('maps server fields to the form field that shows them', () => {
    const placed = placeProblems(
      [refusal('deadlineInWorkingDays', 'too far'), refusal('deadline', 'needs a deadline'), refusal('recipients', 'needs a main handler')],
      ['deadline', 'main'],
      { deadlineInWorkingDays: 'deadline', recipients: 'main' },
      word,
    );
    expect(placed.fields).toEqual([
      { name: 'deadline', errors: ['too far', 'needs a deadline'] },
      { name: 'main', errors: ['needs a main handler'] },
    ]);
    expect(placed.general).toEqual([]);
  });
  it('never drops a refusal whose field the form does not show: it becomes a message', () => {
    const placed = placeProblems([refusal('deadline', 'needs a deadline'), refusal(undefined, 'forbidden')], ['note'], {}, word);
    expect(placed).toEqual({ fields: [], general: ['needs a deadline', 'forbidden'] });
  });
});
