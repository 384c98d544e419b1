// The administration forms' logic, free of React: what the forms check before sending,
// how their values become the mutations' inputs, how the server's field errors find their
// form fields, and the working-calendar editor's operations.
import type { CombinedError } from '@urql/core';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { describe, fieldName, problems } from '../../lib/errors';

// ---------------------------------------------------------------------------------------
// Small helpers

/** Trimmed text, or null when nothing is left (optional inputs). */
export function textOrNull(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  return v === '' ? null : v;
}

const trim = (value: string | null | undefined) => (value ?? '').trim();

// ---------------------------------------------------------------------------------------
// Checks the server makes too, made before sending so the form answers at once

/** A code: ASCII letters, digits, '.', '_' or '-', starting with a letter or digit (at most 64). */
export function isValidCode(value: string): boolean {
  const v = value.trim();
  return v.length > 0 && v.length <= 64 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v);
}

/** A unit's abbreviation (used in notations such as 05/BNV-VP): no spaces, '/' or '-'. */
export function isValidAbbreviation(value: string): boolean {
  const v = value.trim();
  return v.length > 0 && [...v].length <= 20 && !/[\s/-]/.test(v);
}

/** A national agency identifier code in the QCVN 102 shape `000.00.00.G09`. */
export function isValidIdentifierCode(value: string): boolean {
  return /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/.test(value.trim());
}

// ---------------------------------------------------------------------------------------
// Server field errors beside the form's fields

/**
 * Splits a mutation's problems into those shown beside the form's fields and the rest. The
 * server names some fields differently from the form (`names` for the Vietnamese name,
 * `personId` for the person chosen): `aliases` maps them.
 */
export function formProblems(
  error: CombinedError | undefined | null,
  formFields: readonly string[],
  t: TFunction,
  aliases: Record<string, string> = {},
): { fields: { name: string; errors: string[] }[]; general: string[] } {
  const fields = new Map<string, string[]>();
  const general: string[] = [];
  for (const p of problems(error)) {
    const raw = p.field ? fieldName(p.field) : undefined;
    const name = raw ? (aliases[raw] ?? raw) : undefined;
    if (name && formFields.includes(name)) fields.set(name, [...(fields.get(name) ?? []), describe(p, t)]);
    else general.push(describe(p, t));
  }
  return { fields: [...fields].map(([name, errors]) => ({ name, errors })), general };
}

// ---------------------------------------------------------------------------------------
// Units

export const UNIT_KINDS = ['AGENCY', 'UNIT', 'DEPARTMENT'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Whether a unit of `kind` may sit under a unit of `parent` (null: the top of the tree). */
export function fitsUnder(kind: UnitKind, parent: UnitKind | null): boolean {
  if (parent === null) return kind === 'AGENCY';
  if (kind === 'AGENCY') return parent === 'AGENCY';
  if (kind === 'UNIT') return parent !== 'DEPARTMENT';
  return true;
}

/** The kinds a new unit under `parent` may have. */
export function childKinds(parent: UnitKind | null): UnitKind[] {
  return UNIT_KINDS.filter((k) => fitsUnder(k, parent));
}

export interface UnitValues {
  kind?: UnitKind;
  code: string;
  abbreviation: string;
  name: string;
  identifierCode?: string | null;
  /** Agencies only: the country whose working calendar counts their deadlines (none: inherited). */
  country?: 'VIETNAM' | 'LAOS' | null;
}

/** `createUnit`'s input: only an agency carries a national identifier code and a country. */
export function unitInput(v: UnitValues, parentId: string | null) {
  const kind = v.kind ?? 'DEPARTMENT';
  return {
    parentId,
    kind,
    code: trim(v.code),
    abbreviation: trim(v.abbreviation),
    name: trim(v.name),
    identifierCode: kind === 'AGENCY' ? textOrNull(v.identifierCode) : null,
    country: kind === 'AGENCY' ? (v.country ?? null) : null,
  };
}

/** `updateUnit`'s input for a unit of `kind`. */
export function unitUpdateInput(v: UnitValues, kind: UnitKind) {
  const input = unitInput({ ...v, kind }, null);
  return { code: input.code, abbreviation: input.abbreviation, name: input.name, identifierCode: input.identifierCode };
}

// ---------------------------------------------------------------------------------------
// Roles

export const PERMISSIONS = [
  'MANAGE_ORGANISATION',
  'MANAGE_ACCOUNTS',
  'MANAGE_CATALOGUES',
  'VIEW_USAGE_LOGS',
  'AUDIT',
  'KEEP_REGISTERS',
  'PROPOSE_ASSIGNMENT',
  'APPROVE_ASSIGNMENT',
  'DIRECT_UNIT_DOCUMENTS',
  'HANDLE_DOCUMENTS',
  'SIGN_DOCUMENTS',
  'MONITOR_DEADLINES',
  'ASSIST_LEADER',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A role's permission as the API lists it (`sign_documents`) in the input's spelling. */
export function permissionOf(listed: string): Permission | null {
  const upper = listed.trim().toUpperCase();
  return (PERMISSIONS as readonly string[]).includes(upper) ? (upper as Permission) : null;
}

export interface RoleValues {
  code: string;
  nameVi: string;
  nameEn?: string;
  nameLo?: string;
  permissions?: Permission[];
  servesLeader?: boolean;
}

/** `defineRole`'s input: permissions in the catalogue's order, without repeats. */
export function roleInput(v: RoleValues) {
  const chosen = new Set(v.permissions ?? []);
  return {
    code: trim(v.code),
    nameVi: trim(v.nameVi),
    nameEn: trim(v.nameEn),
    nameLo: trim(v.nameLo),
    permissions: PERMISSIONS.filter((p) => chosen.has(p)),
    servesLeader: !!v.servesLeader,
  };
}

/** A listed role as the role form's values (for redefining it). */
export function roleValues(r: { code: string; nameVi: string; nameEn: string; nameLo: string; permissions: readonly string[]; servesLeader: boolean }): RoleValues {
  return {
    code: r.code,
    nameVi: r.nameVi,
    nameEn: r.nameEn,
    nameLo: r.nameLo,
    permissions: r.permissions.map(permissionOf).filter((p): p is Permission => p !== null),
    servesLeader: r.servesLeader,
  };
}

// ---------------------------------------------------------------------------------------
// People and positions

export const CLEARANCES = ['NORMAL', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
export type Clearance = (typeof CLEARANCES)[number];

export interface PersonValues {
  fullName: string;
  email?: string | null;
  phone?: string | null;
  clearance: Clearance;
}

export function personInput(v: PersonValues) {
  return { fullName: trim(v.fullName), email: textOrNull(v.email), phone: textOrNull(v.phone), clearance: v.clearance };
}

export interface PositionValues {
  personId: string;
  unitId: string;
  role: string;
  title?: string | null;
  serves?: string | null;
}

/** `assignPosition`'s input: a leader served only for a role that serves a leader. */
export function positionInput(v: PositionValues, servesLeader: boolean) {
  return {
    personId: v.personId,
    unitId: v.unitId,
    role: v.role,
    title: textOrNull(v.title),
    serves: servesLeader ? (v.serves ?? null) : null,
  };
}

// ---------------------------------------------------------------------------------------
// Catalogues

export interface CodedValues {
  code: string;
  abbreviation?: string | null;
  nameVi: string;
  nameEn?: string | null;
  nameLo?: string | null;
  active?: boolean;
}

/**
 * `defineDocumentType` / `defineField`'s input. Names left empty in English or Lao are sent
 * empty: the server shows the Vietnamese name in their place.
 */
export function codedInput(v: CodedValues, withAbbreviation: boolean) {
  return {
    code: trim(v.code),
    abbreviation: withAbbreviation ? textOrNull(v.abbreviation) : null,
    nameVi: trim(v.nameVi),
    nameEn: trim(v.nameEn),
    nameLo: trim(v.nameLo),
    active: v.active ?? true,
  };
}

export interface AgencyValues {
  name: string;
  identifierCode?: string | null;
  address?: string | null;
  email?: string | null;
  active?: boolean;
}

/** `recordExternalAgency`'s input: a new agency without `id`, a change with it. */
export function agencyInput(v: AgencyValues, id: string | null) {
  return {
    id,
    name: trim(v.name),
    identifierCode: textOrNull(v.identifierCode),
    address: textOrNull(v.address),
    email: textOrNull(v.email),
    active: v.active ?? true,
  };
}

// ---------------------------------------------------------------------------------------
// Registers

export const REGISTER_KINDS = ['INCOMING', 'OUTGOING', 'INTERNAL'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

export interface RegisterValues {
  kind: RegisterKind;
  ownerUnitId: string;
  code: string;
  name: string;
  documentTypes?: string[];
  maxConfidentiality?: Clearance;
  active?: boolean;
}

/** `defineRegister`'s input: no document type chosen means the register takes every type. */
export function registerInput(v: RegisterValues, id: string | null) {
  return {
    id,
    kind: v.kind,
    ownerUnitId: v.ownerUnitId,
    code: trim(v.code),
    name: trim(v.name),
    documentTypes: [...new Set(v.documentTypes ?? [])].sort(),
    maxConfidentiality: v.maxConfidentiality ?? 'NORMAL',
    active: v.active ?? true,
  };
}

/** A listed register (kinds and levels in lower case) as the register form's values. */
export function registerValues(r: { kind: string; ownerUnitId: string; code: string; name: string; documentTypes: readonly string[]; maxConfidentiality: string; active: boolean }): RegisterValues {
  const kind = r.kind.toUpperCase() as RegisterKind;
  const level = r.maxConfidentiality.toUpperCase() as Clearance;
  return {
    kind: REGISTER_KINDS.includes(kind) ? kind : 'INCOMING',
    ownerUnitId: r.ownerUnitId,
    code: r.code,
    name: r.name,
    documentTypes: [...r.documentTypes],
    maxConfidentiality: CLEARANCES.includes(level) ? level : 'NORMAL',
    active: r.active,
  };
}

// ---------------------------------------------------------------------------------------
// The working calendar

export type Country = 'VIETNAM' | 'LAOS';

export interface HolidayRow {
  /** YYYY-MM-DD */
  date: string;
  nameVi: string;
  nameEn: string;
  nameLo: string;
}

export interface CalendarDraft {
  holidays: HolidayRow[];
  /** YYYY-MM-DD, sorted */
  workingWeekendDays: string[];
}

type Named = { date: string; name: string };

/**
 * One editable list from the calendar read in the three languages (the API names a holiday
 * in the request's language only). A name that equals the Vietnamese one in another
 * language is kept as given: the server stores what it receives.
 */
export function mergeHolidayNames(vi: readonly Named[], en: readonly Named[], lo: readonly Named[]): HolidayRow[] {
  const byDate = (list: readonly Named[]) => new Map(list.map((h) => [h.date, h.name]));
  const enNames = byDate(en);
  const loNames = byDate(lo);
  return [...vi]
    .map((h) => ({ date: h.date, nameVi: h.name, nameEn: enNames.get(h.date) ?? '', nameLo: loNames.get(h.date) ?? '' }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

export function isWeekend(date: string): boolean {
  const day = dayjs(date).day();
  return day === 0 || day === 6;
}

export type HolidayProblem = 'wrongYear' | 'duplicate' | 'isWorkingDay' | 'nameRequired';
export type WorkingDayProblem = 'wrongYear' | 'duplicate' | 'isHoliday' | 'notWeekend';

/** Why a holiday cannot be added to the draft, if it cannot. */
export function holidayProblem(draft: CalendarDraft, year: number, row: HolidayRow): HolidayProblem | null {
  if (dayjs(row.date).year() !== year) return 'wrongYear';
  if (row.nameVi.trim() === '') return 'nameRequired';
  if (draft.holidays.some((h) => h.date === row.date)) return 'duplicate';
  if (draft.workingWeekendDays.includes(row.date)) return 'isWorkingDay';
  return null;
}

/** Why a weekend day cannot be made a working day in the draft, if it cannot. */
export function workingDayProblem(draft: CalendarDraft, year: number, date: string): WorkingDayProblem | null {
  if (dayjs(date).year() !== year) return 'wrongYear';
  if (!isWeekend(date)) return 'notWeekend';
  if (draft.workingWeekendDays.includes(date)) return 'duplicate';
  if (draft.holidays.some((h) => h.date === date)) return 'isHoliday';
  return null;
}

export function addHoliday(draft: CalendarDraft, row: HolidayRow): CalendarDraft {
  const holidays = [...draft.holidays.filter((h) => h.date !== row.date), row].sort((a, b) => a.date.localeCompare(b.date));
  return { ...draft, holidays };
}

export function removeHoliday(draft: CalendarDraft, date: string): CalendarDraft {
  return { ...draft, holidays: draft.holidays.filter((h) => h.date !== date) };
}

export function renameHoliday(draft: CalendarDraft, date: string, names: Partial<Pick<HolidayRow, 'nameVi' | 'nameEn' | 'nameLo'>>): CalendarDraft {
  return { ...draft, holidays: draft.holidays.map((h) => (h.date === date ? { ...h, ...names } : h)) };
}

export function addWorkingDay(draft: CalendarDraft, date: string): CalendarDraft {
  return { ...draft, workingWeekendDays: [...new Set([...draft.workingWeekendDays, date])].sort() };
}

export function removeWorkingDay(draft: CalendarDraft, date: string): CalendarDraft {
  return { ...draft, workingWeekendDays: draft.workingWeekendDays.filter((d) => d !== date) };
}

/** The dates of holidays left without a Vietnamese name (the one name the server needs). */
export function unnamedHolidays(draft: CalendarDraft): string[] {
  return draft.holidays.filter((h) => h.nameVi.trim() === '').map((h) => h.date);
}

/**
 * `setCalendar`'s input. A holiday's English or Lao name left empty takes the Vietnamese
 * one (the server keeps empty names empty, and the calendar would show a nameless holiday).
 */
export function calendarInput(country: Country, year: number, draft: CalendarDraft) {
  return {
    country,
    year,
    holidays: [...draft.holidays]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((h) => {
        const vi = h.nameVi.trim();
        return { date: h.date, nameVi: vi, nameEn: h.nameEn.trim() || vi, nameLo: h.nameLo.trim() || vi };
      }),
    workingWeekendDays: [...new Set(draft.workingWeekendDays)].sort(),
  };
}

// ---------------------------------------------------------------------------------------
// Cached lists a change makes stale (given to mutations as `additionalTypenames`: urql's
// document cache then fetches again every query on screen that holds such objects)

export const ORG_TYPENAMES = ['Unit', 'UnitConnection', 'Person', 'PersonConnection', 'Position', 'Role', 'RoleConnection'];
export const CATALOGUE_TYPENAMES = ['CatalogueEntry', 'CatalogueEntryConnection', 'ExternalAgency', 'ExternalAgencyConnection', 'Register', 'RegisterConnection'];
export const CALENDAR_TYPENAMES = ['Calendar', 'Holiday'];
