/**
 * Keeps person ids stable across re-resolution: frontends bookmark them.
 *
 * - A component inherits the id of a previous person whose accounts it holds.
 * - Merge: several previous persons land in one component; the oldest (createdAt, then id) keeps its id.
 * - Split: a previous person's accounts land in several components; the one holding most of them keeps
 *   the id (ties: the part with fewer accounts an analyst forced out, then the smallest account key).
 * - A previous person that lost on both counts still goes to a component that has none yet and holds
 *   some of its accounts, so a bookmark keeps pointing at part of what it meant.
 * - Anything else gets a fresh UUID.
 */
import { randomUUID } from 'node:crypto';

export interface ComponentInput {
  /** Keys of the component's accounts, ascending. */
  accountKeys: string[];
  /** The previous person id of each account (same order), null when it had none. */
  previousIds: Array<string | null>;
  /** How many of the accounts an analyst forced out into their own person. */
  forcedOut: number;
}

export interface IdAssignment {
  id: string;
  isNew: boolean;
}

export function assignPersonIds(
  components: ComponentInput[],
  createdAt: ReadonlyMap<string, string | null>,
  newId: () => string = randomUUID,
): IdAssignment[] {
  // personId -> component index -> accounts of that person in the component
  const overlap = new Map<string, Map<number, number>>();
  components.forEach((c, ci) => {
    for (const pid of c.previousIds) {
      if (pid === null) continue;
      let byComp = overlap.get(pid);
      if (!byComp) overlap.set(pid, (byComp = new Map()));
      byComp.set(ci, (byComp.get(ci) ?? 0) + 1);
    }
  });

  const older = (a: string, b: string): number => {
    // A person without createdAt predates createdAt stamping: treat it as oldest.
    const ca = createdAt.get(a) ?? '';
    const cb = createdAt.get(b) ?? '';
    return ca < cb ? -1 : ca > cb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  };
  const betterHeir = (ci: number, n: number, cj: number, m: number): boolean => {
    if (n !== m) return n > m;
    const a = components[ci] as ComponentInput;
    const b = components[cj] as ComponentInput;
    if (a.forcedOut !== b.forcedOut) return a.forcedOut < b.forcedOut;
    return (a.accountKeys[0] ?? '') < (b.accountKeys[0] ?? '');
  };

  const claimants = new Map<number, string[]>();
  for (const [pid, byComp] of overlap) {
    let heir = -1;
    let best = 0;
    for (const [ci, n] of byComp) {
      if (heir === -1 || betterHeir(ci, n, heir, best)) {
        heir = ci;
        best = n;
      }
    }
    const list = claimants.get(heir);
    if (list) list.push(pid);
    else claimants.set(heir, [pid]);
  }

  const assigned: Array<string | null> = components.map(() => null);
  const leftovers: string[] = [];
  for (const [ci, pids] of claimants) {
    pids.sort(older);
    assigned[ci] = pids[0] ?? null;
    leftovers.push(...pids.slice(1));
  }

  leftovers.sort(older);
  for (const pid of leftovers) {
    let target = -1;
    let best = 0;
    for (const [ci, n] of overlap.get(pid) ?? []) {
      if (assigned[ci] !== null) continue;
      if (target === -1 || betterHeir(ci, n, target, best)) {
        target = ci;
        best = n;
      }
    }
    if (target !== -1) assigned[target] = pid;
  }

  return assigned.map((id) => (id === null ? { id: newId(), isNew: true } : { id, isNew: false }));
}
