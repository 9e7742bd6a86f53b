/**
 * Data set `groups`: groups (OKTA_GROUP, APP_GROUP, BUILT_IN) and their direct members. Okta groups
 * do not nest, so MEMBER_OF is always user → group. Members need one paged listing per group: those
 * run a few at a time, one page of groups at a time.
 */
import { TwinError } from '../../errors.js';
import { MEMBER_OF, OktaGroupNode, OktaUserNode } from '../../model/graph.js';
import { mergeRels, updateNodes, upsertNodes, type NodeRow, type RelRow } from '../../model/writes.js';
import { mapLimit } from '../concurrency.js';
import type { Resource, RowsOf } from '../resource.js';
import type { OktaKeys } from './keys.js';
import type { OktaSession } from './session.js';
import { at, num, obj, str, type JsonObject } from './wire.js';

export type GroupRow = NodeRow<typeof OktaGroupNode>;

export function groupId(group: JsonObject): string {
  const id = str(group.id);
  if (!id) throw new TwinError('UPSTREAM_BAD_RESPONSE', 'Okta returned a group without an id');
  return id;
}

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

/** A group as read, with the ids of its direct members; null members when the group went during the sync. */
export interface GroupWithMembers {
  group: JsonObject;
  memberIds: string[] | null;
}

// Nodes before relationships: the member edges MATCH the groups of the same batch. Members whose user
// node is missing (users not synced) get no edge rather than a half-made account.
const writes = {
  groups: upsertNodes(OktaGroupNode),
  memberCounts: updateNodes(OktaGroupNode, ['memberCount']),
  members: mergeRels(MEMBER_OF, { from: OktaUserNode, to: OktaGroupNode }),
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

const MEMBER_CONCURRENCY = 4;

export const groupsResource: Resource<OktaSession, GroupWithMembers[], typeof writes> = {
  name: 'groups',
  writes,
  counted: ['groups'],
  async *pages(session, ctx) {
    const { client } = session;
    for await (const page of client.pages('/api/v1/groups', { query: { limit: 200, expand: 'stats' }, signal: ctx.signal })) {
      yield await mapLimit(page, MEMBER_CONCURRENCY, async (group): Promise<GroupWithMembers> => {
        const id = groupId(group);
        const memberIds: string[] = [];
        try {
          for await (const users of client.pages(`/api/v1/groups/${encodeURIComponent(id)}/users`, { query: { limit: 200 }, signal: ctx.signal })) {
            for (const u of users) {
              const uid = str(u.id);
              if (uid) memberIds.push(uid);
            }
          }
        } catch (err) {
          if (err instanceof TwinError && err.code === 'UPSTREAM_NOT_FOUND') {
            ctx.warn('E0000007', `group ${id} was deleted during the sync; its members were skipped`);
            return { group, memberIds: null };
          }
          throw err;
        }
        return { group, memberIds };
      });
    }
  },
  transform: (page, session) => transformGroups(page, session.keys),
};
