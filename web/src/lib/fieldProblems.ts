// Where a refusal is shown in a form: beside the field it names when the form shows that
// field (some server fields are shown under another name: the main handler of `recipients`,
// a deadline typed as a date or as working days), otherwise above the form. Never nowhere:
// a refusal naming a field the form does not show at the moment (hidden, or not this
// action's) is a general message.
import type { CombinedError } from '@urql/core';
import type { TFunction } from 'i18next';
import { describe, fieldName, problems, type Problem } from './errors';

export interface Placed {
  /** Per form field shown: its messages. */
  fields: { name: string; errors: string[] }[];
  /** What no shown field takes. */
  general: string[];
}

/** Places `list` over the fields `shown` now, `aliases` mapping a server field to a form field. */
export function placeProblems(
  list: readonly Problem[],
  shown: readonly string[],
  aliases: Readonly<Record<string, string>>,
  word: (p: Problem) => string,
): Placed {
  const fields = new Map<string, string[]>();
  const general: string[] = [];
  for (const p of list) {
    const server = p.field ? fieldName(p.field) : undefined;
    const name = server ? (aliases[server] ?? server) : undefined;
    if (name && shown.includes(name)) fields.set(name, [...(fields.get(name) ?? []), word(p)]);
    else general.push(word(p));
  }
  return { fields: [...fields].map(([name, errors]) => ({ name, errors })), general };
}

/** [`placeProblems`] over a request's error, worded in the user's language. */
export function placeErrors(
  error: CombinedError | undefined | null,
  shown: readonly string[],
  aliases: Readonly<Record<string, string>>,
  t: TFunction,
): Placed {
  return placeProblems(problems(error), shown, aliases, (p) => describe(p, t));
}
