// GraphQL and HTTP errors as people read them. The server words refusals in the request's
// language (X-Chancery-Language) from `extensions.reason` / `extensions.code` when it has a
// text for them (it then keeps its own wording in `extensions.detail`); for reasons it has
// none for (signing and issuance, so far) the client words them from its own texts
// (`errors.reason.*`), and adds wording for what the server cannot know (network failures)
// and for reasons that need a value filled in (a lockout's remaining minutes).
import type { CombinedError } from '@urql/core';
import type { TFunction } from 'i18next';
import { formatDateTime } from './format';

export interface Problem {
  code: string;
  reason?: string;
  field?: string;
  message: string;
  retryAfterSeconds?: number;
  /** Set when the server translated `message` (its own wording, in English, is here). */
  detail?: string;
  /** A refusal naming who acted and when (`RECIPIENT_ACTED`). */
  actedByName?: string;
  actedAt?: string;
}

function ext(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

export function problems(error: CombinedError | undefined | null): Problem[] {
  if (!error) return [];
  if (error.networkError && error.graphQLErrors.length === 0) {
    return [{ code: 'NETWORK', message: error.networkError.message }];
  }
  return error.graphQLErrors.map((e) => {
    const x = ext(e.extensions);
    return {
      code: typeof x.code === 'string' ? x.code : 'INTERNAL',
      reason: typeof x.reason === 'string' ? x.reason : undefined,
      field: typeof x.field === 'string' ? x.field : undefined,
      message: e.message,
      retryAfterSeconds: typeof x.retryAfterSeconds === 'number' ? x.retryAfterSeconds : undefined,
      detail: typeof x.detail === 'string' ? x.detail : undefined,
      actedByName: typeof x.actedByName === 'string' ? x.actedByName : undefined,
      actedAt: typeof x.actedAt === 'string' ? x.actedAt : undefined,
    };
  });
}

export function hasCode(error: CombinedError | undefined | null, code: string): boolean {
  return problems(error).some((p) => p.code === code);
}

export function hasReason(error: CombinedError | undefined | null, reason: string): boolean {
  return problems(error).some((p) => p.reason === reason);
}

/** One problem in the user's language. */
export function describe(p: Problem, t: TFunction): string {
  if (p.code === 'NETWORK') return t('errors.network');
  if (p.reason === 'ACCOUNT_LOCKED') {
    const minutes = Math.max(1, Math.ceil((p.retryAfterSeconds ?? 60) / 60));
    return t('errors.locked', { minutes });
  }
  if (p.reason === 'RECIPIENT_ACTED' && p.actedByName && p.actedAt) {
    return t('errors.recipientActed', { name: p.actedByName, when: formatDateTime(p.actedAt) });
  }
  if (p.code === 'INTERNAL') return t('errors.internal');
  if (p.reason && p.detail === undefined) {
    const own = t(`errors.reason.${p.reason}`, { defaultValue: '' });
    if (own) return own;
  }
  return p.message || t(`errors.code.${p.code}`, { defaultValue: t('errors.internal') });
}

/** Every problem that is not tied to a form field, as one text. */
export function errorText(error: CombinedError | undefined | null, t: TFunction): string {
  return problems(error)
    .map((p) => describe(p, t))
    .join(' ');
}

/** The last segment of a server field path (`input.metadata.summary` → `summary`). */
export function fieldName(field: string): string {
  const parts = field.split('.');
  return parts[parts.length - 1];
}

/**
 * Splits problems into those shown beside a form field (when the form has that field) and
 * the rest, shown above the form.
 */
export function splitProblems(
  error: CombinedError | undefined | null,
  formFields: readonly string[],
  t: TFunction,
): { fields: { name: string; errors: string[] }[]; general: string[] } {
  const fields = new Map<string, string[]>();
  const general: string[] = [];
  for (const p of problems(error)) {
    const name = p.field ? fieldName(p.field) : undefined;
    if (name && formFields.includes(name)) {
      fields.set(name, [...(fields.get(name) ?? []), describe(p, t)]);
    } else {
      general.push(describe(p, t));
    }
  }
  return { fields: [...fields].map(([name, errors]) => ({ name, errors })), general };
}

/** An error answer of the file endpoints (`{"code","reason","message","detail"}`: the
 * message in the requested language, the English detail). */
export function httpProblem(status: number, body: unknown): Problem {
  const x = ext(body);
  return {
    code: typeof x.code === 'string' ? x.code : status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL',
    reason: typeof x.reason === 'string' ? x.reason : undefined,
    message: typeof x.message === 'string' ? x.message : `HTTP ${status}`,
    detail: typeof x.detail === 'string' ? x.detail : undefined,
  };
}
