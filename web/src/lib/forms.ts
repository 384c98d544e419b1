// Small rules every data-entry form follows.
import type { KeyboardEvent } from 'react';

/** Enter in a one-line field (a date, a number…) never sends the form: only its button does. */
export function keepEnter(e: KeyboardEvent<HTMLElement>) {
  const target = e.target as HTMLElement;
  if (e.key === 'Enter' && target.tagName !== 'TEXTAREA' && target.tagName !== 'BUTTON') e.preventDefault();
}
