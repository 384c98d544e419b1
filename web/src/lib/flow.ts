// The processing flow of a document as a tree (who sent it to whom, in order), built from its
// history entries (oldest first) and the recipients each names; and what the acting person
// needs first: the directions given along the way that led to them.

export interface FlowPosition {
  positionId: string;
  personName: string;
  title: string;
  unitName: string;
}

export interface FlowEntry {
  position: string;
  recordedAt: string;
  eventType: string;
  /** The action recorded (none for an opening, a correction…). */
  action?: string | null;
  actionTitle?: string | null;
  note?: string | null;
  deadline?: string | null;
  actor?: FlowPosition | null;
  sentTo: { kind: 'MAIN' | 'CO' | 'INFO' | 'UNIT'; position?: FlowPosition | null; unitName: string }[];
}

/** What a person did at their node without sending it on (finishing, recalling, a part done). */
export interface FlowEvent {
  key: string;
  title: string;
  at: string;
  note?: string | null;
}

export interface FlowNode {
  key: string;
  /** How the document reached this node (none for where it started). */
  kind: 'START' | 'MAIN' | 'CO' | 'INFO' | 'UNIT';
  position?: FlowPosition | null;
  unitName: string;
  /** When it was sent here, with the action's title, note and deadline. */
  at: string;
  actionTitle?: string | null;
  note?: string | null;
  deadline?: string | null;
  /** Who sent it here. */
  from?: FlowPosition | null;
  events: FlowEvent[];
  children: FlowNode[];
}

/**
 * The tree: one root where the document started (its first actor), each recipient under who
 * sent it; an action sending it to nobody (finishing, a recall, a co-handler's part) is an
 * event of its actor's latest node, worded by `label`.
 */
export function buildFlow(entries: FlowEntry[], label: (e: FlowEntry) => string = (e) => e.actionTitle ?? ''): FlowNode[] {
  const roots: FlowNode[] = [];
  const latest = new Map<string, FlowNode>();
  const nodeOf = (actor: FlowPosition | null | undefined, e: FlowEntry): FlowNode | null => {
    if (!actor) return null;
    const known = latest.get(actor.positionId);
    if (known) return known;
    const root: FlowNode = { key: `start-${e.position}`, kind: 'START', position: actor, unitName: actor.unitName, at: e.recordedAt, events: [], children: [] };
    roots.push(root);
    latest.set(actor.positionId, root);
    return root;
  };
  for (const e of entries) {
    const parent = nodeOf(e.actor, e);
    if (e.sentTo.length > 0) {
      e.sentTo.forEach((r, i) => {
        const node: FlowNode = {
          key: `${e.position}-${i}`,
          kind: r.kind,
          position: r.position,
          unitName: r.unitName,
          at: e.recordedAt,
          actionTitle: e.actionTitle,
          note: e.note,
          deadline: e.deadline,
          from: e.actor,
          events: [],
          children: [],
        };
        if (parent) parent.children.push(node);
        else roots.push(node);
        if (r.position) latest.set(r.position.positionId, node);
      });
    } else if (parent && e.action && parent.key !== `start-${e.position}`) {
      parent.events.push({ key: e.position, title: label(e), at: e.recordedAt, note: e.note });
    }
  }
  return roots;
}

/** The path from a root to the latest node of `positionId` (empty when it never received the document). */
export function pathTo(roots: FlowNode[], positionId: string | null | undefined): FlowNode[] {
  if (!positionId) return [];
  let found: FlowNode[] = [];
  const walk = (node: FlowNode, path: FlowNode[]) => {
    const here = [...path, node];
    // Later nodes win: the latest time the document reached this position.
    if (node.position?.positionId === positionId && node.kind !== 'START') found = here;
    node.children.forEach((c) => walk(c, here));
  };
  roots.forEach((r) => walk(r, []));
  return found;
}

/** The directions that led the document to `positionId`: each note on the way, in order. */
export function directionsTo(roots: FlowNode[], positionId: string | null | undefined): FlowNode[] {
  return pathTo(roots, positionId).filter((n) => n.kind !== 'START' && !!n.note);
}
