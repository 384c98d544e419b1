// How an incoming document's offered actions look, from the facts the API gives with each
// (`returns`, `ends`, `danger`, the step it leads to): sending the document on is primary;
// acting in place, returning it, ending its process and dangerous actions are secondary; what
// cannot be undone asks for confirmation.

export interface ActionLook {
  returns: boolean;
  ends: boolean;
  danger: boolean;
  /** The step it leads to: the current one for an action done in place (filing…). */
  toStep?: string | null;
  /** Whether it names recipients: one staying at the step but sending it on (forwarding). */
  needsRecipients?: boolean;
}

/** Done in place: staying at the current step and sending it to nobody. */
const inPlace = (a: ActionLook, step?: string) => step !== undefined && a.toStep === step && !a.needsRecipients;

/** `step`: the document's current step (an action staying there sends nothing on). */
export function documentActionStyle(a: ActionLook, step?: string): { primary: boolean; danger: boolean; confirm: boolean } {
  return { primary: !(a.returns || a.ends || a.danger || inPlace(a, step)), danger: a.danger, confirm: a.ends || a.danger };
}

/** Sending on first, then in place, returns, what ends the process, dangerous ones last (stable otherwise). */
export function orderActions<A extends ActionLook>(actions: A[], step?: string): A[] {
  const rank = (a: A) => (a.danger ? 4 : a.ends ? 3 : a.returns ? 2 : inPlace(a, step) ? 1 : 0);
  return actions.map((a, i) => ({ a, i })).sort((x, y) => rank(x.a) - rank(y.a) || x.i - y.i).map((x) => x.a);
}
