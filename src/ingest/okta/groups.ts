/**
 * Data set `groups`: groups (OKTA_GROUP, APP_GROUP, BUILT_IN) and their direct members. Okta groups
 * do not nest, so MEMBER_OF is always user → group. Members need one paged listing per group: those
 * run a few at a time, one page of groups at a time. Read incrementally (groups-changes.ts), a changed
 * group's members are listed whole again and its edges not seen are pruned; deleted groups go by key.
 */
import { MEMBER_OF, OktaGroupNode, OktaUserNode } from '../../model/graph.js';
import { deleteNodes, mergeRels, pruneRels, updateNodes, upsertNodes, type NodeRow, type RelRow } from '../../model/writes.js';
import type { Resource, RowsOf } from '../resource.js';
import { iso } from './change-feed.js';
import { groupId, readGroupPages, type GroupsPage, type GroupWithMembers } from './group-reads.js';
import { groupsChanges, groupsCursor } from './groups-changes.js';
import type { OktaKeys } from './keys.js';
import type { OktaSession } from './session.js';
import { at, num, obj, str, type JsonObject } from './wire.js';

export { groupId, type GroupWithMembers } from './group-reads.js';

export type GroupRow = NodeRow<typeof OktaGroupNode>;

/** `memberCount` comes from `expand=stats` when Okta gives it. */
export function transformOktaGroup(group: JsonObject, keys: OktaKeys): GroupRow {
  const id = groupId(group);
  return {
    key: keys.group(id),
    props: {
      externalId: id,
      displayName: str(obj(group.profile).name) ?? id,
      groupType: str(group.type),
      memberCount: num(at(group, '_embedded', 'stats', 'usersCount')),
    },
  };
}

// Nodes before relationships: the member edges MATCH the groups of the same batch. Members whose user
// node is missing (users not synced) get no edge rather than a half-made account. Removals last: a
// re-listed group's edges this run wrote are stamped and stay.
const writes = {
  groups: upsertNodes(OktaGroupNode),
  memberCounts: updateNodes(OktaGroupNode, ['memberCount']),
  members: mergeRels(MEMBER_OF, { from: OktaUserNode, to: OktaGroupNode }),
  staleMembers: pruneRels(MEMBER_OF, { from: OktaUserNode, to: OktaGroupNode }, 'to'),
  deletedGroups: deleteNodes(OktaGroupNode),
};

/** Pure: groups with their members → group rows, MEMBER_OF rows, and member counts where the stats gave none. */
export function transformGroups(page: readonly GroupWithMembers[], keys: OktaKeys): RowsOf<typeof writes> {
  const groups: GroupRow[] = [];
  const memberCounts: Array<{ key: string; props: { memberCount: number | null } }> = [];
  const members: Array<RelRow<typeof MEMBER_OF>> = [];
  for (const { group, memberIds } of page) {
    const row = transformOktaGroup(group, keys);
    groups.push(row);
    if (memberIds === null) continue;
    for (const uid of memberIds) members.push({ from: keys.user(uid), to: row.key, props: {} });
    if (row.props.memberCount === null) memberCounts.push({ key: row.key, props: { memberCount: memberIds.length } });
  }
  return { groups, memberCounts, members };
}

/** Pure: a page of the groups data set → rows per write. */
export function transformGroupsPage(page: GroupsPage, keys: OktaKeys): RowsOf<typeof writes> {
  if (page.kind === 'deleted') return { deletedGroups: page.ids.map((id) => ({ key: keys.group(id) })) };
  const rows = transformGroups(page.groups, keys);
  if (!page.replaceMembers) return rows;
  // A group whose members could not be listed (it went meanwhile) keeps its edges until its delete event is read.
  const listed = page.groups.filter((g) => g.memberIds !== null);
  return { ...rows, staleMembers: listed.map((g) => ({ key: keys.group(groupId(g.group)) })) };
}

export const groupsResource: Resource<OktaSession, GroupsPage, typeof writes> = {
  name: 'groups',
  writes,
  counted: ['groups', 'deletedGroups'],
  async *pages(session, ctx) {
    const start = await session.serverNow(ctx.signal);
    const query = { limit: 200, expand: 'stats' };
    for await (const groups of readGroupPages(session, ctx, query)) yield { kind: 'groups', groups, replaceMembers: false };
    const cursor = groupsCursor(session, start);
    // Without this run's users in the twin, memberships of users it lacks got no edge: no change feed yet.
    if (cursor !== null) ctx.setCursor(iso(cursor));
  },
  changes: groupsChanges,
  transform: (page, session) => transformGroupsPage(page, session.keys),
};
