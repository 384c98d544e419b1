import { describe, expect, it } from 'vitest';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import i18n from '../../i18n';
import {
  addHoliday, addWorkingDay, agencyInput, calendarInput, childKinds, codedInput, fitsUnder, formProblems, holidayProblem, isValidAbbreviation,
  isValidCode, isValidIdentifierCode, isWeekend, mergeHolidayNames, permissionOf, personInput, positionInput, registerInput, registerValues,
  removeHoliday, removeWorkingDay, renameHoliday, roleInput, roleValues, textOrNull, unitInput, unitUpdateInput, unnamedHolidays,
  workingDayProblem, type CalendarDraft,
} from './forms';

const t = i18n.getFixedT('en');

const gqlError = (extensions: Record<string, unknown>, message = 'refused') =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });

describe('checks made before sending', () => {
  it('accept codes, abbreviations and identifier codes as the server does', () => {
    expect(isValidCode('bnv.tccb.cc')).toBe(true);
    expect(isValidCode('den-mat_2')).toBe(true);
    expect(isValidCode('-den')).toBe(false);
    expect(isValidCode('phòng')).toBe(false);
    expect(isValidCode('a b')).toBe(false);
    expect(isValidCode('x'.repeat(65))).toBe(false);
    expect(isValidAbbreviation('VPCP')).toBe(true);
    expect(isValidAbbreviation('KH-TC')).toBe(false);
    expect(isValidAbbreviation('A/B')).toBe(false);
    expect(isValidAbbreviation('A B')).toBe(false);
    expect(isValidIdentifierCode('000.00.00.G09')).toBe(true);
    expect(isValidIdentifierCode(' 000.00.37.H43 ')).toBe(true);
    expect(isValidIdentifierCode('000.00.00.g09')).toBe(false);
    expect(isValidIdentifierCode('00.00.00.G09')).toBe(false);
  });
  it('keep optional texts null when nothing is typed', () => {
    expect(textOrNull('  ')).toBeNull();
    expect(textOrNull(undefined)).toBeNull();
    expect(textOrNull(' a ')).toBe('a');
  });
});

describe('server errors beside the fields', () => {
  it('put a field error beside its field, under the form field it means', () => {
    const split = formProblems(gqlError({ code: 'VALIDATION', field: 'names', reason: 'REQUIRED' }, 'Nhập tên.'), ['code', 'nameVi'], t, { names: 'nameVi' });
    expect(split.fields).toEqual([{ name: 'nameVi', errors: ['Nhập tên.'] }]);
    expect(split.general).toEqual([]);
  });
  it('show the rest above the form: a dissolution refused because people remain', () => {
    const error = gqlError({ code: 'CONFLICT', reason: 'UNIT_HAS_PEOPLE', detail: 'the unit still has people' }, 'The unit still has people; end or move their positions first.');
    const split = formProblems(error, ['code'], t);
    expect(split.fields).toEqual([]);
    expect(split.general).toEqual(['The unit still has people; end or move their positions first.']);
  });
  it('word a lost connection in the user\u2019s language', () => {
    const error = new CombinedError({ networkError: new Error('Failed to fetch') });
    expect(formProblems(error, [], t).general).toEqual([t('errors.network')]);
  });
});

describe('units', () => {
  it('fit under the parents the server allows', () => {
    expect(childKinds(null)).toEqual(['AGENCY']);
    expect(childKinds('AGENCY')).toEqual(['AGENCY', 'UNIT', 'DEPARTMENT']);
    expect(childKinds('UNIT')).toEqual(['UNIT', 'DEPARTMENT']);
    expect(childKinds('DEPARTMENT')).toEqual(['DEPARTMENT']);
    expect(fitsUnder('UNIT', 'DEPARTMENT')).toBe(false);
  });
  it('become createUnit and updateUnit inputs: only an agency has an identifier code', () => {
    expect(unitInput({ kind: 'DEPARTMENT', code: ' bnv.tccb.tn ', abbreviation: ' TN ', name: ' Phòng Thử nghiệm ', identifierCode: '000.00.00.G09' }, 'u1')).toEqual({
      parentId: 'u1', kind: 'DEPARTMENT', code: 'bnv.tccb.tn', abbreviation: 'TN', name: 'Phòng Thử nghiệm', identifierCode: null, country: null,
    });
    expect(unitInput({ kind: 'AGENCY', code: 'snv.hn', abbreviation: 'SNV', name: 'Sở Nội vụ', identifierCode: ' 000.00.01.H26 ' }, null).identifierCode).toBe('000.00.01.H26');
    expect(unitInput({ kind: 'AGENCY', code: 'snv.hn', abbreviation: 'SNV', name: 'Sở Nội vụ', identifierCode: '' }, null).identifierCode).toBeNull();
    expect(unitInput({ kind: 'AGENCY', code: 'la.moha', abbreviation: 'MOHA', name: 'ກະຊວງພາຍໃນ', country: 'LAOS' }, null).country).toBe('LAOS');
    expect(unitInput({ kind: 'UNIT', code: 'la.moha.vp', abbreviation: 'VP', name: 'ຫ້ອງການ', country: 'LAOS' }, 'u1').country).toBeNull();
    expect(unitUpdateInput({ code: 'bnv.vp', abbreviation: 'VP', name: 'Văn phòng', identifierCode: 'x' }, 'UNIT')).toEqual({
      code: 'bnv.vp', abbreviation: 'VP', name: 'Văn phòng', identifierCode: null,
    });
  });
});

describe('roles', () => {
  it('turn the listed permissions into the input\u2019s, in the catalogue\u2019s order', () => {
    expect(permissionOf('sign_documents')).toBe('SIGN_DOCUMENTS');
    expect(permissionOf('fly')).toBeNull();
    const values = roleValues({ code: 'leader_secretary', nameVi: 'Thư ký', nameEn: 'Secretary', nameLo: 'ເລຂານຸການ', permissions: ['handle_documents', 'assist_leader', 'unknown'], servesLeader: true });
    expect(values.permissions).toEqual(['HANDLE_DOCUMENTS', 'ASSIST_LEADER']);
    expect(roleInput({ ...values, permissions: ['ASSIST_LEADER', 'HANDLE_DOCUMENTS', 'ASSIST_LEADER'] })).toEqual({
      code: 'leader_secretary', nameVi: 'Thư ký', nameEn: 'Secretary', nameLo: 'ເລຂານຸການ', permissions: ['HANDLE_DOCUMENTS', 'ASSIST_LEADER'], servesLeader: true,
    });
    expect(roleInput({ code: 'x', nameVi: 'X' })).toEqual({ code: 'x', nameVi: 'X', nameEn: '', nameLo: '', permissions: [], servesLeader: false });
  });
});

describe('people and positions', () => {
  it('send empty e-mail and phone as null', () => {
    expect(personInput({ fullName: ' Kiều Thị Một ', email: ' ', phone: ' 0912 345 678 ', clearance: 'SECRET' })).toEqual({
      fullName: 'Kiều Thị Một', email: null, phone: '0912 345 678', clearance: 'SECRET',
    });
  });
  it('name a leader served only for a secretary\u2019s role', () => {
    const v = { personId: 'p', unitId: 'u', role: 'specialist', title: ' ', serves: 'pos-1' };
    expect(positionInput(v, false)).toEqual({ personId: 'p', unitId: 'u', role: 'specialist', title: null, serves: null });
    expect(positionInput({ ...v, role: 'leader_secretary', title: 'Thư ký Thứ trưởng' }, true)).toEqual({
      personId: 'p', unitId: 'u', role: 'leader_secretary', title: 'Thư ký Thứ trưởng', serves: 'pos-1',
    });
  });
});

describe('catalogues and registers', () => {
  it('become their inputs', () => {
    expect(codedInput({ code: ' cv ', abbreviation: ' CV ', nameVi: ' Công văn ', nameEn: '', nameLo: undefined }, true)).toEqual({
      code: 'cv', abbreviation: 'CV', nameVi: 'Công văn', nameEn: '', nameLo: '', active: true,
    });
    expect(codedInput({ code: 'tai-chinh', abbreviation: 'TC', nameVi: 'Tài chính', active: false }, false)).toMatchObject({ abbreviation: null, active: false });
    expect(agencyInput({ name: ' Bộ Tài chính ', identifierCode: '', email: ' vanthu@mof.gov.vn ' }, null)).toEqual({
      id: null, name: 'Bộ Tài chính', identifierCode: null, address: null, email: 'vanthu@mof.gov.vn', active: true,
    });
    expect(agencyInput({ name: 'X', active: false }, 'a1')).toMatchObject({ id: 'a1', active: false });
  });
  it('open a register that takes chosen types, and read a listed one back', () => {
    expect(registerInput({ kind: 'INCOMING', ownerUnitId: 'u', code: ' den ', name: ' Sổ đến ', documentTypes: ['QD', 'CV', 'CV'] }, null)).toEqual({
      id: null, kind: 'INCOMING', ownerUnitId: 'u', code: 'den', name: 'Sổ đến', documentTypes: ['CV', 'QD'], maxConfidentiality: 'NORMAL', active: true,
    });
    const listed = { kind: 'outgoing', ownerUnitId: 'u', code: 'di', name: 'Sổ đi', documentTypes: [], maxConfidentiality: 'top_secret', active: false };
    expect(registerValues(listed)).toEqual({ kind: 'OUTGOING', ownerUnitId: 'u', code: 'di', name: 'Sổ đi', documentTypes: [], maxConfidentiality: 'TOP_SECRET', active: false });
    expect(registerInput(registerValues(listed), 'r1')).toMatchObject({ id: 'r1', kind: 'OUTGOING', maxConfidentiality: 'TOP_SECRET', active: false });
  });
});

describe('calendar editing', () => {
  const empty: CalendarDraft = { holidays: [], workingWeekendDays: [] };
  const tet = { date: '2030-02-04', nameVi: 'Tết', nameEn: '', nameLo: '' };

  it('merges the names read in the three languages by date', () => {
    const rows = mergeHolidayNames(
      [{ date: '2030-09-02', name: 'Quốc khánh' }, { date: '2030-01-01', name: 'Tết Dương lịch' }],
      [{ date: '2030-01-01', name: 'New Year' }, { date: '2030-09-02', name: 'National Day' }],
      [{ date: '2030-01-01', name: 'ປີໃໝ່ສາກົນ' }],
    );
    expect(rows).toEqual([
      { date: '2030-01-01', nameVi: 'Tết Dương lịch', nameEn: 'New Year', nameLo: 'ປີໃໝ່ສາກົນ' },
      { date: '2030-09-02', nameVi: 'Quốc khánh', nameEn: 'National Day', nameLo: '' },
    ]);
  });
  it('adds, renames and removes holidays and working days, sorted', () => {
    let d = addHoliday(empty, { date: '2030-09-02', nameVi: 'Quốc khánh', nameEn: '', nameLo: '' });
    d = addHoliday(d, tet);
    expect(d.holidays.map((h) => h.date)).toEqual(['2030-02-04', '2030-09-02']);
    d = renameHoliday(d, '2030-02-04', { nameEn: 'Lunar New Year' });
    expect(d.holidays[0]).toEqual({ ...tet, nameEn: 'Lunar New Year' });
    d = addWorkingDay(addWorkingDay(d, '2030-02-16'), '2030-02-09');
    expect(d.workingWeekendDays).toEqual(['2030-02-09', '2030-02-16']);
    d = removeWorkingDay(removeHoliday(d, '2030-09-02'), '2030-02-16');
    expect(d).toEqual({ holidays: [{ ...tet, nameEn: 'Lunar New Year' }], workingWeekendDays: ['2030-02-09'] });
  });
  it('refuses a date outside the year, twice listed, or both a holiday and a working day', () => {
    const d = addWorkingDay(addHoliday(empty, tet), '2030-02-09');
    expect(holidayProblem(d, 2030, { ...tet, date: '2031-01-01' })).toBe('wrongYear');
    expect(holidayProblem(d, 2030, tet)).toBe('duplicate');
    expect(holidayProblem(d, 2030, { ...tet, date: '2030-02-09' })).toBe('isWorkingDay');
    expect(holidayProblem(d, 2030, { ...tet, date: '2030-04-30', nameVi: ' ' })).toBe('nameRequired');
    expect(holidayProblem(d, 2030, { ...tet, date: '2030-04-30' })).toBeNull();
    expect(isWeekend('2030-02-09')).toBe(true); // a Saturday
    expect(workingDayProblem(d, 2030, '2030-02-11')).toBe('notWeekend'); // a Monday
    expect(workingDayProblem(d, 2030, '2029-12-29')).toBe('wrongYear');
    expect(workingDayProblem(d, 2030, '2030-02-09')).toBe('duplicate');
    expect(workingDayProblem(addHoliday(d, { ...tet, date: '2030-02-10' }), 2030, '2030-02-10')).toBe('isHoliday');
    expect(workingDayProblem(d, 2030, '2030-02-10')).toBeNull(); // a Sunday
  });
  it('becomes setCalendar\u2019s input: English and Lao names default to the Vietnamese one', () => {
    const d = addWorkingDay(addHoliday(addHoliday(empty, { date: '2030-09-02', nameVi: ' Quốc khánh ', nameEn: 'National Day', nameLo: ' ' }), tet), '2030-02-09');
    expect(calendarInput('VIETNAM', 2030, d)).toEqual({
      country: 'VIETNAM',
      year: 2030,
      holidays: [
        { date: '2030-02-04', nameVi: 'Tết', nameEn: 'Tết', nameLo: 'Tết' },
        { date: '2030-09-02', nameVi: 'Quốc khánh', nameEn: 'National Day', nameLo: 'Quốc khánh' },
      ],
      workingWeekendDays: ['2030-02-09'],
    });
    expect(unnamedHolidays(renameHoliday(d, '2030-02-04', { nameVi: '  ' }))).toEqual(['2030-02-04']);
  });
});
