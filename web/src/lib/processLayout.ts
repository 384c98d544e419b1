// Where the parts of a process diagram go, as a pure function of the diagram the API gives
// (`ProcessDiagram`): steps are boxes in columns by their distance from the start (`depth`,
// the start at the left), ordered in each column after the steps that lead to them; actions
// are arrows, grouped per pair of steps (one arrow, one label line per action). An arrow to a
// later column runs left to right through the gap after its source; one between two steps of
// a column bulges to the right of it; one back to an earlier column arcs over the boxes in a
// lane of its own above them; an action that stays at its step loops under the box.
// `components/ProcessDiagram.tsx` draws the result as SVG.

export interface DiagramStepIn {
  id: string;
  title: string;
  roles: readonly string[];
  end: boolean;
  depth: number;
}

export interface DiagramTransitionIn {
  from: string;
  to: string;
  action: string;
  title: string;
  needs: readonly string[];
  effects: readonly string[];
  returns: boolean;
  ends: boolean;
  danger: boolean;
}

export interface DiagramIn {
  start: string;
  steps: readonly DiagramStepIn[];
  transitions: readonly DiagramTransitionIn[];
}

export interface BoxLayout {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  column: number;
  row: number;
  titleLines: string[];
  roleLines: string[];
  /** Every role title, for the box's tooltip when some were left off. */
  roles: readonly string[];
  title: string;
  end: boolean;
  start: boolean;
}

export interface EdgeLabel {
  action: string;
  title: string;
  lines: string[];
  danger: boolean;
  needs: readonly string[];
  effects: readonly string[];
}

export type EdgeKind = 'forward' | 'side' | 'back' | 'self';

export interface EdgeLayout {
  key: string;
  from: string;
  to: string;
  kind: EdgeKind;
  /** SVG path data. */
  path: string;
  /** Where the label's first line sits (text anchored at its middle). */
  labelX: number;
  labelY: number;
  labels: EdgeLabel[];
  /** Back to a step nearer the start (drawn dashed). */
  returns: boolean;
  /** Every action of the arrow is a dangerous one (drawn red). */
  danger: boolean;
  ends: boolean;
}

export interface DiagramLayout {
  width: number;
  height: number;
  boxes: BoxLayout[];
  edges: EdgeLayout[];
}

export const BOX_W = 184;
export const GAP_X = 156;
export const MARGIN = 16;
export const TITLE_LINE = 16;
export const ROLE_LINE = 14;
export const LABEL_LINE = 13;
const PAD = 8;
const SIDE_W = 170;
const CHAR_W = 6.3;
const GAP_Y = 34;
const TITLE_CHARS = 24;
const ROLE_CHARS = 27;
const LABEL_CHARS = 22;
const MAX_TITLE_LINES = 3;
const MAX_ROLES = 4;
const MAX_LABEL_LINES = 2;

function graphemes(text: string): string[] {
  const Segmenter = (Intl as unknown as { Segmenter?: new (l?: string, o?: { granularity: string }) => { segment(t: string): Iterable<{ segment: string }> } }).Segmenter;
  if (Segmenter) return Array.from(new Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
  return Array.from(text);
}

/** The length of a text as a reader counts characters (a Lao vowel sign is not one). */
export function textLength(text: string): number {
  return graphemes(text).length;
}

/**
 * Breaks a text into lines of at most `max` characters at spaces (a word longer than a line
 * is cut), keeping at most `maxLines` lines; the last one kept ends with "…" when text was
 * left off.
 */
export function wrap(text: string, max: number, maxLines = Number.MAX_SAFE_INTEGER): string[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line: string[] = [];
  const push = () => {
    if (line.length > 0) lines.push(line.join(''));
    line = [];
  };
  for (const word of words) {
    let g = graphemes(word);
    const room = max - line.length - (line.length > 0 ? 1 : 0);
    if (g.length <= room) {
      if (line.length > 0) line.push(' ');
      line.push(...g);
      continue;
    }
    push();
    while (g.length > max) {
      lines.push(g.slice(0, max).join(''));
      g = g.slice(max);
    }
    line.push(...g);
  }
  push();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = graphemes(kept[maxLines - 1]);
  kept[maxLines - 1] = `${last.slice(0, Math.max(0, max - 1)).join('')}…`;
  return kept;
}

function ellipsis(text: string, max: number): string {
  const g = graphemes(text);
  return g.length <= max ? text : `${g.slice(0, max - 1).join('')}…`;
}

/** A point of the cubic Bézier curve p0 p1 p2 p3 at `t`. */
function cubic(p: [number, number][], t: number): [number, number] {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [a * p[0][0] + b * p[1][0] + c * p[2][0] + d * p[3][0], a * p[0][1] + b * p[1][1] + c * p[2][1] + d * p[3][1]];
}

/** The point of a left-to-right cubic curve whose x is `x` (found by bisection). */
function atX(p: [number, number][], x: number): [number, number] {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 40; i += 1) {
    const mid = (lo + hi) / 2;
    if (cubic(p, mid)[0] < x) lo = mid;
    else hi = mid;
  }
  return cubic(p, (lo + hi) / 2);
}

const r = (n: number) => Math.round(n * 10) / 10;

/** About how wide the label's lines are drawn (11 px text). */
function labelWidth(labels: EdgeLabel[]): number {
  const longest = Math.max(0, ...labels.flatMap((l) => l.lines.map(textLength)));
  return longest * CHAR_W + 6;
}

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The box a label's lines take (its first line's baseline at `labelY`). */
export function labelRect(e: Pick<EdgeLayout, 'labelX' | 'labelY' | 'labels'>): Rect {
  const w = labelWidth(e.labels);
  const lines = e.labels.reduce((n, l) => n + l.lines.length, 0);
  return { x1: e.labelX - w / 2, y1: e.labelY - LABEL_LINE + 3, x2: e.labelX + w / 2, y2: e.labelY - LABEL_LINE + 3 + lines * LABEL_LINE };
}

export function layoutDiagram(diagram: DiagramIn): DiagramLayout {
  const steps = diagram.steps;
  const index = new Map(steps.map((s, i) => [s.id, i]));
  // Columns: the distinct depths in order; a step the start does not reach (a definition
  // being checked) goes in a column after the others.
  const reachable = steps.filter((s) => s.depth >= 0).map((s) => s.depth);
  const maxDepth = reachable.length > 0 ? Math.max(...reachable) : 0;
  const depthOf = (s: DiagramStepIn) => (s.depth >= 0 ? s.depth : maxDepth + 1);
  const depths = [...new Set(steps.map(depthOf))].sort((a, b) => a - b);
  const columnOf = new Map(steps.map((s) => [s.id, depths.indexOf(depthOf(s))]));

  // Group the transitions per pair of steps (both must be steps of the diagram).
  const pairs = new Map<string, DiagramTransitionIn[]>();
  for (const tr of diagram.transitions) {
    if (!index.has(tr.from) || !index.has(tr.to)) continue;
    const key = `${tr.from}\u0000${tr.to}`;
    pairs.set(key, [...(pairs.get(key) ?? []), tr]);
  }
  const labelsOf = (trs: DiagramTransitionIn[]): EdgeLabel[] =>
    trs.map((tr) => ({ action: tr.action, title: tr.title, lines: wrap(tr.title, LABEL_CHARS, MAX_LABEL_LINES), danger: tr.danger, needs: tr.needs, effects: tr.effects }));
  const labelHeight = (labels: EdgeLabel[]) => labels.reduce((n, l) => n + l.lines.length, 0) * LABEL_LINE;

  // Rows: each column in the order of the steps leading to it (the mean row of its
  // predecessors in earlier columns), then the ends below the others, then the diagram's
  // order.
  const columns: string[][] = depths.map(() => []);
  for (const s of steps) columns[columnOf.get(s.id) ?? 0].push(s.id);
  const rowOf = new Map<string, number>();
  columns.forEach((col, c) => {
    if (c > 0) {
      const weight = (id: string) => {
        const rows = diagram.transitions
          .filter((tr) => tr.to === id && (columnOf.get(tr.from) ?? c) < c && rowOf.has(tr.from))
          .map((tr) => rowOf.get(tr.from) ?? 0);
        return rows.length > 0 ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.MAX_SAFE_INTEGER;
      };
      const w = new Map(col.map((id) => [id, weight(id)]));
      const end = (id: string) => (steps[index.get(id) ?? 0].end ? 1 : 0);
      col.sort((a, b) => (w.get(a) ?? 0) - (w.get(b) ?? 0) || end(a) - end(b) || (index.get(a) ?? 0) - (index.get(b) ?? 0));
    }
    col.forEach((id, row) => rowOf.set(id, row));
  });

  // Edges by shape.
  const entries = [...pairs.entries()].map(([key, trs]) => {
    const from = trs[0].from;
    const to = trs[0].to;
    const cf = columnOf.get(from) ?? 0;
    const ct = columnOf.get(to) ?? 0;
    const kind: EdgeKind = from === to ? 'self' : ct > cf ? 'forward' : ct === cf ? 'side' : 'back';
    return { key, from, to, cf, ct, kind, trs, labels: labelsOf(trs) };
  });

  // Lanes for the arrows back to earlier columns, the shortest nearest the boxes: above
  // them, or below them when fewer boxes stand in the way there.
  const columnSize = (c: number) => columns[c]?.length ?? 0;
  const goesBelow = (e: (typeof entries)[number]) => {
    const sr = rowOf.get(e.from) ?? 0;
    const tr = rowOf.get(e.to) ?? 0;
    return columnSize(e.cf) - 1 - sr + (columnSize(e.ct) - 1 - tr) < sr + tr;
  };
  const byLength = (a: (typeof entries)[number], b: (typeof entries)[number]) => a.cf - a.ct - (b.cf - b.ct) || (index.get(a.from) ?? 0) - (index.get(b.from) ?? 0);
  const back = entries.filter((e) => e.kind === 'back' && !goesBelow(e)).sort(byLength);
  const under = entries.filter((e) => e.kind === 'back' && goesBelow(e)).sort(byLength);
  const laneHeights = back.map((e) => labelHeight(e.labels) + 14);
  const underHeights = under.map((e) => labelHeight(e.labels) + 14);
  const lanesTotal = laneHeights.reduce((a, b) => a + b, 0);
  const top = MARGIN + lanesTotal + (back.length > 0 ? 10 : 0);

  // Boxes.
  const selfSpace = new Map<string, number>();
  for (const e of entries) if (e.kind === 'self') selfSpace.set(e.from, 22 + labelHeight(e.labels));
  // A column with arrows between its own steps gets a lane on its right for their labels.
  const sideLane = columns.map((_, c) => (entries.some((e) => e.kind === 'side' && e.cf === c) ? SIDE_W : 0));
  const columnX: number[] = [];
  columns.forEach((_, c) => columnX.push(c === 0 ? MARGIN : columnX[c - 1] + BOX_W + GAP_X + sideLane[c - 1]));
  const boxes = new Map<string, BoxLayout>();
  let bottom = top;
  columns.forEach((col, c) => {
    let y = top;
    for (const id of col) {
      const s = steps[index.get(id) ?? 0];
      const titleLines = wrap(s.title, TITLE_CHARS, MAX_TITLE_LINES);
      const shown = s.roles.slice(0, MAX_ROLES).map((role) => ellipsis(role, ROLE_CHARS));
      if (s.roles.length > MAX_ROLES) shown[MAX_ROLES - 1] = `+${s.roles.length - MAX_ROLES + 1}…`;
      const h = PAD * 2 + titleLines.length * TITLE_LINE + (shown.length > 0 ? 4 + shown.length * ROLE_LINE : 0);
      boxes.set(id, {
        id, x: columnX[c], y, w: BOX_W, h, column: c, row: rowOf.get(id) ?? 0,
        titleLines, roleLines: shown, roles: s.roles, title: s.title, end: s.end, start: id === diagram.start,
      });
      y += h + GAP_Y + (selfSpace.get(id) ?? 0);
    }
    bottom = Math.max(bottom, y - GAP_Y);
  });
  const box = (id: string) => boxes.get(id) as BoxLayout;

  // Where the arrows leave and reach the sides of the boxes, spread along each side.
  const spread = (list: { id: string; edge: string; other: number }[]) => {
    const at = new Map<string, number>();
    const bySide = new Map<string, typeof list>();
    for (const item of list) bySide.set(item.id, [...(bySide.get(item.id) ?? []), item]);
    for (const [id, items] of bySide) {
      const b = box(id);
      items.sort((a, c) => a.other - c.other);
      items.forEach((item, k) => at.set(item.edge, b.y + (b.h * (k + 1)) / (items.length + 1)));
    }
    return at;
  };
  const rightOut = spread(entries.filter((e) => e.kind === 'forward' || e.kind === 'side').map((e) => ({ id: e.from, edge: e.key, other: box(e.to).y })));
  const leftIn = spread(entries.filter((e) => e.kind === 'forward').map((e) => ({ id: e.to, edge: e.key, other: box(e.from).y })));
  const rightIn = spread(entries.filter((e) => e.kind === 'side').map((e) => ({ id: e.to, edge: `${e.key}\u0001in`, other: box(e.from).y })));

  const last = columns.length - 1;
  const width = last < 0 ? MARGIN * 2 : columnX[last] + BOX_W + sideLane[last] + MARGIN;
  const edges: EdgeLayout[] = entries.map((e) => {
    const s = box(e.from);
    const t = box(e.to);
    const base = {
      key: e.key, from: e.from, to: e.to, kind: e.kind, labels: e.labels,
      returns: e.trs.some((tr) => tr.returns), danger: e.trs.every((tr) => tr.danger), ends: e.trs.some((tr) => tr.ends),
    };
    if (e.kind === 'forward') {
      const sx = s.x + s.w;
      const sy = rightOut.get(e.key) ?? s.y + s.h / 2;
      const tx = t.x;
      const ty = leftIn.get(e.key) ?? t.y + t.h / 2;
      const dx = Math.max(48, (tx - sx) / 2);
      const p: [number, number][] = [[sx, sy], [sx + dx, sy], [tx - dx, ty], [tx, ty]];
      const [lx, ly] = atX(p, sx + sideLane[e.cf] + GAP_X / 2);
      return { ...base, path: `M${r(sx)},${r(sy)} C${r(sx + dx)},${r(sy)} ${r(tx - dx)},${r(ty)} ${r(tx)},${r(ty)}`, labelX: r(lx), labelY: r(ly - labelHeight(e.labels) / 2 + LABEL_LINE - 3) };
    }
    if (e.kind === 'side') {
      const sx = s.x + s.w;
      const sy = rightOut.get(e.key) ?? s.y + s.h / 2;
      const tx = t.x + t.w;
      const ty = rightIn.get(`${e.key}\u0001in`) ?? t.y + t.h / 2;
      const bulge = 24 + 10 * Math.abs(s.row - t.row);
      const ly = (sy + ty) / 2;
      return { ...base, path: `M${r(sx)},${r(sy)} C${r(sx + bulge)},${r(sy)} ${r(tx + bulge)},${r(ty)} ${r(tx)},${r(ty)}`, labelX: r(sx + 30 + labelWidth(e.labels) / 2), labelY: r(ly - labelHeight(e.labels) / 2 + LABEL_LINE - 3) };
    }
    if (e.kind === 'self') {
      const y0 = s.y + s.h;
      const x0 = s.x + s.w * 0.3;
      const x1 = s.x + s.w * 0.7;
      const depth = 20;
      return { ...base, path: `M${r(x1)},${r(y0)} C${r(x1 + 12)},${r(y0 + depth)} ${r(x0 - 12)},${r(y0 + depth)} ${r(x0)},${r(y0)}`, labelX: r(s.x + s.w / 2), labelY: r(y0 + depth + LABEL_LINE) };
    }
    // Back: under the boxes, in its lane, the label under the arc.
    if (under.includes(e)) {
      const lane = under.indexOf(e);
      const apex = bottom + 10 + underHeights.slice(0, lane).reduce((a, b) => a + b, 0) + 4;
      const sx = s.x + s.w * 0.85;
      const sy = s.y + s.h;
      const tx = t.x + t.w * 0.15;
      const ty = t.y + t.h;
      const c = (apex - 0.125 * (sy + ty)) / 0.75;
      return { ...base, path: `M${r(sx)},${r(sy)} C${r(sx)},${r(c)} ${r(tx)},${r(c)} ${r(tx)},${r(ty)}`, labelX: r((sx + tx) / 2), labelY: r(apex + LABEL_LINE - 1) };
    }
    // Back: over the boxes, in its lane.
    const lane = back.indexOf(e);
    const laneBottom = top - 10 - laneHeights.slice(0, lane).reduce((a, b) => a + b, 0);
    const apex = laneBottom - 4;
    const sx = s.x + s.w * 0.62;
    const sy = s.y;
    const tx = t.x + t.w * 0.38;
    const ty = t.y;
    const c = (apex - 0.125 * (sy + ty)) / 0.75;
    return { ...base, path: `M${r(sx)},${r(sy)} C${r(sx)},${r(c)} ${r(tx)},${r(c)} ${r(tx)},${r(ty)}`, labelX: r((sx + tx) / 2), labelY: r(apex - labelHeight(e.labels) - 1 + LABEL_LINE) };
  });
  // Labels that would cover one another move down until they do not (the lanes' labels
  // above the boxes and the loops' below them have their own room).
  const placed: Rect[] = [];
  for (const e of [...edges].filter((x) => x.kind === 'forward' || x.kind === 'side').sort((a, b) => a.labelY - b.labelY || a.labelX - b.labelX)) {
    for (let guard = 0; guard < 50; guard += 1) {
      const rect = labelRect(e);
      const hit = placed.find((p) => rect.x1 < p.x2 && p.x1 < rect.x2 && rect.y1 < p.y2 && p.y1 < rect.y2);
      if (!hit) break;
      e.labelY = r(e.labelY + (hit.y2 - rect.y1) + 1);
    }
    placed.push(labelRect(e));
  }
  const lowest = Math.max(bottom, ...edges.map((e) => labelRect(e).y2));
  return { width: Math.ceil(width), height: Math.ceil(lowest + MARGIN), boxes: steps.map((s) => box(s.id)), edges };
}
