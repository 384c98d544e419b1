// The layout of process diagrams: columns by depth with the start at the left, no boxes on
// top of each other, arrows back nearer the start in lanes above the boxes, loops under
// their box, one arrow per pair of steps, and everything inside the drawing.
import { describe, expect, it } from 'vitest';
import { labelRect, layoutDiagram, textLength, wrap, type DiagramIn, type DiagramTransitionIn } from './processLayout';

const tr = (from: string, to: string, action: string, extra: Partial<DiagramTransitionIn> = {}): DiagramTransitionIn => ({
  from, to, action, title: `Action ${action}`, needs: [], effects: [], returns: false, ends: false, danger: false, ...extra,
});

// A made-up process: a → b → {c, d}; c → e (end); d → e; d back to b; c loops on itself;
// b → x (end, dangerous); two actions from c to e.
const diagram: DiagramIn = {
  start: 'a',
  steps: [
    { id: 'a', title: 'First step with a rather long title that wraps', roles: ['Clerk'], end: false, depth: 0 },
    { id: 'b', title: 'Second', roles: ['Leader', 'Deputy leader'], end: false, depth: 1 },
    { id: 'x', title: 'Refused', roles: [], end: true, depth: 2 },
    { id: 'd', title: 'Fourth', roles: ['Head'], end: false, depth: 2 },
    { id: 'c', title: 'Third', roles: ['Specialist', 'Head', 'Leader', 'Deputy', 'Another'], end: false, depth: 2 },
    { id: 'e', title: 'Done', roles: [], end: true, depth: 3 },
  ],
  transitions: [
    tr('a', 'b', 'go'),
    tr('b', 'c', 'to_c'),
    tr('b', 'd', 'to_d'),
    tr('b', 'x', 'refuse', { danger: true, ends: true }),
    tr('c', 'e', 'finish', { ends: true }),
    tr('c', 'e', 'close', { ends: true, danger: true }),
    tr('d', 'e', 'finish', { ends: true }),
    tr('d', 'b', 'back', { returns: true, title: 'Back to the second step for more' }),
    tr('c', 'c', 'forward'),
  ],
};

const overlap = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('layoutDiagram', () => {
  const layout = layoutDiagram(diagram);
  const box = (id: string) => layout.boxes.find((b) => b.id === id)!;
  const edge = (from: string, to: string) => layout.edges.find((e) => e.from === from && e.to === to)!;

  it('puts steps in columns by depth, the start at the left', () => {
    expect(box('a').start).toBe(true);
    expect(box('a').column).toBe(0);
    expect(box('a').x).toBeLessThan(box('b').x);
    expect(box('b').x).toBeLessThan(box('c').x);
    expect(box('c').x).toBe(box('d').x);
    expect(box('c').x).toBe(box('x').x);
    expect(box('c').x).toBeLessThan(box('e').x);
    expect(layout.boxes.filter((b) => b.start).map((b) => b.id)).toEqual(['a']);
    expect(box('e').end).toBe(true);
  });

  it('orders a column after the steps leading to it, the ends below the others, and keeps the diagram order otherwise', () => {
    // x, d and c all come from b (row 0): the end x goes below, d and c keep their order.
    expect(['d', 'c', 'x'].map((id) => box(id).row)).toEqual([0, 1, 2]);
    const ordered = layoutDiagram({
      start: 'a',
      steps: [
        { id: 'a', title: 'A', roles: [], end: false, depth: 0 },
        { id: 'p', title: 'P', roles: [], end: false, depth: 1 },
        { id: 'q', title: 'Q', roles: [], end: false, depth: 1 },
        { id: 'from-q', title: 'From Q', roles: [], end: true, depth: 2 },
        { id: 'from-p', title: 'From P', roles: [], end: true, depth: 2 },
      ],
      transitions: [tr('a', 'p', '1'), tr('a', 'q', '2'), tr('p', 'from-p', '3'), tr('q', 'from-q', '4')],
    });
    const row = (id: string) => ordered.boxes.find((b) => b.id === id)!.row;
    expect(row('from-p')).toBeLessThan(row('from-q'));
  });

  it('never puts a box on another, and leaves room under a box for its loop', () => {
    for (const a of layout.boxes) for (const b of layout.boxes) if (a !== b) expect(overlap(a, b)).toBe(false);
    const loop = edge('c', 'c');
    expect(loop.kind).toBe('self');
    expect(loop.labelY).toBeGreaterThan(box('c').y + box('c').h);
    const below = layout.boxes.filter((b) => b.column === box('c').column && b.y > box('c').y);
    for (const b of below) expect(loop.labelY).toBeLessThan(b.y);
  });

  it('shows the role titles in the boxes, the excess counted', () => {
    expect(box('b').roleLines).toEqual(['Leader', 'Deputy leader']);
    expect(box('c').roleLines).toHaveLength(4);
    expect(box('c').roleLines[3]).toBe('+2…');
    expect(box('c').roles).toHaveLength(5);
    expect(box('a').titleLines.length).toBeGreaterThan(1);
    expect(box('x').roleLines).toEqual([]);
  });

  it('draws a return as a dashed arc over the boxes, in a lane above them', () => {
    const back = edge('d', 'b');
    expect(back.kind).toBe('back');
    expect(back.returns).toBe(true);
    const top = Math.min(...layout.boxes.map((b) => b.y));
    expect(back.labelY).toBeLessThan(top);
    expect(back.labelY).toBeGreaterThan(0);
    // From the top of the source box to the top of the target box.
    const [sx, sy] = back.path.slice(1).split(' ')[0].split(',').map(Number);
    expect(sy).toBe(box('d').y);
    expect(sx).toBeGreaterThan(box('d').x);
    expect(sx).toBeLessThan(box('d').x + box('d').w);
    expect(back.path.endsWith(`,${box('b').y}`)).toBe(true);
    expect(edge('a', 'b').returns).toBe(false);
  });

  it('draws a return under the boxes when fewer boxes stand in the way there', () => {
    // x is the last of its column: going over would cross d and c.
    const low = layoutDiagram({ ...diagram, transitions: [...diagram.transitions, tr('x', 'b', 'again', { returns: true })] });
    const e = low.edges.find((x) => x.from === 'x' && x.to === 'b')!;
    const x = low.boxes.find((b) => b.id === 'x')!;
    const b = low.boxes.find((bx) => bx.id === 'b')!;
    expect(e.kind).toBe('back');
    expect(e.labelY).toBeGreaterThan(Math.max(...low.boxes.map((bx) => bx.y + bx.h)));
    expect(e.labelY).toBeLessThanOrEqual(low.height);
    const [, sy] = e.path.slice(1).split(' ')[0].split(',').map(Number);
    expect(sy).toBe(x.y + x.h);
    expect(e.path.endsWith(`,${b.y + b.h}`)).toBe(true);
    // The one from d (first of its column) still goes over.
    expect(low.edges.find((y) => y.from === 'd' && y.to === 'b')!.labelY).toBeLessThan(b.y);
  });

  it('gives two returns two lanes', () => {
    const two = layoutDiagram({
      ...diagram,
      transitions: [...diagram.transitions, tr('e', 'a', 'reopen', { returns: true, danger: true })],
    });
    const a = two.edges.find((e) => e.from === 'd' && e.to === 'b')!;
    const b = two.edges.find((e) => e.from === 'e' && e.to === 'a')!;
    expect(a.labelY).not.toBe(b.labelY);
    // The longer arc is the higher one.
    expect(b.labelY).toBeLessThan(a.labelY);
    expect(b.danger).toBe(true);
  });

  it('makes one arrow per pair of steps, with a label per action, red only when every action is dangerous', () => {
    const ce = layout.edges.filter((e) => e.from === 'c' && e.to === 'e');
    expect(ce).toHaveLength(1);
    expect(ce[0].labels.map((l) => l.action)).toEqual(['finish', 'close']);
    expect(ce[0].labels.map((l) => l.danger)).toEqual([false, true]);
    expect(ce[0].danger).toBe(false);
    expect(ce[0].ends).toBe(true);
    expect(edge('b', 'x').danger).toBe(true);
    expect(layout.edges).toHaveLength(8);
  });

  it('runs an arrow to a later column from the right of its source to the left of its target, labelled in the gap', () => {
    const e = edge('a', 'b');
    expect(e.kind).toBe('forward');
    expect(e.path.startsWith(`M${box('a').x + box('a').w},`)).toBe(true);
    expect(e.path.endsWith(`${box('b').x},${box('b').y + box('b').h / 2}`)).toBe(true);
    expect(e.labelX).toBeGreaterThan(box('a').x + box('a').w);
    expect(e.labelX).toBeLessThan(box('b').x);
  });

  it('bulges an arrow between two steps of a column out to its right', () => {
    const side = layoutDiagram({
      ...diagram,
      transitions: [...diagram.transitions, tr('d', 'c', 'sideways')],
    });
    const e = side.edges.find((x) => x.from === 'd' && x.to === 'c')!;
    expect(e.kind).toBe('side');
    const c = side.boxes.find((b) => b.id === 'c')!;
    expect(e.labelX).toBeGreaterThan(c.x + c.w);
  });

  it('moves labels that would cover one another apart', () => {
    // Three steps of a column sent to each other: their labels all sit beside the column.
    const crowded = layoutDiagram({
      ...diagram,
      transitions: [...diagram.transitions, tr('x', 'c', 'one'), tr('c', 'd', 'two'), tr('d', 'c', 'three'), tr('x', 'd', 'four')],
    });
    const rects = crowded.edges.filter((e) => e.kind === 'forward' || e.kind === 'side').map(labelRect);
    for (const a of rects) for (const b of rects) {
      if (a === b) continue;
      expect(a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2).toBe(false);
    }
    for (const a of rects) expect(a.y2).toBeLessThanOrEqual(crowded.height);
  });

  it('keeps every box and label inside the drawing', () => {
    for (const b of layout.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(layout.width);
      expect(b.y + b.h).toBeLessThanOrEqual(layout.height);
    }
    for (const e of layout.edges) {
      expect(e.labelY).toBeGreaterThan(0);
      expect(e.labelY).toBeLessThanOrEqual(layout.height);
      expect(e.labelX).toBeLessThanOrEqual(layout.width);
    }
  });

  it('ignores transitions to steps it does not have, and puts unreachable steps last', () => {
    const broken = layoutDiagram({
      start: 'a',
      steps: [
        { id: 'a', title: 'A', roles: [], end: false, depth: 0 },
        { id: 'lost', title: 'Lost', roles: [], end: true, depth: -1 },
      ],
      transitions: [tr('a', 'missing', 'go')],
    });
    expect(broken.edges).toEqual([]);
    expect(broken.boxes.find((b) => b.id === 'lost')!.column).toBe(1);
  });
});

describe('wrap', () => {
  it('breaks at spaces within the width, cuts what is longer, and marks what was left off', () => {
    expect(wrap('Chuyển thẩm định pháp lý', 12)).toEqual(['Chuyển thẩm', 'định pháp lý']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('one two three four five', 7, 2)).toEqual(['one two', 'three…']);
    expect(wrap('', 10)).toEqual([]);
  });
  it('counts a Lao syllable with its vowel and tone marks as the characters a reader sees', () => {
    // ທີ່ is one base letter with two marks above it.
    expect(textLength('ທີ່')).toBe(1);
    const lines = wrap('ກວດສອບທາງດ້ານກົດໝາຍ', 6);
    expect(lines.join('')).toBe('ກວດສອບທາງດ້ານກົດໝາຍ');
    for (const line of lines) expect(textLength(line)).toBeLessThanOrEqual(6);
  });
});
