/**
 * Data set `roles`: admin role assignments, stored where Okta assigned them. A user's own (USER)
 * assignments go on the user; a group's on the group. `/users/{id}/roles` also lists the roles a user
 * inherits through groups (assignmentType GROUP): those are not copied onto the user, since "holds a role"
 * is resolved at query time through MEMBER_OF.
 *
 * Which principals to ask: rather than one roles call per user and per group, the admin users come from
 * `/iam/assignees/users` (paged by the body's `_links.next`), and the admin groups from
 * `/groups?expand=stats` where `hasAdminPrivlege` (Okta's spelling) is true. A group whose stats do not say
 * is asked anyway, so a missing flag never hides a role.
 */
import { TwinError } from '../../errors.js';
import { HAS_ROLE, OktaGroupNode, OktaRoleNode, OktaUserNode } from '../../model/graph.js';
import { oktaRoleClass } from '../../model/vocabulary.js';
import { mergeRels, upsertNodes, type NodeRow, type RelRow } from '../../model/writes.js';
import { mapLimit } from '../concurrency.js';
import type { FetchContext, Resource, RowsOf } from '../resource.js';
import type { OktaKeys } from './keys.js';
import type { OktaSession } from './session.js';
import { arr, at, bool, isObject, str, type JsonObject } from './wire.js';

export interface RoleAssignmentRow {
  principalKey: string;
  roleNodeKey: string;
  assignmentId: string;
  role: { roleKey: string; name: string; tier0: boolean; privileged: boolean };
}

export type Principal = { kind: 'user' | 'group'; id: string };

/** Who an assignment was made to: assignmentType, else the `_links.assignee` URL. */
function assignedTo(a: JsonObject): 'user' | 'group' | 'other' | 'unknown' {
  const type = str(a.assignmentType)?.toUpperCase();
  if (type === 'USER') return 'user';
  if (type === 'GROUP') return 'group';
  if (type) return 'other';
  const href = str(at(a, '_links', 'assignee', 'href'));
  if (href === null) return 'unknown';
  if (/\/api\/v1\/users\//.test(href)) return 'user';
  if (/\/api\/v1\/groups\//.test(href)) return 'group';
  return 'other';
}

/**
 * A principal's role assignments → rows. Only assignments made to that principal itself and ACTIVE
 * ones count; custom roles are keyed by their role id (cr0…), built-in ones by type.
 */
export function transformRoleAssignments(principal: Principal, assignments: readonly JsonObject[], keys: OktaKeys): RoleAssignmentRow[] {
  const rows: RoleAssignmentRow[] = [];
  for (const a of assignments) {
    const status = str(a.status);
    if (status !== null && status !== 'ACTIVE') continue;
    const to = assignedTo(a);
    if (to !== principal.kind && to !== 'unknown') continue;
    const type = str(a.type);
    const id = str(a.id);
    if (!type || !id) continue;
    const roleKey = type === 'CUSTOM' ? (str(a.role) ?? str(at(a, '_links', 'role', 'href'))?.split('/').pop() ?? null) : type;
    if (!roleKey) continue;
    const { tier0, privileged } = oktaRoleClass(type);
    rows.push({
      principalKey: principal.kind === 'user' ? keys.user(principal.id) : keys.group(principal.id),
      roleNodeKey: keys.role(roleKey),
      assignmentId: id,
      role: { roleKey, name: str(a.label) ?? roleKey, tier0, privileged },
    });
  }
  return rows;
}

/** Admin groups per `expand=stats`; a group without the flag is treated as possibly admin. */
export function mayHoldAdminRoles(group: JsonObject): boolean {
  return bool(at(group, '_embedded', 'stats', 'hasAdminPrivlege')) !== false;
}

/** A principal as read, with its role assignments. */
export interface PrincipalRoles {
  principal: Principal;
  assignments: JsonObject[];
}

const writes = {
  roles: upsertNodes(OktaRoleNode),
  userRoles: mergeRels(HAS_ROLE, { from: OktaUserNode, to: OktaRoleNode, mergeOn: ['assignmentId'] }),
  groupRoles: mergeRels(HAS_ROLE, { from: OktaGroupNode, to: OktaRoleNode, mergeOn: ['assignmentId'] }),
};

/** Pure: principals' assignments → role nodes and HAS_ROLE edges on the user or group Okta assigned them to. */
export function transformRoles(page: readonly PrincipalRoles[], keys: OktaKeys): RowsOf<typeof writes> {
  const roles = new Map<string, NodeRow<typeof OktaRoleNode>>();
  const userRoles: Array<RelRow<typeof HAS_ROLE>> = [];
  const groupRoles: Array<RelRow<typeof HAS_ROLE>> = [];
  for (const { principal, assignments } of page) {
    for (const a of transformRoleAssignments(principal, assignments, keys)) {
      roles.set(a.roleNodeKey, { key: a.roleNodeKey, props: a.role });
      // Okta's admin roles are held actively and org-wide (no PIM, no administrative units).
      const edge: RelRow<typeof HAS_ROLE> = { from: a.principalKey, to: a.roleNodeKey, props: { assignmentId: a.assignmentId, assignment: 'active', scope: 'org' } };
      (principal.kind === 'user' ? userRoles : groupRoles).push(edge);
    }
  }
  return { roles: [...roles.values()], userRoles, groupRoles };
}

const CONCURRENCY = 4;

async function rolesOf(session: OktaSession, principal: Principal, ctx: FetchContext): Promise<PrincipalRoles> {
  const path = `/api/v1/${principal.kind === 'user' ? 'users' : 'groups'}/${encodeURIComponent(principal.id)}/roles`;
  const body = await session.client.getOptional<unknown>(path, { signal: ctx.signal });
  if (body === null) {
    ctx.warn('E0000007', `${principal.kind} ${principal.id} was deleted during the sync; its roles were skipped`);
    return { principal, assignments: [] };
  }
  if (!Array.isArray(body)) throw new TwinError('UPSTREAM_BAD_RESPONSE', `Okta's roles of ${principal.kind} ${principal.id} are not a list`);
  return { principal, assignments: body.filter(isObject) };
}

export const rolesResource: Resource<OktaSession, PrincipalRoles[], typeof writes> = {
  name: 'roles',
  writes,
  // The count is the assignments loaded, as before the port.
  counted: ['userRoles', 'groupRoles'],
  async *pages(session, ctx) {
    const admins = session.client.pages('/api/v1/iam/assignees/users', {
      query: { limit: 100 },
      signal: ctx.signal,
      items: (body) => (isObject(body) && Array.isArray(body.value) ? arr(body.value) : null),
    });
    for await (const page of admins) {
      const ids = page.map((u) => str(u.id)).filter((id): id is string => id !== null);
      yield await mapLimit(ids, CONCURRENCY, (id) => rolesOf(session, { kind: 'user', id }, ctx));
    }
    for await (const page of session.client.pages('/api/v1/groups', { query: { limit: 200, expand: 'stats' }, signal: ctx.signal })) {
      const ids = page.filter(mayHoldAdminRoles).map((g) => str(g.id)).filter((id): id is string => id !== null);
      yield await mapLimit(ids, CONCURRENCY, (id) => rolesOf(session, { kind: 'group', id }, ctx));
    }
  },
  transform: (page, session) => transformRoles(page, session.keys),
};
