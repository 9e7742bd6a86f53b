/**
 * Groups and their direct members. Nesting stays as group-to-group MEMBER_OF edges (queries walk
 * MEMBER_OF*); memberCount is every direct member Graph lists, devices and contacts included. Members
 * of up to 20 groups come in one `$batch`.
 *
 * A nested group or a service principal can be met as a member before its own node was written (a
 * later page; service principals belong to `apps`, which runs last): such a node is created as a
 * placeholder without runId, filled in when its owner lists it, and removed by its owner's cleanup
 * if it never is.
 */
import type { DataSet, DataSetContext } from '../data-set.js';
import { listChildren, type ChildListing } from './child-lists.js';
import { directoryKindOf, type DirectoryKind } from './directory-object.js';
import { BUCKET, type EntraEnv } from './env.js';
import type { DirectoryObjectRef, GraphGroup } from './graph-types.js';
import type { EntraKeys } from './keys.js';
import { ListingCount } from './listing-count.js';
import { relStamp, nodeStamp, notSeen, placeholderStamp } from '../stamps.js';

export const GROUP_FIELDS = ['id', 'displayName', 'groupTypes', 'mailEnabled', 'securityEnabled', 'isAssignableToRole'] as const;
export const GROUPS_URL = `/groups?$select=${GROUP_FIELDS.join(',')}&$top=999`;

export function membersUrl(groupId: string): string {
  return `/groups/${encodeURIComponent(groupId)}/members?$select=id&$top=999`;
}

export type GroupType = 'Microsoft365' | 'Security' | 'MailEnabledSecurity' | 'Distribution';

export function groupTypeOf(g: Pick<GraphGroup, 'groupTypes' | 'mailEnabled' | 'securityEnabled'>): GroupType {
  if ((g.groupTypes ?? []).some((t) => t.toLowerCase() === 'unified')) return 'Microsoft365';
  if (g.securityEnabled === true) return g.mailEnabled === true ? 'MailEnabledSecurity' : 'Security';
  return g.mailEnabled === true ? 'Distribution' : 'Security';
}

export interface GroupRow {
  key: string;
  props: { externalId: string; displayName: string | null; groupType: GroupType; dynamic: boolean; isAssignableToRole: boolean };
}

export function transformGroup(g: GraphGroup, keys: EntraKeys): GroupRow {
  return {
    key: keys.group(g.id),
    props: {
      externalId: g.id,
      displayName: g.displayName ?? null,
      groupType: groupTypeOf(g),
      dynamic: (g.groupTypes ?? []).some((t) => t.toLowerCase() === 'dynamicmembership'),
      isAssignableToRole: g.isAssignableToRole === true,
    },
  };
}

export interface MemberEdgeRow {
  kind: DirectoryKind;
  /** Key of the member node. */
  from: string;
  /** The member's object id (placeholders keep it). */
  memberId: string;
  /** Key of the group. */
  to: string;
}

export function transformMember(ref: DirectoryObjectRef, groupId: string, keys: EntraKeys): MemberEdgeRow | null {
  const kind = directoryKindOf(ref);
  if (!kind || typeof ref.id !== 'string') return null;
  const from = kind === 'user' ? keys.user(ref.id) : kind === 'group' ? keys.group(ref.id) : keys.servicePrincipal(ref.id);
  return { kind, from, memberId: ref.id, to: keys.group(groupId) };
}

const UPSERT_GROUP = `
UNWIND $rows AS row
MERGE (g:Group {key: row.key})
SET g += row.props, ${nodeStamp('g')}`;

const MEMBER_COUNT = `
UNWIND $rows AS row
MATCH (g:Group {key: row.key})
SET g.memberCount = row.memberCount`;

const EDGE = `MERGE (m)-[r:MEMBER_OF]->(g)
SET ${relStamp('r', 'groups')}`;

export const MEMBER_EDGE: Record<DirectoryKind, string> = {
  user: `
UNWIND $rows AS row
MATCH (g:Group {key: row.to})
MATCH (m:Account {key: row.from}) WHERE m:EntraUser
${EDGE}`,
  group: `
UNWIND $rows AS row
MATCH (g:Group {key: row.to})
MERGE (m:Group {key: row.from})
ON CREATE SET ${placeholderStamp('m')}, m.externalId = row.memberId
${EDGE}`,
  servicePrincipal: `
UNWIND $rows AS row
MATCH (g:Group {key: row.to})
MERGE (m:Application {key: row.from})
ON CREATE SET m:ServicePrincipal, ${placeholderStamp('m')}, m.objectId = row.memberId
${EDGE}`,
};

export const GROUPS_CLEANUP = [
  `MATCH (:Group {integration: $integration})<-[r:MEMBER_OF]-() WHERE r.dataSet = 'groups' AND ${notSeen('r')}
   CALL { WITH r DELETE r } IN TRANSACTIONS OF 5000 ROWS`,
  `MATCH (g:Group {integration: $integration}) WHERE ${notSeen('g')}
   CALL { WITH g DETACH DELETE g } IN TRANSACTIONS OF 5000 ROWS`,
];

interface MemberListing extends ChildListing {
  groupId: string;
  key: string;
}

export function groupsDataSet(env: EntraEnv): DataSet {
  return {
    name: 'groups',
    cleanup: GROUPS_CLEANUP,
    async run(ctx: DataSetContext): Promise<void> {
      const keys = env.keys();
      const groups = ctx.writer<GroupRow>(UPSERT_GROUP, { counted: false });
      const counts = ctx.writer<{ key: string; memberCount: number }>(MEMBER_COUNT, { counted: false });
      const edges = {
        user: ctx.writer<MemberEdgeRow>(MEMBER_EDGE.user, { counted: false }),
        group: ctx.writer<MemberEdgeRow>(MEMBER_EDGE.group, { counted: false }),
        servicePrincipal: ctx.writer<MemberEdgeRow>(MEMBER_EDGE.servicePrincipal, { counted: false }),
      };
      const counted = new ListingCount(ctx);
      const memberCounts = new Map<MemberListing, number>();

      const pages = env.client.pages<GraphGroup>(GROUPS_URL, {
        bucket: BUCKET.directory,
        signal: ctx.signal,
        onRestart: () => counted.restart(),
      });
      for await (const page of pages) {
        await groups.addAll(page.map((g) => transformGroup(g, keys)));
        // Nodes before relationships: the member edges of this page MATCH these groups.
        await groups.flush();
        counted.add(page.length);
        const listings = page.map((g): MemberListing => ({ url: membersUrl(g.id), groupId: g.id, key: keys.group(g.id) }));
        await listChildren<MemberListing, DirectoryObjectRef>(env.client, listings, { bucket: BUCKET.directory, signal: ctx.signal }, {
          items: async (l, members) => {
            memberCounts.set(l, (memberCounts.get(l) ?? 0) + members.length);
            for (const ref of members) {
              const row = transformMember(ref, l.groupId, keys);
              if (row) await edges[row.kind].add(row);
            }
          },
          restart: (l) => memberCounts.set(l, 0),
          // Deleted since the listing: its node goes at the next sync's cleanup.
          gone: (l) => {
            memberCounts.delete(l);
          },
          done: async (l) => {
            await counts.add({ key: l.key, memberCount: memberCounts.get(l) ?? 0 });
            memberCounts.delete(l);
          },
        });
      }
      for (const w of [edges.user, edges.group, edges.servicePrincipal, counts]) await w.flush();
    },
  };
}
