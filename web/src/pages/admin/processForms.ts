// The process administration's logic, free of React: the text the editor starts from (the
// latest version's definition, numbered as the next version), which check answer belongs to
// the text on screen, and the activation form's values as the mutation's variables.
import type { Dayjs } from 'dayjs';

/** A definition as the API's JSON scalar carries it: the object, or its text. */
export function definitionObject(definition: unknown): Record<string, unknown> {
  if (typeof definition === 'string') {
    try {
      const parsed: unknown = JSON.parse(definition);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return definition && typeof definition === 'object' && !Array.isArray(definition) ? (definition as Record<string, unknown>) : {};
}

/** The editor's first text: `definition` pretty-printed, its version the one after `latest`
 * (in place: the keys keep their order). */
export function nextVersionText(definition: unknown, latest: number): string {
  const def = definitionObject(definition);
  const next = 'version' in def ? { ...def, version: latest + 1 } : { version: latest + 1, ...def };
  return JSON.stringify(next, null, 2);
}

/** Whether an answer arriving for request `seq` is still the newest asked (answers to
 * earlier requests that arrive late are dropped). */
export function isLatest(seq: number, latestAsked: number): boolean {
  return seq === latestAsked;
}

export interface ActivationValues {
  version: number;
  scope: 'AGENCY' | 'UNIT';
  unitId?: string | null;
  from: Dayjs;
}

export function activationVariables(process: string, v: ActivationValues): { process: string; version: number; unitId: string | null; from: string } {
  return {
    process,
    version: v.version,
    unitId: v.scope === 'UNIT' && v.unitId ? v.unitId : null,
    from: v.from.format('YYYY-MM-DD'),
  };
}
