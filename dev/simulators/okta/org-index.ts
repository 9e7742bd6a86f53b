/**
 * The fixture, indexed once so every request costs O(page): ids to positions, sorted member
 * lists, reverse memberships, logs sorted by time. Deleting a user (a fault) only drops cached
 * views; the positions stay, so cursors naming a deleted user keep working.
 */
import type {
  AppGroup,
  AppUser,
  IamRole,
  LogEvent,
  OktaApp,
  OktaGroup,
  OktaOrgFixture,
  OktaPolicy,
  OktaPolicyRule,
  OktaPolicyType,
  OktaUser,
  RoleAssignment,
  UserFactor,
} from './fixture.js';
import type { PagedList } from './paging.js';
import { arrayList } from './paging.js';

/** A keyed list of items addressable by id; the key of an item is its position. */
class Positions<T extends { id: string }> {
  readonly items: readonly T[];
  private readonly byId = new Map<string, number>();
  readonly allKeys: readonly number[];

  constructor(items: readonly T[]) {
    this.items = items;
    items.forEach((item, index) => {
      if (!this.byId.has(item.id)) this.byId.set(item.id, index);
    });
    this.allKeys = items.map((_, index) => index);
  }

  positionOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  get(id: string): T | undefined {
    const position = this.byId.get(id);
    return position === undefined ? undefined : this.items[position];
  }

  list(keys: readonly number[] = this.allKeys): PagedList<T> {
    return { keys, item: (index) => this.items[keys[index] ?? -1] as T };
  }
}

interface KeyedItems<T> {
  keys: number[];
  items: T[];
}

const MAX_CACHED_VIEWS = 64;

export class OrgIndex {
  readonly users: Positions<OktaUser>;
  readonly groups: Positions<OktaGroup>;
  readonly apps: Positions<OktaApp>;
  readonly customRoles: Positions<IamRole>;
  /** Sorted by `published`, ties kept in fixture order. */
  readonly logs: readonly LogEvent[];
  readonly logTimes: readonly number[];

  private readonly fixture: OktaOrgFixture;
  private readonly usersByLogin = new Map<string, number>();
  /** Ordinals for app-user ids that are not in `users` (inconsistent fixtures stay pageable). */
  private readonly extraUserKeys = new Map<string, number>();
  private readonly groupMemberKeys = new Map<string, number[]>();
  private readonly groupIdsByUser = new Map<string, string[]>();
  private readonly appCountByGroup = new Map<string, number>();
  private readonly appUsers = new Map<string, KeyedItems<AppUser>>();
  private readonly appGroups = new Map<string, KeyedItems<AppGroup>>();
  private readonly policiesById = new Map<string, OktaPolicy>();
  private readonly deletedUsers = new Set<string>();
  private readonly views = new Map<string, readonly number[]>();
  private adminKeys: number[] | undefined;

  /** `deletedUsers`: users a fault deleted from the index this one replaces (they stay deleted). */
  constructor(fixture: OktaOrgFixture, deletedUsers: Iterable<string> = []) {
    this.fixture = fixture;
    for (const id of deletedUsers) this.deletedUsers.add(id);
    this.users = new Positions(fixture.users);
    fixture.users.forEach((user, index) => {
      const login = user.profile.login.toLowerCase();
      if (!this.usersByLogin.has(login)) this.usersByLogin.set(login, index);
    });
    this.groups = new Positions(fixture.groups);
    this.apps = new Positions(fixture.apps);
    this.customRoles = new Positions(fixture.customRoles);

    for (const [groupId, memberIds] of Object.entries(fixture.groupMembers)) {
      const keys: number[] = [];
      for (const userId of memberIds) {
        const key = this.users.positionOf(userId);
        if (key !== undefined) keys.push(key);
        const groupIds = this.groupIdsByUser.get(userId);
        if (groupIds) groupIds.push(groupId);
        else this.groupIdsByUser.set(userId, [groupId]);
      }
      this.groupMemberKeys.set(groupId, sortedUnique(keys));
    }

    for (const [appId, assignments] of Object.entries(fixture.appUsers)) {
      this.appUsers.set(appId, sortByKey(assignments, (appUser) => this.userKey(appUser.id)));
    }
    for (const [appId, assignments] of Object.entries(fixture.appGroups)) {
      this.appGroups.set(
        appId,
        sortByKey(assignments, (appGroup) => this.groups.positionOf(appGroup.id) ?? Number.MAX_SAFE_INTEGER),
      );
      for (const assignment of assignments) {
        this.appCountByGroup.set(assignment.id, (this.appCountByGroup.get(assignment.id) ?? 0) + 1);
      }
    }

    const logs = fixture.logs
      .map((event, index) => ({ event, index, time: Date.parse(event.published) }))
      .sort((a, b) => a.time - b.time || a.index - b.index);
    this.logs = logs.map((entry) => entry.event);
    this.logTimes = logs.map((entry) => entry.time);

    for (const policies of Object.values(fixture.policies)) {
      for (const policy of policies ?? []) this.policiesById.set(policy.id, policy);
    }
  }

  // ----- users -----

  /** A user, unless unknown or deleted by a fault. */
  user(id: string): OktaUser | undefined {
    if (this.deletedUsers.has(id)) return undefined;
    return this.users.get(id);
  }

  userByIdOrLogin(idOrLogin: string): OktaUser | undefined {
    const byId = this.user(idOrLogin);
    if (byId) return byId;
    const position = this.usersByLogin.get(idOrLogin.toLowerCase());
    const user = position === undefined ? undefined : this.users.items[position];
    return user && !this.deletedUsers.has(user.id) ? user : undefined;
  }

  /** Cursor key of a user id, including deleted users and app users missing from `users`. */
  userKey(id: string): number {
    const position = this.users.positionOf(id);
    if (position !== undefined) return position;
    let extra = this.extraUserKeys.get(id);
    if (extra === undefined) {
      extra = this.users.items.length + this.extraUserKeys.size;
      this.extraUserKeys.set(id, extra);
    }
    return extra;
  }

  /** Cursor key of a user id we have seen, without minting one for an unknown string. */
  knownUserKey(id: string): number | undefined {
    return this.users.positionOf(id) ?? this.extraUserKeys.get(id);
  }

  deletedUserIds(): string[] {
    return [...this.deletedUsers];
  }

  isDeleted(userId: string): boolean {
    return this.deletedUsers.has(userId);
  }

  deleteUser(userId: string): void {
    this.deletedUsers.add(userId);
    this.views.clear();
    this.adminKeys = undefined;
  }

  /**
   * Users matching `predicate`, computed once per `cacheKey` and kept while nothing changes, so
   * paging through a search costs one scan in total rather than one per page.
   */
  userView(cacheKey: string, predicate: (user: OktaUser) => boolean): PagedList<OktaUser> {
    return this.users.list(
      this.cachedView(`users:${cacheKey}`, () => {
        const keys: number[] = [];
        this.users.items.forEach((user, index) => {
          if (!this.deletedUsers.has(user.id) && predicate(user)) keys.push(index);
        });
        return keys;
      }),
    );
  }

  factors(userId: string): UserFactor[] {
    return this.fixture.factors[userId] ?? [];
  }

  groupIdsOf(userId: string): string[] {
    return this.groupIdsByUser.get(userId) ?? [];
  }

  directRoles(userId: string): RoleAssignment[] {
    return this.fixture.userRoles[userId] ?? [];
  }

  // ----- groups -----

  members(groupId: string): PagedList<OktaUser> {
    const keys = this.groupMemberKeys.get(groupId) ?? [];
    if (this.deletedUsers.size === 0) return this.users.list(keys);
    return this.users.list(this.cachedView(`members:${groupId}`, () => keys.filter((key) => this.liveKey(key))));
  }

  memberCount(groupId: string): number {
    return this.groupMemberKeys.get(groupId)?.length ?? 0;
  }

  appCount(groupId: string): number {
    return this.appCountByGroup.get(groupId) ?? 0;
  }

  groupRoles(groupId: string): RoleAssignment[] {
    return this.fixture.groupRoles[groupId] ?? [];
  }

  groupView(cacheKey: string, predicate: (group: OktaGroup) => boolean): PagedList<OktaGroup> {
    return this.groups.list(
      this.cachedView(`groups:${cacheKey}`, () => {
        const keys: number[] = [];
        this.groups.items.forEach((group, index) => {
          if (predicate(group)) keys.push(index);
        });
        return keys;
      }),
    );
  }

  // ----- roles -----

  /** Users holding any role directly or through a group, in user order. */
  adminUsers(): PagedList<OktaUser> {
    if (!this.adminKeys) {
      const keys = new Set<number>();
      for (const [userId, roles] of Object.entries(this.fixture.userRoles)) {
        const key = this.users.positionOf(userId);
        if (roles.length > 0 && key !== undefined && !this.deletedUsers.has(userId)) keys.add(key);
      }
      for (const [groupId, roles] of Object.entries(this.fixture.groupRoles)) {
        if (roles.length === 0) continue;
        for (const key of this.groupMemberKeys.get(groupId) ?? []) {
          if (this.liveKey(key)) keys.add(key);
        }
      }
      this.adminKeys = [...keys].sort((a, b) => a - b);
    }
    return this.users.list(this.adminKeys);
  }

  // ----- apps -----

  appView(cacheKey: string, predicate: (app: OktaApp) => boolean): PagedList<OktaApp> {
    return this.apps.list(
      this.cachedView(`apps:${cacheKey}`, () => {
        const keys: number[] = [];
        this.apps.items.forEach((app, index) => {
          if (predicate(app)) keys.push(index);
        });
        return keys;
      }),
    );
  }

  appUserList(appId: string): PagedList<AppUser> {
    const all = this.appUsers.get(appId) ?? { keys: [], items: [] };
    if (this.deletedUsers.size === 0) return arrayList(all.keys, all.items);
    const live: KeyedItems<AppUser> = { keys: [], items: [] };
    all.items.forEach((appUser, index) => {
      if (!this.deletedUsers.has(appUser.id)) {
        live.keys.push(all.keys[index] ?? 0);
        live.items.push(appUser);
      }
    });
    return arrayList(live.keys, live.items);
  }

  appGroupList(appId: string): PagedList<AppGroup> {
    const all = this.appGroups.get(appId) ?? { keys: [], items: [] };
    return arrayList(all.keys, all.items);
  }

  // ----- policies -----

  policies(type: OktaPolicyType): PagedList<OktaPolicy> {
    const policies = this.fixture.policies[type] ?? [];
    return arrayList(
      policies.map((_, index) => index),
      policies,
    );
  }

  policy(id: string): OktaPolicy | undefined {
    return this.policiesById.get(id);
  }

  policyRules(policyId: string): OktaPolicyRule[] {
    return this.fixture.policyRules[policyId] ?? [];
  }

  // ----- helpers -----

  private liveKey(key: number): boolean {
    const user = this.users.items[key];
    return user !== undefined && !this.deletedUsers.has(user.id);
  }

  private cachedView(cacheKey: string, build: () => number[]): readonly number[] {
    let keys = this.views.get(cacheKey);
    if (!keys) {
      keys = build();
      if (this.views.size >= MAX_CACHED_VIEWS) {
        const oldest = this.views.keys().next().value;
        if (oldest !== undefined) this.views.delete(oldest);
      }
      this.views.set(cacheKey, keys);
    }
    return keys;
  }
}

function sortedUnique(keys: number[]): number[] {
  keys.sort((a, b) => a - b);
  return keys.filter((key, index) => index === 0 || keys[index - 1] !== key);
}

function sortByKey<T>(items: readonly T[], keyOf: (item: T) => number): KeyedItems<T> {
  const keyed = items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => a.key - b.key);
  return { keys: keyed.map((entry) => entry.key), items: keyed.map((entry) => entry.item) };
}
