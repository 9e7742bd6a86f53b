/**
 * What changed in a tenant's users and groups, in order, for `/users/delta` and `/groups/delta`.
 *
 * Every tracked change is an entry with a sequence number: an object created, some of its properties set,
 * the object removed, or one membership added or removed. A delta token holds the sequence number it was
 * issued at; a round of changes is the entries after it, up to the sequence number current when the round
 * started. Entries are kept per object too, so a round reports each object once (at its last change in the
 * round) with its current state, and a group's membership changes are netted per member, as Graph does.
 */
import type { GraphMemberRef } from './fixture.js';

export type TrackedKind = 'user' | 'group';

/** `changed`: soft-deleted (restorable for 30 days); `deleted`: permanently gone. Graph's two reasons. */
export type RemovalReason = 'changed' | 'deleted';

export interface ChangeEntry {
  readonly seq: number;
  readonly kind: TrackedKind;
  readonly id: string;
  readonly created?: true;
  /** Properties this change set (Graph tracks only the ones a round's `$select` names). */
  readonly props?: readonly string[];
  readonly removed?: RemovalReason;
  /** A membership change of the group `id`. */
  readonly member?: { readonly ref: GraphMemberRef; readonly op: 'add' | 'remove' };
}

type NewEntry = Omit<ChangeEntry, 'seq'>;

const keyOf = (kind: TrackedKind, id: string): string => `${kind}:${id.toLowerCase()}`;

export class ChangeLog {
  private seqNo = 0;
  private readonly log: ChangeEntry[] = [];
  /** Indices into `log`, per object, ascending. */
  private readonly byKey = new Map<string, number[]>();
  /** Properties a change set (to a value or to null): Graph returns such a property even when it is null. */
  private readonly everSet = new Map<string, Set<string>>();
  /**
   * Changes when the tenant was replaced wholesale (setTenant without history): tokens of an older epoch
   * get 410 resyncRequired, as Graph answers when it cannot describe changes since a token.
   */
  epoch = 1;

  /** The sequence number of the newest entry (0 before any). */
  get seq(): number {
    return this.seqNo;
  }

  get entries(): readonly ChangeEntry[] {
    return this.log;
  }

  record(entry: NewEntry): ChangeEntry {
    const full: ChangeEntry = { seq: ++this.seqNo, ...entry };
    const key = keyOf(entry.kind, entry.id);
    const list = this.byKey.get(key);
    if (list) list.push(this.log.length);
    else this.byKey.set(key, [this.log.length]);
    this.log.push(full);
    if (entry.props && entry.props.length > 0) {
      let set = this.everSet.get(key);
      if (!set) {
        set = new Set();
        this.everSet.set(key, set);
      }
      for (const p of entry.props) set.add(p);
    }
    return full;
  }

  wasEverSet(kind: TrackedKind, id: string, prop: string): boolean {
    return this.everSet.get(keyOf(kind, id))?.has(prop) ?? false;
  }

  /** Index of the first entry whose seq is above `seq`. */
  firstAfter(seq: number): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.log[mid]?.seq ?? 0) > seq) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The object's entries with seq in (from, to], oldest first. */
  entriesOf(kind: TrackedKind, id: string, from: number, to: number): ChangeEntry[] {
    const out: ChangeEntry[] = [];
    for (const i of this.byKey.get(keyOf(kind, id)) ?? []) {
      const e = this.log[i];
      if (e && e.seq > from && e.seq <= to) out.push(e);
    }
    return out;
  }

  /**
   * Index (into `entries`) of the object's last entry in (from, to] that `tracked` accepts, or -1: a round
   * reports the object when its scan reaches that entry, so each object appears once.
   */
  lastTracked(kind: TrackedKind, id: string, from: number, to: number, tracked: (e: ChangeEntry) => boolean): number {
    const list = this.byKey.get(keyOf(kind, id)) ?? [];
    for (let k = list.length - 1; k >= 0; k--) {
      const i = list[k] ?? -1;
      const e = this.log[i];
      if (!e || e.seq > to) continue;
      if (e.seq <= from) return -1;
      if (tracked(e)) return i;
    }
    return -1;
  }

  /** The reason of the object's newest removal, if it was removed. */
  removalOf(kind: TrackedKind, id: string): RemovalReason | undefined {
    const list = this.byKey.get(keyOf(kind, id)) ?? [];
    for (let k = list.length - 1; k >= 0; k--) {
      const e = this.log[list[k] ?? -1];
      if (e?.removed) return e.removed;
    }
    return undefined;
  }
}

/** Net membership changes of a group over some entries: the last operation per member wins. */
export function netMembership(entries: readonly ChangeEntry[]): Array<{ ref: GraphMemberRef; op: 'add' | 'remove' }> {
  const net = new Map<string, { ref: GraphMemberRef; op: 'add' | 'remove' }>();
  for (const e of entries) {
    if (!e.member) continue;
    const key = e.member.ref.id.toLowerCase();
    // Re-inserted so the member keeps the position of its last change.
    net.delete(key);
    net.set(key, { ref: e.member.ref, op: e.member.op });
  }
  return [...net.values()];
}
