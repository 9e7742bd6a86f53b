/**
 * One tenant's fixture, indexed for O(page) serving at 200k-user scale.
 *
 * Collections keep the fixture's order in an array; deleting an object leaves a hole instead of
 * shifting the array, so page tokens (which hold array offsets) stay valid while objects
 * disappear mid-sync, as they do in a live directory.
 */
import type {
  EntraObjectKind,
  EntraTenantFixture,
  GraphApplicationFixture,
  GraphAppRoleAssignmentFixture,
  GraphConditionalAccessPolicyFixture,
  GraphGroupFixture,
  GraphMemberRef,
  GraphOAuth2PermissionGrant,
  GraphRoleAssignment,
  GraphRoleDefinitionFixture,
  GraphRoleEligibilityScheduleInstance,
  GraphServicePrincipalFixture,
  GraphSignInFixture,
  GraphUserFixture,
  GraphUserRegistrationDetails,
} from './fixture.js';
import type { DirectoryObjectKind } from './entity-types.js';
import { ChangeLog, type RemovalReason } from './change-log.js';

export class Collection<T extends { id: string }> {
  readonly items: Array<T | undefined>;
  private readonly index = new Map<string, number>();
  private live: number;

  constructor(items: readonly T[]) {
    this.items = [...items];
    this.items.forEach((item, i) => {
      if (item) this.index.set(item.id.toLowerCase(), i);
    });
    this.live = this.index.size;
  }

  get(id: string): T | undefined {
    const i = this.index.get(id.toLowerCase());
    return i === undefined ? undefined : this.items[i];
  }

  delete(id: string): T | undefined {
    const key = id.toLowerCase();
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    const item = this.items[i];
    this.items[i] = undefined;
    this.index.delete(key);
    this.live--;
    return item;
  }

  get size(): number {
    return this.live;
  }

  /** Appends a new object (created after the fixture was indexed); page tokens stay valid. */
  add(item: T): void {
    const key = item.id.toLowerCase();
    if (this.index.has(key)) throw new Error(`duplicate id ${item.id}`);
    this.index.set(key, this.items.length);
    this.items.push(item);
    this.live++;
  }
}

export interface ResolvedObject {
  kind: DirectoryObjectKind;
  object: Record<string, unknown>;
}

export class TenantStore {
  readonly users: Collection<GraphUserFixture>;
  readonly registrationDetails: Collection<GraphUserRegistrationDetails>;
  readonly groups: Collection<GraphGroupFixture>;
  readonly roleDefinitions: Collection<GraphRoleDefinitionFixture>;
  readonly roleAssignments: Collection<GraphRoleAssignment>;
  readonly eligibility: Collection<GraphRoleEligibilityScheduleInstance>;
  readonly policies: Collection<GraphConditionalAccessPolicyFixture>;
  /** Newest first, as Graph returns them. */
  readonly signIns: Collection<GraphSignInFixture>;
  /** signIns' createdDateTime in ms, same order, for binary search on time windows. */
  readonly signInTimes: Float64Array;
  readonly applications: Collection<GraphApplicationFixture>;
  readonly servicePrincipals: Collection<GraphServicePrincipalFixture>;
  readonly appRoleAssignments: Collection<GraphAppRoleAssignmentFixture>;
  readonly grants: Collection<GraphOAuth2PermissionGrant>;

  private readonly usersByUpn = new Map<string, string>();
  private readonly spByAppId = new Map<string, string>();
  private readonly assignmentsByPrincipal = new Map<string, GraphAppRoleAssignmentFixture[]>();
  private readonly assignmentsByResource = new Map<string, GraphAppRoleAssignmentFixture[]>();
  private readonly grantsByClient = new Map<string, GraphOAuth2PermissionGrant[]>();
  private readonly transitiveCache = new Map<string, readonly GraphMemberRef[]>();
  /** Ids removed by deleteObject: links to them (assignments, grants) vanish too. */
  private readonly deletedIds = new Set<string>();
  private memberIndex: Map<string, Set<string>> | undefined;

  /**
   * @param changes what changed in users and groups, for delta queries; kept across re-indexing (the
   *   server passes the tenant's log to every store it builds for the tenant).
   */
  constructor(
    readonly fixture: EntraTenantFixture,
    readonly changes: ChangeLog = new ChangeLog(),
  ) {
    this.users = new Collection(fixture.users);
    for (const u of fixture.users) this.usersByUpn.set(u.userPrincipalName.toLowerCase(), u.id);
    this.registrationDetails = new Collection(fixture.userRegistrationDetails);
    this.groups = new Collection(fixture.groups);
    this.roleDefinitions = new Collection(fixture.roleDefinitions);
    this.roleAssignments = new Collection(fixture.roleAssignments);
    this.eligibility = new Collection(fixture.roleEligibilityScheduleInstances);
    this.policies = new Collection(fixture.conditionalAccessPolicies);
    const sorted = fixture.signIns
      .map((s) => ({ s, ms: Date.parse(s.createdDateTime) }))
      .sort((a, b) => b.ms - a.ms);
    this.signIns = new Collection(sorted.map((x) => x.s));
    this.signInTimes = Float64Array.from(sorted.map((x) => x.ms));
    this.applications = new Collection(fixture.applications);
    this.servicePrincipals = new Collection(fixture.servicePrincipals);
    for (const sp of fixture.servicePrincipals) this.spByAppId.set(sp.appId.toLowerCase(), sp.id);
    this.appRoleAssignments = new Collection(fixture.appRoleAssignments);
    for (const a of fixture.appRoleAssignments) {
      push(this.assignmentsByPrincipal, a.principalId.toLowerCase(), a);
      push(this.assignmentsByResource, a.resourceId.toLowerCase(), a);
    }
    this.grants = new Collection(fixture.oauth2PermissionGrants);
    for (const g of fixture.oauth2PermissionGrants) push(this.grantsByClient, g.clientId.toLowerCase(), g);
  }

  get tenantId(): string {
    return this.fixture.tenantId;
  }

  userByIdOrUpn(key: string): GraphUserFixture | undefined {
    const byId = this.users.get(key);
    if (byId) return byId;
    const id = this.usersByUpn.get(key.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  servicePrincipalByAppId(appId: string): GraphServicePrincipalFixture | undefined {
    const id = this.spByAppId.get(appId.toLowerCase());
    return id === undefined ? undefined : this.servicePrincipals.get(id);
  }

  isDeleted(id: string | null): boolean {
    return id !== null && this.deletedIds.has(id.toLowerCase());
  }

  /** Live app role assignments granted to a principal (SP, user or group). */
  assignmentsOf(principalId: string): readonly GraphAppRoleAssignmentFixture[] {
    return this.assignmentsByPrincipal.get(principalId.toLowerCase()) ?? [];
  }

  assignmentsTo(resourceId: string): readonly GraphAppRoleAssignmentFixture[] {
    return this.assignmentsByResource.get(resourceId.toLowerCase()) ?? [];
  }

  grantsOf(clientId: string): readonly GraphOAuth2PermissionGrant[] {
    return this.grantsByClient.get(clientId.toLowerCase()) ?? [];
  }

  directoryObject(ref: GraphMemberRef): ResolvedObject | undefined {
    const object =
      ref.type === 'user' ? this.users.get(ref.id) : ref.type === 'group' ? this.groups.get(ref.id) : this.servicePrincipals.get(ref.id);
    return object ? { kind: ref.type, object } : undefined;
  }

  /** Any user, group or service principal by id (role assignment principals). */
  anyDirectoryObject(id: string): ResolvedObject | undefined {
    for (const type of ['user', 'group', 'servicePrincipal'] as const) {
      const found = this.directoryObject({ type, id });
      if (found) return found;
    }
    return undefined;
  }

  directMembers(groupId: string): readonly GraphMemberRef[] {
    return this.fixture.groupMembers[groupId] ?? this.fixture.groupMembers[groupId.toLowerCase()] ?? [];
  }

  /** Users, groups and service principals reachable through nesting, each once; cycles are tolerated. */
  transitiveMembers(groupId: string): readonly GraphMemberRef[] {
    const cached = this.transitiveCache.get(groupId);
    if (cached) return cached;
    const result: GraphMemberRef[] = [];
    const seen = new Set<string>([groupId.toLowerCase()]);
    const queue: string[] = [groupId];
    for (let q = 0; q < queue.length; q++) {
      for (const ref of this.directMembers(queue[q] ?? '')) {
        const key = ref.id.toLowerCase();
        if (seen.has(key) || !this.directoryObject(ref)) continue;
        seen.add(key);
        result.push(ref);
        if (ref.type === 'group') queue.push(ref.id);
      }
    }
    this.transitiveCache.set(groupId, result);
    return result;
  }

  /** Adds a user created after indexing (the fixture's array too, so a re-index agrees). */
  addUser(user: GraphUserFixture): void {
    this.users.add(user);
    this.fixture.users.push(user);
    this.usersByUpn.set(user.userPrincipalName.toLowerCase(), user.id);
  }

  /** A user's UPN changed: lookups by UPN follow it. */
  renameUpn(previousUpn: string, user: GraphUserFixture): void {
    this.usersByUpn.delete(previousUpn.toLowerCase());
    this.usersByUpn.set(user.userPrincipalName.toLowerCase(), user.id);
  }

  /** Adds or replaces a user's row of the registration report. */
  setRegistration(row: GraphUserRegistrationDetails): void {
    const existing = this.registrationDetails.get(row.id);
    if (existing) {
      Object.assign(existing, row);
      return;
    }
    this.registrationDetails.add(row);
    this.fixture.userRegistrationDetails.push(row);
  }

  /** The report leaves a user out (it "doesn't work for disabled users"). */
  removeRegistration(userId: string): void {
    const row = this.registrationDetails.delete(userId);
    if (!row) return;
    const at = this.fixture.userRegistrationDetails.indexOf(row);
    if (at >= 0) this.fixture.userRegistrationDetails.splice(at, 1);
  }

  addGroup(group: GraphGroupFixture): void {
    this.groups.add(group);
    this.fixture.groups.push(group);
    this.fixture.groupMembers[group.id] ??= [];
  }

  /** Adds a direct member; false when it already is one. Recorded for `/groups/delta`. */
  addMember(groupId: string, ref: GraphMemberRef): boolean {
    const group = this.groups.get(groupId);
    if (!group) throw new Error(`no group ${groupId}`);
    const members = (this.fixture.groupMembers[group.id] ??= []);
    if (members.some((m) => m.id.toLowerCase() === ref.id.toLowerCase())) return false;
    members.push(ref);
    const index = this.memberships();
    const set = index.get(ref.id.toLowerCase());
    if (set) set.add(group.id);
    else index.set(ref.id.toLowerCase(), new Set([group.id]));
    this.transitiveCache.clear();
    this.changes.record({ kind: 'group', id: group.id, member: { ref, op: 'add' } });
    return true;
  }

  /** Removes a direct member; false when it was not one. Recorded for `/groups/delta`. */
  removeMember(groupId: string, memberId: string): boolean {
    const group = this.groups.get(groupId);
    const members = group ? this.fixture.groupMembers[group.id] : undefined;
    const at = members?.findIndex((m) => m.id.toLowerCase() === memberId.toLowerCase()) ?? -1;
    if (!group || !members || at < 0) return false;
    const [ref] = members.splice(at, 1);
    this.memberships().get(memberId.toLowerCase())?.delete(group.id);
    this.transitiveCache.clear();
    if (ref) this.changes.record({ kind: 'group', id: group.id, member: { ref, op: 'remove' } });
    return true;
  }

  /**
   * Removes an object as a directory delete would, from the index and from the fixture itself
   * (links to it included), so a later re-index or `tenant()` read agrees; returns whether it
   * existed. A user or group removal, and each membership it ends, is recorded for delta queries
   * (Graph reports a member removed "either by removing the membership or by deleting the object").
   */
  delete(kind: EntraObjectKind, id: string, reason: RemovalReason = 'deleted'): boolean {
    const removed = this.collectionOf(kind).delete(id);
    if (removed === undefined) return false;
    const key = id.toLowerCase();
    if (kind === 'user' || kind === 'group' || kind === 'servicePrincipal') this.removePrincipal(kind, removed.id, reason);
    this.deletedIds.add(key);
    this.transitiveCache.clear();
    if (kind === 'user') this.removeRegistration(id);
    removeFromFixture(this.fixture, kind, removed, key);
    return true;
  }

  /** Group ids (as the fixture keys them) per member id (lower-case); built on first use, then kept up to date. */
  private memberships(): Map<string, Set<string>> {
    if (this.memberIndex) return this.memberIndex;
    const index = new Map<string, Set<string>>();
    for (const [groupId, refs] of Object.entries(this.fixture.groupMembers)) {
      for (const ref of refs) {
        const k = ref.id.toLowerCase();
        const set = index.get(k);
        if (set) set.add(groupId);
        else index.set(k, new Set([groupId]));
      }
    }
    this.memberIndex = index;
    return index;
  }

  /** Ids of the groups the object is a direct member of (`/users/{id}/memberOf`). */
  groupsOf(memberId: string): readonly string[] {
    return [...(this.memberships().get(memberId.toLowerCase()) ?? [])];
  }

  /** The principal leaves every group it was in (each recorded), and a group's own member list goes. */
  private removePrincipal(kind: 'user' | 'group' | 'servicePrincipal', id: string, reason: RemovalReason): void {
    const key = id.toLowerCase();
    const index = this.memberships();
    for (const groupId of index.get(key) ?? []) {
      const members = this.fixture.groupMembers[groupId];
      const at = members?.findIndex((m) => m.id.toLowerCase() === key) ?? -1;
      if (!members || at < 0) continue;
      const [ref] = members.splice(at, 1);
      if (ref && groupId.toLowerCase() !== key) this.changes.record({ kind: 'group', id: groupId, member: { ref, op: 'remove' } });
    }
    index.delete(key);
    if (kind === 'group') {
      for (const groupKey of [id, key]) {
        for (const ref of this.fixture.groupMembers[groupKey] ?? []) index.get(ref.id.toLowerCase())?.delete(groupKey);
        delete this.fixture.groupMembers[groupKey];
      }
    }
    if (kind !== 'servicePrincipal') this.changes.record({ kind, id, removed: reason });
  }

  private collectionOf(kind: EntraObjectKind): Collection<{ id: string }> {
    switch (kind) {
      case 'user': return this.users;
      case 'group': return this.groups;
      case 'servicePrincipal': return this.servicePrincipals;
      case 'application': return this.applications;
      case 'roleDefinition': return this.roleDefinitions;
      case 'roleAssignment': return this.roleAssignments;
      case 'roleEligibilityScheduleInstance': return this.eligibility;
      case 'conditionalAccessPolicy': return this.policies;
      case 'signIn': return this.signIns;
      case 'userRegistrationDetails': return this.registrationDetails;
      case 'appRoleAssignment': return this.appRoleAssignments;
      case 'oauth2PermissionGrant': return this.grants;
    }
  }
}

function removeWhere<T>(items: T[], doomed: (item: T) => boolean): void {
  let kept = 0;
  for (const item of items) if (!doomed(item)) items[kept++] = item;
  items.length = kept;
}

/**
 * The object leaves the fixture's own array (found by identity: the index holds the same objects), and a
 * principal takes its role assignments, eligibility and grants with it (its memberships went already).
 */
function removeFromFixture(fixture: EntraTenantFixture, kind: EntraObjectKind, removed: { id: string }, key: string): void {
  // First characters compared before the allocation of a lower-case copy: most ids differ there.
  const first = key.charCodeAt(0);
  const is = (value: string | null): boolean =>
    value !== null && value.length === key.length && (value.charCodeAt(0) | 32) === first && value.toLowerCase() === key;
  const own = (items: Array<{ id: string }>): void => {
    const at = items.indexOf(removed);
    if (at >= 0) items.splice(at, 1);
    else removeWhere(items, (item) => is(item.id));
  };
  switch (kind) {
    case 'user': own(fixture.users); break;
    case 'group': own(fixture.groups); break;
    case 'servicePrincipal': own(fixture.servicePrincipals); break;
    case 'application': own(fixture.applications); break;
    case 'roleDefinition': own(fixture.roleDefinitions); break;
    case 'roleAssignment': own(fixture.roleAssignments); break;
    case 'roleEligibilityScheduleInstance': own(fixture.roleEligibilityScheduleInstances); break;
    case 'conditionalAccessPolicy': own(fixture.conditionalAccessPolicies); break;
    case 'signIn': own(fixture.signIns); break;
    case 'userRegistrationDetails': own(fixture.userRegistrationDetails); break;
    case 'appRoleAssignment': own(fixture.appRoleAssignments); break;
    case 'oauth2PermissionGrant': own(fixture.oauth2PermissionGrants); break;
  }
  if (kind !== 'user' && kind !== 'group' && kind !== 'servicePrincipal') return;
  removeWhere(fixture.roleAssignments, (a) => is(a.principalId));
  removeWhere(fixture.roleEligibilityScheduleInstances, (e) => is(e.principalId));
  removeWhere(fixture.appRoleAssignments, (a) => is(a.principalId) || is(a.resourceId));
  removeWhere(fixture.oauth2PermissionGrants, (g) => is(g.clientId) || is(g.resourceId) || is(g.principalId));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
