/**
 * Changes made by editing a fixture directly (`updateTenant`, `setTenant`) reach delta queries too: the
 * users, groups and memberships are fingerprinted before the edit and compared after it, and every
 * difference becomes a change-log entry, as if it had been made through the mutation API.
 * signInActivity is not compared: delta queries never track it.
 */
import type { ChangeLog } from './change-log.js';
import type { EntraTenantFixture, GraphMemberRef } from './fixture.js';

/** Per object id (lower-case): its properties as JSON, by name. */
type Fingerprints = Map<string, { id: string; props: Map<string, string> }>;

export interface TrackedSnapshot {
  users: Fingerprints;
  groups: Fingerprints;
  /** Per group id (lower-case): its direct members by member id (lower-case). */
  members: Map<string, Map<string, GraphMemberRef>>;
}

const UNTRACKED = new Set(['signInActivity']);

function fingerprints(objects: ReadonlyArray<{ id: string }>): Fingerprints {
  const out: Fingerprints = new Map();
  for (const o of objects) {
    const props = new Map<string, string>();
    for (const [k, v] of Object.entries(o)) if (!UNTRACKED.has(k)) props.set(k, JSON.stringify(v ?? null));
    out.set(o.id.toLowerCase(), { id: o.id, props });
  }
  return out;
}

/** Members whose object exists: the simulator lists no others, so a dangling reference is no member. */
function memberships(fixture: EntraTenantFixture): Map<string, Map<string, GraphMemberRef>> {
  const exists = new Set<string>();
  for (const list of [fixture.users, fixture.groups, fixture.servicePrincipals]) for (const o of list) exists.add(o.id.toLowerCase());
  const out = new Map<string, Map<string, GraphMemberRef>>();
  for (const [groupId, refs] of Object.entries(fixture.groupMembers)) {
    out.set(groupId.toLowerCase(), new Map(refs.filter((r) => exists.has(r.id.toLowerCase())).map((r) => [r.id.toLowerCase(), r])));
  }
  return out;
}

export function snapshotTracked(fixture: EntraTenantFixture): TrackedSnapshot {
  return { users: fingerprints(fixture.users), groups: fingerprints(fixture.groups), members: memberships(fixture) };
}

function diffObjects(kind: 'user' | 'group', before: Fingerprints, after: Fingerprints, log: ChangeLog): void {
  for (const [key, now] of after) {
    const was = before.get(key);
    if (!was) {
      log.record({ kind, id: now.id, created: true, props: [...now.props.keys()] });
      continue;
    }
    const changed = [...new Set([...now.props.keys(), ...was.props.keys()])].filter((p) => now.props.get(p) !== was.props.get(p));
    if (changed.length > 0) log.record({ kind, id: now.id, props: changed });
  }
  for (const [key, was] of before) if (!after.has(key)) log.record({ kind, id: was.id, removed: 'deleted' });
}

/** Records what differs between `before` and the fixture as it is now. */
export function recordDiff(before: TrackedSnapshot, fixture: EntraTenantFixture, log: ChangeLog): void {
  const after = snapshotTracked(fixture);
  diffObjects('user', before.users, after.users, log);
  diffObjects('group', before.groups, after.groups, log);
  const groupIds = new Map<string, string>();
  for (const g of fixture.groups) groupIds.set(g.id.toLowerCase(), g.id);
  for (const [groupKey, now] of after.members) {
    const id = groupIds.get(groupKey);
    if (!id) continue;
    const was = before.members.get(groupKey) ?? new Map<string, GraphMemberRef>();
    for (const [memberKey, ref] of now) if (!was.has(memberKey)) log.record({ kind: 'group', id, member: { ref, op: 'add' } });
    for (const [memberKey, ref] of was) if (!now.has(memberKey)) log.record({ kind: 'group', id, member: { ref, op: 'remove' } });
  }
}
