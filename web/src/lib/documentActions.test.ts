import { describe, expect, it } from 'vitest';
import { documentActionStyle, orderActions } from './documentActions';

const a = (name: string, f: Partial<{ returns: boolean; ends: boolean; danger: boolean }> = {}) => ({ name, returns: false, ends: false, danger: false, ...f });

describe('incoming document actions', () => {
  it('make sending on primary, and what cannot be undone secondary and confirmed', () => {
    expect(documentActionStyle(a('send'))).toEqual({ primary: true, danger: false, confirm: false });
    expect(documentActionStyle(a('back', { returns: true }))).toEqual({ primary: false, danger: false, confirm: false });
    expect(documentActionStyle(a('end', { ends: true }))).toEqual({ primary: false, danger: false, confirm: true });
    expect(documentActionStyle(a('refuse', { ends: true, danger: true }))).toEqual({ primary: false, danger: true, confirm: true });
  });
  it('leave an action done in place secondary', () => {
    expect(documentActionStyle({ ...a('file'), toStep: 'handle' }, 'handle').primary).toBe(false);
    expect(documentActionStyle({ ...a('send'), toStep: 'next' }, 'handle').primary).toBe(true);
    // Forwarding within the step sends it on to someone: primary.
    expect(documentActionStyle({ ...a('forward'), toStep: 'handle', needsRecipients: true }, 'handle').primary).toBe(true);
    expect(orderActions([{ ...a('file'), toStep: 'handle' }, { ...a('send'), toStep: 'next' }], 'handle').map((x) => x.name)).toEqual(['send', 'file']);
  });
  it('put sending on first and dangerous actions last', () => {
    const order = orderActions([a('refuse', { danger: true }), a('end', { ends: true }), a('send'), a('back', { returns: true }), a('send2')]);
    expect(order.map((x) => x.name)).toEqual(['send', 'send2', 'back', 'end', 'refuse']);
  });
});
