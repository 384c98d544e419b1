import { describe, expect, it } from 'vitest';
import type { KeyboardEvent } from 'react';
import { keepEnter } from './forms';

function press(key: string, tagName: string): boolean {
  let prevented = false;
  const e = { key, target: { tagName }, preventDefault: () => (prevented = true) } as unknown as KeyboardEvent<HTMLElement>;
  keepEnter(e);
  return prevented;
}

describe('keepEnter', () => {
  it('keeps Enter in a one-line field from sending the form', () => {
    expect(press('Enter', 'INPUT')).toBe(true);
  });
  it('leaves new lines in a text area, the buttons and every other key alone', () => {
    expect(press('Enter', 'TEXTAREA')).toBe(false);
    expect(press('Enter', 'BUTTON')).toBe(false);
    expect(press('a', 'INPUT')).toBe(false);
    expect(press('Tab', 'INPUT')).toBe(false);
  });
});
