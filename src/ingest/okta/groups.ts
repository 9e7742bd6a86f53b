/**
 * Data set `groups`: groups (OKTA_GROUP, APP_GROUP, BUILT_IN) and their direct members. Okta groups
 * do not nest, so MEMBER_OF is always user → group. Members need one paged listing per group: those
 * run a few at a time, one page of groups at a time.
 */
import { TwinError } from '../../errors.js';
import type { DataSet, DataSetContext } from '../data-set.js';
import { mapLimit } from '../concurrency.js';
import { deleteUnseenNodes, deleteUnseenRels, nodeStamp, relStamp } from '../stamps.js';
import type { OktaKeys } from './keys.js';
import type { OktaClient } from './okta-client.js';
import { at, num, obj, str, type JsonObject } from './wire.js';

export interface GroupRow {
  key: string;
  props: { externalId: string; displayName: string; groupType: string | null; memberCount: number | null };
}

export interface MembershipRow {
  userKey: string;
  groupKey: string;
}

export function groupId(group: JsonObject): string {
  const id = str(group.id);
  if (!id) throw new TwinError('UPSTREAM_BAD_RESPONSE', 'Okta returned a group without an id');
  return id;
}

/** `memberCount` comes from `expand=stats` when Okta gives it. */
export function transformGroup(group: JsonObject, keys: OktaKeys): GroupRow {
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

const LOAD_GROUPS = `UNWIND $rows AS row
MERGE (g:Group {key: row.key})
SET g += row.props, ${nodeStamp('g')}`;

// Members whose user node is missing (users not synced) get no edge rather than a half-made account.
const LOAD_MEMBERS = `UNWIND $rows AS row
MATCH (u:Account {key: row.userKey})
MATCH (g:Group {key: row.groupKey})
MERGE (u)-[r:MEMBER_OF]->(g)
SET ${relStamp('r', 'groups')}`;

const SET_MEMBER_COUNT = `UNWIND $rows AS row
MATCH (g:Group {key: row.key}) SET g.memberCount = row.count`;

const MEMBER_CONCURRENCY = 4;

export function groupsDataSet(deps: { client: OktaClient; keys: OktaKeys }): DataSet {
  const { client, keys } = deps;
  return {
    name: 'groups',
    cleanup: [deleteUnseenRels('MEMBER_OF', 'groups'), deleteUnseenNodes('Group')],
    async run(ctx: DataSetContext): Promise<void> {
      const groups = ctx.writer<GroupRow>(LOAD_GROUPS, { params: { source: ctx.source } });
      const members = ctx.writer<MembershipRow>(LOAD_MEMBERS, { counted: false, batchSize: 5000 });
      const counts = ctx.writer<{ key: string; count: number }>(SET_MEMBER_COUNT, { counted: false });
      for await (const page of client.pages('/api/v1/groups', { query: { limit: 200, expand: 'stats' }, signal: ctx.signal })) {
        const rows = page.map((g) => transformGroup(g, keys));
        await groups.addAll(rows);
        // Nodes before relationships: the member edges MATCH these groups.
        await groups.flush();
        await mapLimit(rows, MEMBER_CONCURRENCY, async (group) => {
          const id = group.props.externalId;
          let count = 0;
          try {
            for await (const users of client.pages(`/api/v1/groups/${encodeURIComponent(id)}/users`, { query: { limit: 200 }, signal: ctx.signal })) {
              for (const u of users) {
                const uid = str(u.id);
                if (!uid) continue;
                count += 1;
                await members.add({ userKey: keys.user(uid), groupKey: group.key });
              }
            }
          } catch (err) {
            if (err instanceof TwinError && err.code === 'UPSTREAM_NOT_FOUND') {
              ctx.warn('E0000007', `group ${id} was deleted during the sync; its members were skipped`);
              return;
            }
            throw err;
          }
          if (group.props.memberCount === null) await counts.add({ key: group.key, count });
        });
      }
      await members.flush();
      await counts.flush();
    },
  };
}
