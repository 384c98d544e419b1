import { describe, expect, it } from 'vitest';
import type { CombinedError } from '@urql/core';
import i18n from '../i18n';
import { addWorkingDays, deadlineState, isWorkingDay } from './deadline';
import { initialPager, pagerReducer, currentCursor } from './pager';
import { describe as describeProblem, httpProblem, problems, splitProblems } from './errors';
import { actionInput } from '../components/ActionDialog';
import { toFilter } from '../pages/Inbox';
import { navigation } from '../pages/Shell';
import { actorLabel, entryLabel } from '../components/History';

const t = i18n.getFixedT('en');

describe('deadlines', () => {
  it('are red when past, amber within three days, plain after', () => {
    expect(deadlineState('2026-03-09', '2026-03-10')).toBe('overdue');
    expect(deadlineState('2026-03-10', '2026-03-10')).toBe('soon');
    expect(deadlineState('2026-03-12', '2026-03-10')).toBe('soon');
    expect(deadlineState('2026-03-13', '2026-03-10')).toBe('ok');
    expect(deadlineState(null, '2026-03-10')).toBe('none');
    expect(deadlineState('2026-03-01', '2026-03-10', { finished: true })).toBe('ok');
    expect(deadlineState('2026-03-20', '2026-03-10', { overdue: true })).toBe('overdue');
  });
  it('count working days over weekends and holidays', () => {
    const holidays = new Set(['2026-04-30', '2026-05-01']);
    expect(isWorkingDay('2026-03-14', holidays, new Set())).toBe(false); // Saturday
    expect(isWorkingDay('2026-03-14', holidays, new Set(['2026-03-14']))).toBe(true);
    // Wed 29 April + 2 working days: Thu 30/4 and Fri 1/5 are holidays -> Mon 4, Tue 5 May.
    expect(addWorkingDays('2026-04-29', 2, holidays, new Set())).toBe('2026-05-05');
  });
});

describe('keyset pager', () => {
  it('goes forward by end cursors and back through the ones seen', () => {
    let s = pagerReducer(initialPager, { type: 'next', endCursor: 'a' });
    s = pagerReducer(s, { type: 'next', endCursor: 'b' });
    expect(currentCursor(s)).toBe('b');
    s = pagerReducer(s, { type: 'prev' });
    expect(currentCursor(s)).toBe('a');
    s = pagerReducer(s, { type: 'next', endCursor: 'c' });
    expect(s.cursors).toEqual([null, 'a', 'c']);
    expect(pagerReducer(s, { type: 'reset' })).toEqual(initialPager);
    expect(pagerReducer(initialPager, { type: 'prev' })).toBe(initialPager);
    expect(pagerReducer(initialPager, { type: 'next', endCursor: null })).toBe(initialPager);
  });
});

function gqlError(...errors: { message: string; extensions: Record<string, unknown> }[]): CombinedError {
  return { graphQLErrors: errors, networkError: undefined, message: '', name: 'CombinedError' } as unknown as CombinedError;
}

describe('errors', () => {
  it('put field errors beside their fields and the rest above the form', () => {
    const e = gqlError(
      { message: 'Trích yếu quá dài', extensions: { code: 'VALIDATION', reason: 'TOO_LONG', field: 'input.metadata.summary' } },
      { message: 'Đã có người xử lý trước', extensions: { code: 'CONFLICT', reason: 'STEP_MOVED' } },
    );
    const s = splitProblems(e, ['summary'], t);
    expect(s.fields).toEqual([{ name: 'summary', errors: ['Trích yếu quá dài'] }]);
    expect(s.general).toEqual(['Đã có người xử lý trước']);
  });
  it('word lockouts with the minutes left and network failures in the client', () => {
    const locked = problems(gqlError({ message: 'locked', extensions: { code: 'RATE_LIMITED', reason: 'ACCOUNT_LOCKED', retryAfterSeconds: 150 } }))[0];
    expect(describeProblem(locked, t)).toContain('3 minute');
    expect(describeProblem({ code: 'NETWORK', message: 'Failed to fetch' }, t)).toContain('cannot be reached');
    expect(describeProblem({ code: 'INTERNAL', message: 'db down' }, t)).not.toContain('db down');
  });
});

describe('inputs', () => {
  const spec = { action: 'forward_to_department', title: 'x', toStep: 'department', needsNote: false, needsDeadline: true, needsRecipients: true, needsUnits: false, needsAttachments: true, toStepTitle: 'Department', effects: [], returns: false, ends: false, danger: false };
  it('send the expected step and one deadline form', () => {
    const input = actionInput('d1', spec, 'direct', { main: 'p1', deadlineMode: 'days', deadlineInWorkingDays: 5, note: '  Giao phòng  ' });
    expect(input).toMatchObject({ documentId: 'd1', action: 'forward_to_department', expectedStep: 'direct', main: 'p1', deadlineInWorkingDays: 5, deadline: null, note: 'Giao phòng', co: [], info: [], units: [], files: [] });
  });
  it('leave out empty inbox filters', () => {
    expect(toFilter({})).toBeNull();
    expect(toFilter({ text: '  ngân sách ', overdue: true })).toMatchObject({ text: 'ngân sách', overdue: true, urgency: null });
  });
});

describe('navigation', () => {
  it('follows the acting position’s permissions', () => {
    expect(navigation(new Set(['HANDLE_DOCUMENTS']))).not.toContain('/receive');
    expect(navigation(new Set(['KEEP_REGISTERS']))).toEqual(expect.arrayContaining(['/awaiting', '/receive', '/registers']));
    expect(navigation(new Set(['AUDIT']))).toEqual(expect.arrayContaining(['/audit', '/overdue', '/registers']));
    expect(navigation(new Set(['MANAGE_ACCOUNTS']))).toContain('/admin');
    // The audit log: auditors and organisation administrators, nobody else.
    expect(navigation(new Set(['AUDIT']))).toContain('/activity');
    expect(navigation(new Set(['MANAGE_ORGANISATION']))).toContain('/activity');
    expect(navigation(new Set(['HANDLE_DOCUMENTS', 'KEEP_REGISTERS', 'DIRECT_UNIT_DOCUMENTS']))).not.toContain('/activity');
  });
});

describe('file endpoint errors', () => {
  it('show the server text in the requested language, not the English detail', () => {
    const p = httpProblem(400, {
      code: 'VALIDATION',
      reason: 'FORBIDDEN_TYPE',
      message: 'Loại tệp này không được phép.',
      detail: 'this kind of file is not accepted',
    });
    expect(p.detail).toBe('this kind of file is not accepted');
    expect(describeProblem(p, t)).toBe('Loại tệp này không được phép.');
  });
});

describe('a history line', () => {
  const actor = { personName: 'Lê Văn Trưởng', title: 'Vụ trưởng', unitName: 'Vụ Tổ chức cán bộ' };
  it('names the deputy who acted on behalf of the position’s holder', () => {
    const e = { position: '1', recordedAt: '2026-12-07T08:00:00Z', eventType: 'document.action-taken', actor, actedBy: { name: 'Phó Văn Thay' }, onBehalfOfPerson: { name: 'Lê Văn Trưởng' }, authority: 'KT.' };
    expect(actorLabel(e, t)).toBe('Phó Văn Thay on behalf of Lê Văn Trưởng — Vụ trưởng, Vụ Tổ chức cán bộ');
    expect(actorLabel({ ...e, actedBy: { name: 'Lê Văn Trưởng' }, onBehalfOfPerson: null }, t)).toBe('Lê Văn Trưởng — Vụ trưởng, Vụ Tổ chức cán bộ');
    expect(actorLabel(e, i18n.getFixedT('vi'))).toBe('Phó Văn Thay thay mặt Lê Văn Trưởng — Vụ trưởng, Vụ Tổ chức cán bộ');
    expect(actorLabel(e, i18n.getFixedT('lo'))).toContain('ແທນ');
  });
  it('words an outgoing document’s events and uses the process’s own titles', () => {
    const e = { position: '1', recordedAt: '2026-12-07T08:00:00Z', eventType: 'outgoing.version-added' };
    expect(entryLabel(e, t)).toBe('Version added');
    expect(entryLabel({ ...e, eventType: 'outgoing.action-taken', action: 'submit_to_leader', actionTitle: 'Submit to the unit leader' }, t)).toBe('Submit to the unit leader');
  });
});

describe('a recall refused because the recipient acted', () => {
  it('says who acted and when', () => {
    const error = {
      graphQLErrors: [{ message: 'A recipient has already acted on the document: it can no longer be recalled.', extensions: { code: 'CONFLICT', reason: 'RECIPIENT_ACTED', detail: 'x', actedBy: 'p', actedByName: 'Lương Văn Công', actedAt: '2026-12-07T02:30:00Z' } }],
    } as unknown as CombinedError;
    const [p] = problems(error);
    expect(describeProblem(p, t)).toMatch(/^Lương Văn Công acted on the document at \d\d\/12\/2026 \d\d:30: it can no longer be recalled\.$/);
    // Without who and when (an older server), the server's own text.
    const [plain] = problems({ graphQLErrors: [{ message: 'Đã có nơi nhận xử lý văn bản.', extensions: { code: 'CONFLICT', reason: 'RECIPIENT_ACTED', detail: 'x' } }] } as unknown as CombinedError);
    expect(describeProblem(plain, t)).toBe('Đã có nơi nhận xử lý văn bản.');
  });
});
