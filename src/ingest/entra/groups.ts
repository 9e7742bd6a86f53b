/**
 * Groups and their direct members. Nesting stays as group-to-group MEMBER_OF edges (queries walk
 * MEMBER_OF*); memberCount is every direct member Graph lists, devices and contacts included. Members
 * of up to 20 groups come in one `$batch`.
 *
 * A nested group or a service principal can be met as a member before its own node was written (a
 * later page; service principals belong to `apps`, which runs last): such a node is created as a
 * placeholder without runId, filled in when its owner lists it, and removed by its owner's cleanup
 * if it never is.
 *
 * Incremental runs read `/groups/delta` with members from the deltaLink the previous run stored, and count
 * the members of the groups it named (groups-changes.ts); a full read takes a fresh deltaLink before it lists.
 */
import { EntraGroupNode, EntraUserNode, MEMBER_OF, ServicePrincipalNode } from '../../model/graph.js';
import {
  deleteNodes,
  deleteRels,
  mergeRels,
  mergeRelsWithPlaceholder,
  upsertNodes,
  writeFacet,
  type NodeRow,
  type RowOf,
} from '../../model/writes.js';
import { syncStateExpired, type Resource, type RowsOf } from '../resource.js';
import { BUCKET } from './buckets.js';
import { childEvents, type ChildListing } from './child-lists.js';
import { startFeed } from './delta.js';
import { directoryKindOf, type DirectoryKind } from './directory-object.js';
import type { DeltaMemberRef, DirectoryObjectRef, GraphDeltaGroup, GraphGroup } from './graph-types.js';
import { readGroupChanges, type GroupChangesPage } from './groups-changes.js';
import type { EntraKeys } from './keys.js';
import type { EntraSession } from './session.js';

export const GROUP_FIELDS = ['id', 'displayName', 'groupTypes', 'mailEnabled', 'securityEnabled', 'isAssignableToRole'] as const;
export const GROUPS_URL = `/groups?$select=${GROUP_FIELDS.join(',')}&$top=999`;
/** The delta query of the same fields with the membership (`members@delta`). */
export const GROUPS_DELTA_URL = `/groups/delta?$select=${GROUP_FIELDS.join(',')},members`;

export function membersUrl(groupId: string): string {
  return `/groups/${encodeURIComponent(groupId)}/members?$select=id&$top=999`;
}

export type GroupType = 'Microsoft365' | 'Security' | 'MailEnabledSecurity' | 'Distribution';

export function groupTypeOf(g: Pick<GraphGroup, 'groupTypes' | 'mailEnabled' | 'securityEnabled'>): GroupType {
  if ((g.groupTypes ?? []).some((t) => t.toLowerCase() === 'unified')) return 'Microsoft365';
  if (g.securityEnabled === true) return g.mailEnabled === true ? 'MailEnabledSecurity' : 'Security';
  return g.mailEnabled === true ? 'Distribution' : 'Security';
}

export function transformEntraGroup(g: GraphGroup, keys: EntraKeys): NodeRow<typeof EntraGroupNode> {
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

/** A member the twin models, before it becomes a row of the write for its kind. */
export interface GroupMember {
  kind: DirectoryKind;
  /** Key of the member node. */
  from: string;
  /** The member's object id (placeholders keep it). */
  memberId: string;
  /** Key of the group. */
  to: string;
}

export function transformMember(ref: DirectoryObjectRef, groupId: string, keys: EntraKeys): GroupMember | null {
  const kind = directoryKindOf(ref);
  if (!kind || typeof ref.id !== 'string') return null;
  const from = kind === 'user' ? keys.user(ref.id) : kind === 'group' ? keys.group(ref.id) : keys.servicePrincipal(ref.id);
  return { kind, from, memberId: ref.id, to: keys.group(groupId) };
}

const writes = {
  groups: upsertNodes(EntraGroupNode),
  memberCounts: writeFacet(EntraGroupNode, 'members'),
  userMembers: mergeRels(MEMBER_OF, { from: EntraUserNode, to: EntraGroupNode }),
  // A nested group or a service principal can be met before its own node was written.
  groupMembers: mergeRelsWithPlaceholder(MEMBER_OF, { from: EntraGroupNode, to: EntraGroupNode }, 'from'),
  servicePrincipalMembers: mergeRelsWithPlaceholder(MEMBER_OF, { from: ServicePrincipalNode, to: EntraGroupNode }, 'from'),
  // Incremental runs only, after the writes above in every batch: memberships and groups delta says are gone.
  userMembersRemoved: deleteRels(MEMBER_OF, { from: EntraUserNode, to: EntraGroupNode }),
  groupMembersRemoved: deleteRels(MEMBER_OF, { from: EntraGroupNode, to: EntraGroupNode }),
  servicePrincipalMembersRemoved: deleteRels(MEMBER_OF, { from: ServicePrincipalNode, to: EntraGroupNode }),
  removedGroups: deleteNodes(EntraGroupNode),
};

/**
 * A page of groups, a page of one group's members, or a group whose members were all listed; in incremental
 * runs, a page of a delta round or member counts.
 */
export type EntraGroupsPage =
  | { readonly kind: 'groups'; readonly groups: GraphGroup[] }
  | { readonly kind: 'members'; readonly groupId: string; readonly members: DirectoryObjectRef[] }
  | { readonly kind: 'listed'; readonly groupId: string; readonly memberCount: number }
  | GroupChangesPage;

interface MemberListing extends ChildListing {
  groupId: string;
}

type Rows = { -readonly [K in keyof typeof writes]: Array<RowOf<(typeof writes)[K]>> };

function emptyRows(): Rows {
  return {
    groups: [], memberCounts: [], userMembers: [], groupMembers: [], servicePrincipalMembers: [],
    userMembersRemoved: [], groupMembersRemoved: [], servicePrincipalMembersRemoved: [], removedGroups: [],
  };
}

function addMember(rows: Rows, ref: DirectoryObjectRef, groupId: string, keys: EntraKeys): void {
  const m = transformMember(ref, groupId, keys);
  if (!m) return;
  if (m.kind === 'user') rows.userMembers.push({ from: m.from, to: m.to, props: {} });
  // Placeholders keep the object id, as the owner's listing would write it.
  else if (m.kind === 'group') rows.groupMembers.push({ from: m.from, to: m.to, props: {}, placeholder: { externalId: m.memberId } });
  else rows.servicePrincipalMembers.push({ from: m.from, to: m.to, props: {}, placeholder: { objectId: m.memberId } });
}

/** The rows of one group's members, by the write their kind needs. */
export function memberRows(members: readonly DirectoryObjectRef[], groupId: string, keys: EntraKeys): RowsOf<typeof writes> {
  const rows = emptyRows();
  for (const ref of members) addMember(rows, ref, groupId, keys);
  return rows;
}

/** Whether a delta entry carries the group's properties (a split membership's continuation has only id and members). */
function hasProperties(g: GraphDeltaGroup): boolean {
  return GROUP_FIELDS.some((f) => f !== 'id' && f in g);
}

/** A delta round's rows: groups upserted or deleted, memberships merged or deleted per `members@delta`. */
export function deltaGroupRows(groups: readonly GraphDeltaGroup[], keys: EntraKeys): RowsOf<typeof writes> {
  const rows = emptyRows();
  for (const g of groups) {
    if (typeof g.id !== 'string') continue;
    if (g['@removed']) {
      rows.removedGroups.push({ key: keys.group(g.id) });
      continue;
    }
    if (hasProperties(g)) rows.groups.push(transformEntraGroup(g, keys));
    for (const ref of g['members@delta'] ?? []) {
      if (!ref['@removed']) {
        addMember(rows, ref, g.id, keys);
        continue;
      }
      const m = transformMember(ref satisfies DeltaMemberRef, g.id, keys);
      if (!m) continue;
      const edge = { from: m.from, to: m.to };
      if (m.kind === 'user') rows.userMembersRemoved.push(edge);
      else if (m.kind === 'group') rows.groupMembersRemoved.push(edge);
      else rows.servicePrincipalMembersRemoved.push(edge);
    }
  }
  return rows;
}

export const groups: Resource<EntraSession, EntraGroupsPage, typeof writes> = {
  name: 'groups',
  writes,
  counted: ['groups', 'removedGroups'],
  async *pages(session, ctx) {
    // The change feed starts before the listing: a change made while it runs comes again in the next round.
    const delta = await startFeed(session.client, GROUPS_DELTA_URL, ctx, { bucket: BUCKET.directory, signal: ctx.signal });
    const listing = ctx.listing();
    const pages = session.client.pages<GraphGroup>(GROUPS_URL, { bucket: BUCKET.directory, signal: ctx.signal, onRestart: () => listing.restart() });
    for await (const page of pages) {
      yield { kind: 'groups', groups: page };
      const listings = page.map((g): MemberListing => ({ url: membersUrl(g.id), groupId: g.id }));
      // Members of up to 20 groups per $batch; a group's count is known once its listing is done.
      const counts = new Map<MemberListing, number>();
      for await (const event of childEvents<MemberListing, DirectoryObjectRef>(session.client, listings, { bucket: BUCKET.directory, signal: ctx.signal })) {
        const l = event.listing;
        if (event.kind === 'items') {
          counts.set(l, (counts.get(l) ?? 0) + event.items.length);
          yield { kind: 'members', groupId: l.groupId, members: event.items };
        } else if (event.kind === 'restart') {
          counts.set(l, 0);
        } else if (event.kind === 'gone') {
          // Deleted since the listing: its node goes at the next sync's cleanup, its count is not written.
          counts.delete(l);
        } else {
          yield { kind: 'listed', groupId: l.groupId, memberCount: counts.get(l) ?? 0 };
          counts.delete(l);
        }
      }
    }
    if (delta !== null) ctx.setCursor(delta);
  },
  async *changes(session, ctx) {
    if (ctx.cursor === null) throw syncStateExpired('no groups deltaLink is stored');
    const next = yield* readGroupChanges(session, ctx, ctx.cursor, (message, code) => syncStateExpired(message, code));
    ctx.setCursor(next);
  },
  transform(page, session): RowsOf<typeof writes> {
    const keys = session.keys();
    switch (page.kind) {
      case 'groups':
        return { groups: page.groups.map((g) => transformEntraGroup(g, keys)) };
      case 'members':
        return memberRows(page.members, page.groupId, keys);
      case 'listed':
        return { memberCounts: [{ key: keys.group(page.groupId), props: { memberCount: page.memberCount } }] };
      case 'delta':
        return deltaGroupRows(page.groups, keys);
      case 'counts':
        return { memberCounts: page.counts.map((c) => ({ key: keys.group(c.groupId), props: { memberCount: c.memberCount } })) };
      case 'memberOf':
        return { userMembers: page.groups.filter((ref) => typeof ref.id === 'string').map((ref) => ({ from: keys.user(page.userId), to: keys.group(ref.id), props: {} })) };
    }
  },
};
