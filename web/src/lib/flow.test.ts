import { describe, expect, it } from 'vitest';
import { buildFlow, directionsTo, type FlowEntry, type FlowPosition } from './flow';

const p = (id: string): FlowPosition => ({ positionId: id, personName: `Person ${id}`, title: 't', unitName: 'u' });
const entry = (n: number, actor: string, sentTo: [FlowEntry['sentTo'][number]['kind'], string][], extra: Partial<FlowEntry> = {}): FlowEntry => ({
  position: String(n),
  recordedAt: `2026-01-0${n}T00:00:00Z`,
  eventType: 'document.action-taken',
  actor: p(actor),
  sentTo: sentTo.map(([kind, id]) => ({ kind, position: p(id), unitName: 'u' })),
  action: 'a',
  ...extra,
});

describe('the processing flow', () => {
  // Clerk → leader → head → specialist (main) + colleague (co); the head recalled once and
  // forwarded again; the specialist finished.
  const entries: FlowEntry[] = [
    { ...entry(1, 'clerk', []), eventType: 'document.received', action: null },
    { ...entry(1, 'clerk', []), position: '1b', eventType: 'document.read', action: null },
    entry(2, 'clerk', [['MAIN', 'leader']], { actionTitle: 'Trình', note: 'Kính trình' }),
    entry(3, 'leader', [['MAIN', 'head'], ['INFO', 'deputy']], { actionTitle: 'Chuyển phòng', note: 'Giao phòng chủ trì', deadline: '2026-02-01' }),
    entry(4, 'head', [['MAIN', 'spec'], ['CO', 'colleague']], { actionTitle: 'Chuyển', note: 'Đồng chí Một xử lý' }),
    entry(5, 'head', [], { actionTitle: 'Thu hồi' }),
    entry(6, 'head', [['MAIN', 'spec'], ['CO', 'colleague']], { actionTitle: 'Chuyển', note: 'Xử lý trước ngày 20' }),
    entry(7, 'spec', [], { actionTitle: 'Kết thúc', note: 'Xong' }),
  ];

  it('is a tree of who sent it to whom, in order', () => {
    const roots = buildFlow(entries);
    expect(roots).toHaveLength(1);
    const clerk = roots[0];
    expect(clerk.kind).toBe('START');
    const leader = clerk.children[0];
    expect(leader.position?.positionId).toBe('leader');
    expect(leader.children.map((c) => [c.kind, c.position?.positionId])).toEqual([['MAIN', 'head'], ['INFO', 'deputy']]);
    const head = leader.children[0];
    expect(head.children.map((c) => [c.kind, c.position?.positionId])).toEqual([
      ['MAIN', 'spec'], ['CO', 'colleague'], ['MAIN', 'spec'], ['CO', 'colleague'],
    ]);
    expect(head.events.map((e) => e.title)).toEqual(['Thu hồi']);
    // The finish is the specialist's latest node's.
    expect(head.children[2].events.map((e) => e.title)).toEqual(['Kết thúc']);
    expect(head.children[0].events).toEqual([]);
  });

  it('gives the directions that led to a person, leader first', () => {
    const roots = buildFlow(entries);
    expect(directionsTo(roots, 'spec').map((n) => n.note)).toEqual(['Kính trình', 'Giao phòng chủ trì', 'Xử lý trước ngày 20']);
    expect(directionsTo(roots, 'nobody')).toEqual([]);
  });
});
