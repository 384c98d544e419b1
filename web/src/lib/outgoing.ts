// Pure logic of the outgoing screens (drafts, review chain, opinions, issuance): what the
// forms send, how lists page, which panels a step shows. Kept apart from the components so
// vitest checks it without a browser.
// Nothing here names a process, step or action: what an action does comes from the API
// (`availableActions`: effects, returns, ends, danger; `stage` of the document).
import type { Dayjs } from 'dayjs';

export type Delivery = 'ELECTRONIC_ONLY' | 'ELECTRONIC_AND_PAPER';

/** A recipient as the draft form holds it: a unit of the installation or an external agency. */
export interface PickedRecipient {
  kind: 'unit' | 'agency';
  id: string;
  name: string;
  delivery: Delivery;
}

export interface FileRefLike {
  sha256: string;
  name: string;
}

export interface DraftValues {
  /** A process of `draftProcesses` (its id). */
  process: string;
  documentType: string;
  summary: string;
  signerPositionId?: string | null;
  signingAuthority?: 'KT' | 'TL' | 'TUQ' | 'TM' | null;
  recipients?: PickedRecipient[];
  urgency: 'NORMAL' | 'URGENT' | 'VERY_URGENT' | 'FLASH';
  confidentiality: 'NORMAL' | 'CONFIDENTIAL' | 'SECRET' | 'TOP_SECRET';
  replyDeadline?: Dayjs | null;
  relatedDocuments?: string[];
  field?: string | null;
  notes?: string | null;
  mainFile?: FileRefLike[];
  attachments?: FileRefLike[];
}

export const SUMMARY_MAX = 500;

/** The main file must be a PDF (it is what gets signed). */
export function isPdfName(name: string): boolean {
  return /\.pdf$/i.test(name.trim());
}

/** A main file the server takes: a PDF, or a Word file (.docx) it converts to PDF (the Word file kept as the editable version). */
export function isMainFileName(name: string): boolean {
  return isPdfName(name) || /\.docx$/i.test(name.trim());
}

/** The files in the order the API wants them: the main PDF first, then attachments, no repeats. */
export function orderedFiles(main: FileRefLike[] | undefined, attachments: FileRefLike[] | undefined): FileRefLike[] {
  const out: FileRefLike[] = [];
  const seen = new Set<string>();
  for (const f of [...(main ?? []).slice(0, 1), ...(attachments ?? [])]) {
    if (seen.has(f.sha256)) continue;
    seen.add(f.sha256);
    out.push({ sha256: f.sha256, name: f.name });
  }
  return out;
}

/** Adds a recipient unless already there (same kind and id); the newest delivery choice wins. */
export function addRecipient(list: PickedRecipient[], r: PickedRecipient): PickedRecipient[] {
  const i = list.findIndex((x) => x.kind === r.kind && x.id === r.id);
  if (i < 0) return [...list, r];
  return list.map((x, j) => (j === i ? { ...x, delivery: r.delivery } : x));
}

/** Ids typed or pasted as related documents: UUIDs, one per line or separated by spaces/commas. */
export function parseRelated(text: string): { ids: string[]; invalid: string[] } {
  const parts = text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const ids: string[] = [];
  const invalid: string[] = [];
  for (const p of parts) {
    // A pasted link to a document page counts as its id.
    const m = p.match(/\/(?:documents|outgoing\/doc)\/([0-9a-f-]{36})/i);
    const id = m ? m[1] : p;
    if (uuid.test(id)) {
      if (!ids.includes(id.toLowerCase())) ids.push(id.toLowerCase());
    } else invalid.push(p);
  }
  return { ids, invalid };
}

/** The RecipientInput list for recipients chosen in a form. */
export function recipientInputs(list: PickedRecipient[]) {
  return list.map((r) =>
    r.kind === 'unit' ? { unitId: r.id, agencyId: null, delivery: r.delivery } : { unitId: null, agencyId: r.id, delivery: r.delivery },
  );
}

/** A document's recipients as the API lists them, as a form's chosen recipients. */
export function pickedRecipients(list: readonly { kind: string; id: string; name: string; delivery: string }[]): PickedRecipient[] {
  return list.map((r) => ({
    kind: r.kind === 'unit' ? 'unit' : 'agency',
    id: r.id,
    name: r.name,
    delivery: r.delivery.toUpperCase() === 'ELECTRONIC_AND_PAPER' ? 'ELECTRONIC_AND_PAPER' : 'ELECTRONIC_ONLY',
  }));
}

const opt = (s?: string | null) => s?.trim() || null;

/** The DraftFieldsInput for the form's values. */
export function draftFields(v: DraftValues) {
  return {
    documentType: v.documentType,
    summary: v.summary.trim(),
    signerPositionId: v.signerPositionId || null,
    signingAuthority: v.signingAuthority || null,
    recipients: recipientInputs(v.recipients ?? []),
    urgency: v.urgency,
    confidentiality: v.confidentiality,
    replyDeadline: v.replyDeadline ? v.replyDeadline.format('YYYY-MM-DD') : null,
    relatedDocuments: v.relatedDocuments ?? [],
    field: opt(v.field),
    notes: opt(v.notes),
  };
}

/** The CreateDraftInput for the form's values. */
export function createDraftInput(v: DraftValues) {
  return { process: v.process, fields: draftFields(v), files: orderedFiles(v.mainFile, v.attachments) };
}

export interface OutgoingActionValues {
  note?: string;
  deadline?: Dayjs | null;
  main?: string;
  co?: string[];
  info?: string[];
  /** Departments named instead of people (each received by its head, else its clerk). */
  mainUnit?: string | null;
  coUnits?: string[];
  infoUnits?: string[];
  marks?: FileRefLike[];
  /** The outgoing register that numbers the document (`issue`, `assign_number`). */
  registerId?: string;
  /** Where the personal signature goes (signing actions); omitted: the server's default box. */
  signaturePlacement?: { page?: number | null; x: number; y: number; width: number; height: number } | null;
  /** The key to sign with; omitted: the caller's current key. */
  signingKeyId?: string | null;
}

/** The outgoingAction input for a dialog's values (the step shown, for STEP_MOVED). */
export function outgoingActionInput(documentId: string, action: string, expectedStep: string, v: OutgoingActionValues) {
  const marks = v.marks?.[0];
  return {
    documentId,
    action,
    expectedStep,
    note: v.note?.trim() || null,
    deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
    main: v.main ?? null,
    co: v.co ?? [],
    info: v.info ?? [],
    mainUnit: v.mainUnit ?? null,
    coUnits: v.coUnits ?? [],
    infoUnits: v.infoUnits ?? [],
    marks: marks ? { sha256: marks.sha256, name: marks.name } : null,
    registerId: v.registerId || null,
    signaturePlacement: v.signaturePlacement ?? null,
    signingKeyId: v.signingKeyId || null,
  };
}

/** What the page knows of an offered action (from `availableActions`). */
export interface ActionFacts {
  effects: readonly string[];
  returns: boolean;
  ends: boolean;
  danger: boolean;
  needsNote: boolean;
}

/**
 * Whether an action's dialog offers a marked-up file: it sends the document back, or asks
 * why (a note) without ending the process (not signing, not approving).
 */
export function offersMarks(a: ActionFacts): boolean {
  return a.returns || (a.needsNote && !a.ends);
}

/** The button's look: returns are secondary; ending without completing, or re-opening, dangerous. */
export function actionStyle(a: Pick<ActionFacts, 'returns' | 'danger'>): { primary: boolean; danger: boolean } {
  return { primary: !(a.returns || a.danger), danger: a.danger };
}

/** Actions that give the document its number (they need a register). */
export function numbers(a: Pick<ActionFacts, 'effects'>): boolean {
  return a.effects.includes('ASSIGN_NUMBER');
}

/** Actions that sign the current file with the caller's key. */
export function signs(a: Pick<ActionFacts, 'effects'>): boolean {
  return a.effects.includes('SIGN');
}

/** Actions that send the document to its own recipients (nobody to choose). */
export function issues(a: Pick<ActionFacts, 'effects'>): boolean {
  return a.effects.includes('ISSUE');
}

/** The translation key of an issuance stage the API gives (`FORMAT`, `NUMBERING`, `ISSUING`, `ISSUED`). */
export function stageKey(stage: string | null | undefined): string | null {
  return stage ? `outgoing.stage.${stage.toLowerCase()}` : null;
}

export interface OpinionLike {
  requestId: string;
  asked: { positionId: string };
  deadline: string;
  answeredAt?: string | null;
}

/** Opinion requests grouped: answered, waiting, waiting past the deadline. */
export function opinionSummary<T extends OpinionLike>(opinions: T[], today: string) {
  const answered = opinions.filter((o) => !!o.answeredAt);
  const waiting = opinions.filter((o) => !o.answeredAt);
  const late = waiting.filter((o) => o.deadline < today);
  return { answered, waiting, late };
}

/** The request the caller (acting position) was asked and has not answered, if any. */
export function myOpenRequest<T extends OpinionLike>(opinions: T[], positionId: string | null | undefined): T | undefined {
  if (!positionId) return undefined;
  return opinions.find((o) => o.asked.positionId === positionId && !o.answeredAt);
}

/** The two versions shown side by side: the chosen ones, else the last two. */
export function comparedVersions(numbers: number[], left?: number | null, right?: number | null): [number, number] | null {
  if (numbers.length < 2) return null;
  const sorted = [...numbers].sort((a, b) => a - b);
  const l = left && sorted.includes(left) ? left : sorted[sorted.length - 2];
  const r = right && sorted.includes(right) ? right : sorted[sorted.length - 1];
  return [l, r];
}

/** The main (first) PDF of a version's files. */
export function mainPdf<T extends { mediaType: string; name: string }>(files: T[]): T | undefined {
  return files.find((f) => f.mediaType === 'application/pdf') ?? files[0];
}

/** Decision 28 statuses of a recipient's copy, as translation keys. */
export function recipientStatusKey(status: string | null | undefined): string {
  if (!status) return 'outgoing.status.none';
  if (/^0[1-6]$/.test(status)) return `outgoing.status.s${status}`;
  if (status === 'withdrawn' || status === 'queued') return `outgoing.status.${status}`;
  return 'outgoing.status.other';
}

/** The tag colour of a recipient's Decision 28 status (refused and withdrawn red, done green). */
export function recipientStatusColor(status: string | null | undefined): string {
  switch (status) {
    case '01':
      return 'gold';
    case '02':
    case 'withdrawn':
      return 'red';
    case '06':
      return 'green';
    case 'queued':
      return 'purple';
    case null:
    case undefined:
      return 'default';
    default:
      return /^0[1-6]$/.test(status) ? 'blue' : 'default';
  }
}

/** A signature box dragged on a page preview (CSS pixels) in PDF points (origin bottom left). */
export function toPdfBox(
  box: { left: number; top: number; width: number; height: number },
  shown: { width: number; height: number },
  page: { width: number; height: number },
) {
  const sx = page.width / shown.width;
  const sy = page.height / shown.height;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    x: round(box.left * sx),
    y: round(page.height - (box.top + box.height) * sy),
    width: round(box.width * sx),
    height: round(box.height * sy),
  };
}

export interface RegisterLike {
  id: string;
  kind: string;
  ownerUnitId: string;
  active: boolean;
}

/**
 * The outgoing registers an issuing clerk may number from, their own office's first: the
 * active outgoing registers owned by the unit they act in when there are any, otherwise
 * every active outgoing register (a clerk sitting in a department of the office; the server
 * refuses a register that is not theirs).
 */
export function outgoingRegisterChoices<T extends RegisterLike>(registers: T[], actingUnitId: string | null | undefined): T[] {
  const outgoing = registers.filter((r) => r.kind.toLowerCase() === 'outgoing' && r.active);
  const own = outgoing.filter((r) => r.ownerUnitId === actingUnitId);
  return own.length > 0 ? own : outgoing;
}
