import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import vi from '../i18n/vi';
import {
  actionStyle, addRecipient, pickedRecipients, recipientInputs, comparedVersions, createDraftInput, isMainFileName, isPdfName, issues, mainPdf, myOpenRequest,
  numbers, offersMarks, opinionSummary, orderedFiles, outgoingActionInput, parseRelated, recipientStatusKey, signs,
  stageKey, toPdfBox, type ActionFacts,
} from './outgoing';
import { navigation, navLabelKey } from '../pages/Shell';

const has = (key: string) => key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], vi) !== undefined;

describe('draft form', () => {
  it('sends the main PDF first, then attachments, each once', () => {
    const main = [{ sha256: 'a', name: 'du-thao.pdf' }];
    const att = [{ sha256: 'b', name: 'phu-luc.docx' }, { sha256: 'a', name: 'du-thao.pdf' }];
    expect(orderedFiles(main, att)).toEqual([{ sha256: 'a', name: 'du-thao.pdf' }, { sha256: 'b', name: 'phu-luc.docx' }]);
    expect(orderedFiles(undefined, att)).toHaveLength(2);
    expect(isPdfName('Du thao.PDF')).toBe(true);
    expect(isPdfName('du-thao.docx')).toBe(false);
    expect(isMainFileName('Du thao.DOCX')).toBe(true);
    expect(isMainFileName('du-thao.pdf')).toBe(true);
    expect(isMainFileName('du-thao.doc')).toBe(false);
  });
  it('keeps one entry per recipient, the latest delivery winning', () => {
    let list = addRecipient([], { kind: 'unit', id: 'u1', name: 'Vụ A', delivery: 'ELECTRONIC_ONLY' });
    list = addRecipient(list, { kind: 'agency', id: 'u1', name: 'Bộ B', delivery: 'ELECTRONIC_ONLY' });
    list = addRecipient(list, { kind: 'unit', id: 'u1', name: 'Vụ A', delivery: 'ELECTRONIC_AND_PAPER' });
    expect(list).toEqual([
      { kind: 'unit', id: 'u1', name: 'Vụ A', delivery: 'ELECTRONIC_AND_PAPER' },
      { kind: 'agency', id: 'u1', name: 'Bộ B', delivery: 'ELECTRONIC_ONLY' },
    ]);
  });
  it('builds the createDraft input: trimmed texts, units or agencies, dates as ISO days', () => {
    const input = createDraftInput({
      process: 'any-process-id',
      documentType: 'CV',
      summary: '  Về việc tổ chức hội nghị  ',
      recipients: [
        { kind: 'unit', id: 'u1', name: 'Vụ A', delivery: 'ELECTRONIC_ONLY' },
        { kind: 'agency', id: 'x1', name: 'Bộ B', delivery: 'ELECTRONIC_AND_PAPER' },
      ],
      urgency: 'URGENT',
      confidentiality: 'NORMAL',
      replyDeadline: dayjs('2026-12-01'),
      notes: '   ',
      mainFile: [{ sha256: 'm', name: 'a.pdf' }],
    });
    expect(input.process).toBe('any-process-id');
    expect(input.files).toEqual([{ sha256: 'm', name: 'a.pdf' }]);
    expect(input.fields).toMatchObject({
      summary: 'Về việc tổ chức hội nghị',
      replyDeadline: '2026-12-01',
      notes: null,
      signerPositionId: null,
      signingAuthority: null,
      relatedDocuments: [],
      recipients: [
        { unitId: 'u1', agencyId: null, delivery: 'ELECTRONIC_ONLY' },
        { unitId: null, agencyId: 'x1', delivery: 'ELECTRONIC_AND_PAPER' },
      ],
    });
  });
  it('reads related documents from ids or pasted links', () => {
    const id = '0198c3a2-5b7e-7a31-9c2d-1f2e3d4c5b6a';
    const r = parseRelated(`${id}, http://x/documents/${id.toUpperCase()}\nabc`);
    expect(r.ids).toEqual([id]);
    expect(r.invalid).toEqual(['abc']);
  });
});

describe('review chain', () => {
  it('sends the step seen, a trimmed note, the marks file and named people', () => {
    const input = outgoingActionInput('d1', 'return', 'department_review', { note: '  Sửa trích yếu ', marks: [{ sha256: 'k', name: 'marks.pdf' }] });
    expect(input).toEqual({ documentId: 'd1', action: 'return', expectedStep: 'department_review', note: 'Sửa trích yếu', deadline: null, main: null, co: [], info: [], mainUnit: null, coUnits: [], infoUnits: [], marks: { sha256: 'k', name: 'marks.pdf' }, registerId: null, signaturePlacement: null, signingKeyId: null });
    expect(outgoingActionInput('d1', 'issue', 'issuing', { registerId: 'r1' })).toMatchObject({ registerId: 'r1', signaturePlacement: null, signingKeyId: null });
    const box = { page: 2, x: 340, y: 120, width: 170, height: 70 };
    expect(outgoingActionInput('d1', 'sign', 'leader_review', { signaturePlacement: box, signingKeyId: 'k1' })).toMatchObject({ signaturePlacement: box, signingKeyId: 'k1', registerId: null });
    expect(outgoingActionInput('d1', 'consult', 'leader_decision', { main: 'p1', deadline: dayjs('2026-05-04') })).toMatchObject({ main: 'p1', deadline: '2026-05-04', note: null, marks: null, mainUnit: null, coUnits: [] });
    // A department ticked in the grid goes as a unit, the server hands it to its head.
    expect(outgoingActionInput('d1', 'consult', 'leader_decision', { mainUnit: 'u1', infoUnits: ['u2'] })).toMatchObject({ main: null, mainUnit: 'u1', infoUnits: ['u2'], co: [] });
  });
  // What an action does comes from the API, whatever it is called: the names below are
  // chosen to mislead.
  const offered = (over: Partial<ActionFacts>): ActionFacts => ({ effects: [], returns: false, ends: false, danger: false, needsNote: false, ...over });
  it('styles returns as secondary and ending without completing (or re-opening) as dangerous', () => {
    expect(actionStyle(offered({}))).toEqual({ primary: true, danger: false });
    expect(actionStyle(offered({ returns: true }))).toEqual({ primary: false, danger: false });
    expect(actionStyle(offered({ ends: true }))).toEqual({ primary: true, danger: false });
    expect(actionStyle(offered({ ends: true, danger: true }))).toEqual({ primary: false, danger: true });
    expect(actionStyle(offered({ returns: true, danger: true }))).toEqual({ primary: false, danger: true });
  });
  it('offers a marked-up file when sending back or asked why without ending', () => {
    expect(offersMarks(offered({ returns: true }))).toBe(true);
    expect(offersMarks(offered({ needsNote: true }))).toBe(true);
    expect(offersMarks(offered({ needsNote: true, ends: true, danger: true }))).toBe(false);
    expect(offersMarks(offered({}))).toBe(false);
  });
  it('knows signing, numbering and issuing from the effects, not the names', () => {
    const numbersAndIssues = offered({ effects: ['ASSIGN_NUMBER', 'ISSUE'] });
    expect(numbers(numbersAndIssues)).toBe(true);
    expect(issues(numbersAndIssues)).toBe(true);
    expect(signs(numbersAndIssues)).toBe(false);
    expect(numbers(offered({ effects: ['ISSUE'] }))).toBe(false);
    expect(signs(offered({ effects: ['SIGN'] }))).toBe(true);
    expect(issues(offered({ effects: ['FAN_OUT'] }))).toBe(false);
  });
  it('names the issuance stage the API gives, and none when there is none', () => {
    expect(stageKey('FORMAT')).toBe('outgoing.stage.format');
    expect(stageKey('ISSUED')).toBe('outgoing.stage.issued');
    expect(stageKey(null)).toBeNull();
  });
  it('has a text for every issuance stage and recipient status', () => {
    for (const s of ['FORMAT', 'NUMBERING', 'ISSUING', 'ISSUED']) expect(has(stageKey(s)!)).toBe(true);
    for (const s of [null, '01', '02', '03', '04', '05', '06', 'withdrawn', 'queued', 'something-new']) expect(has(recipientStatusKey(s))).toBe(true);
    for (const k of ['KT', 'TL', 'TUQ', 'TM']) expect(has(`outgoing.authorities.${k}`)).toBe(true);
    for (const k of ['unit', 'agency']) expect(has(`outgoing.recipientKinds.${k}`)).toBe(true);
  });
});

describe('opinions', () => {
  const o = (id: string, pos: string, deadline: string, answeredAt: string | null = null) => ({ requestId: id, asked: { positionId: pos }, deadline, answeredAt });
  it('count answered, waiting and late requests', () => {
    const s = opinionSummary([o('r1', 'a', '2026-03-01', '2026-02-28T10:00:00Z'), o('r1', 'b', '2026-03-01'), o('r2', 'c', '2026-03-20')], '2026-03-10');
    expect([s.answered.length, s.waiting.length, s.late.length]).toEqual([1, 2, 1]);
  });
  it('find the request the acting position still owes', () => {
    const list = [o('r1', 'a', '2026-03-01', '2026-02-28T10:00:00Z'), o('r2', 'a', '2026-03-09'), o('r3', 'b', '2026-03-09')];
    expect(myOpenRequest(list, 'a')?.requestId).toBe('r2');
    expect(myOpenRequest(list, 'z')).toBeUndefined();
    expect(myOpenRequest(list, null)).toBeUndefined();
  });
});

describe('versions and paging', () => {
  it('compare the last two versions unless others are chosen', () => {
    expect(comparedVersions([1])).toBeNull();
    expect(comparedVersions([3, 1, 2])).toEqual([2, 3]);
    expect(comparedVersions([1, 2, 3], 1, null)).toEqual([1, 3]);
    expect(comparedVersions([1, 2, 3], 9, 2)).toEqual([2, 2]);
    expect(mainPdf([{ name: 'a.docx', mediaType: 'application/msword' }, { name: 'b.pdf', mediaType: 'application/pdf' }])?.name).toBe('b.pdf');
  });
  it('place a signature box dragged on a preview in PDF points', () => {
    // A 595x842 pt page shown 297.5 px wide: half scale; y measured from the bottom.
    expect(toPdfBox({ left: 100, top: 300, width: 90, height: 40 }, { width: 297.5, height: 421 }, { width: 595, height: 842 })).toEqual({ x: 200, y: 162, width: 180, height: 80 });
  });
});

describe('outgoing navigation', () => {
  it('offers drafting to handlers, the issued list to clerks and leaders, the book to clerks', () => {
    const specialist = navigation(new Set(['HANDLE_DOCUMENTS']));
    expect(specialist).toEqual(expect.arrayContaining(['/outgoing/todo', '/outgoing/drafts', '/outgoing/new', '/outgoing/opinions']));
    expect(specialist).not.toContain('/outgoing/book');
    expect(specialist).not.toContain('/outgoing/awaiting');
    expect(navigation(new Set(['KEEP_REGISTERS', 'HANDLE_DOCUMENTS']))).toEqual(expect.arrayContaining(['/outgoing/awaiting', '/outgoing/issued', '/outgoing/book']));
    expect(navigation(new Set(['SIGN_DOCUMENTS']))).toContain('/outgoing/issued');
  });
  it('names every entry with a text that exists', () => {
    const all = navigation(new Set(['HANDLE_DOCUMENTS', 'KEEP_REGISTERS', 'AUDIT', 'MANAGE_ACCOUNTS', 'MONITOR_DEADLINES', 'SIGN_DOCUMENTS']));
    for (const k of all) expect(has(navLabelKey(k)), k).toBe(true);
    expect(navLabelKey('/outgoing/todo')).toBe('nav.outgoingTodo');
    expect(navLabelKey('/inbox/pending')).toBe('nav.pending');
  });
});

describe('recipients between the API and the forms', () => {
  it('reads the listed recipients and gives them back as inputs', () => {
    const picked = pickedRecipients([
      { kind: 'unit', id: 'u1', name: 'Vụ Kế hoạch - Tài chính', delivery: 'electronic_and_paper' },
      { kind: 'agency', id: 'a1', name: 'Ủy ban nhân dân tỉnh Ninh Bình', delivery: 'electronic_only' },
    ]);
    expect(picked.map((r) => [r.kind, r.delivery])).toEqual([['unit', 'ELECTRONIC_AND_PAPER'], ['agency', 'ELECTRONIC_ONLY']]);
    expect(recipientInputs(picked)).toEqual([
      { unitId: 'u1', agencyId: null, delivery: 'ELECTRONIC_AND_PAPER' },
      { unitId: null, agencyId: 'a1', delivery: 'ELECTRONIC_ONLY' },
    ]);
  });
});
