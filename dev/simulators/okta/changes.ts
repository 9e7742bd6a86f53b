/**
 * Changes to a served org, made the way Okta makes them, for tests and the scripted day: each moves the
 * timestamps Okta moves and writes the System Log event Okta writes, so a connector reading only what
 * changed (users `filter=lastUpdated gt`, groups `lastMembershipUpdated`, the System Log) sees it.
 *
 * What moves what (Okta's documented behaviour where it says; otherwise marked as our reading):
 * - a user's `lastUpdated`: creation, profile edits and status changes. Not sign-ins (they move
 *   `lastLogin`) and not factor changes: factors are their own resources with their own `lastUpdated`,
 *   which is why a change feed must read `user.mfa.factor.*` events.
 * - a group's `lastMembershipUpdated`: members added or removed; `lastUpdated`: its profile.
 * - deactivation resets the user's factors (as the synthetic org assumes); deletion (only of a
 *   DEPROVISIONED user: Okta's first DELETE deactivates) removes the user from its groups, which moves
 *   those groups' `lastMembershipUpdated` (our reading: the membership changed), and from app
 *   assignments and admin roles.
 * - every user is in the BUILT_IN Everyone group: a new hire joins it, without a membership event.
 *
 * The fixture is changed in place; `changed` tells the server to index it again before the next request.
 */
import type { LogActor, OktaApp, OktaGroup, OktaOrgFixture, OktaUser, OktaUserCredentials, OktaUserProfile, OktaUserStatus, UserFactor } from './fixture.js';
import { ADMIN_ACTOR, SYSTEM_ACTOR, actorOf, appTarget, changeEvent, groupTarget, userTarget } from './change-events.js';
import { randomId } from './ids.js';

export interface ChangeOptions {
  /** When the change happened, epoch ms; the simulator's clock when absent. Never later than the clock. */
  at?: number;
  /** Who made it; an admin when absent (the user itself for sign-ins and self-service enrolment). */
  actor?: LogActor;
}

export interface NewUser {
  id?: string;
  profile: OktaUserProfile;
  /** ACTIVE when absent (created and activated at once, as most hires are). */
  status?: 'ACTIVE' | 'STAGED' | 'PROVISIONED';
  credentials?: OktaUserCredentials;
}

export interface NewFactor {
  id?: string;
  factorType: UserFactor['factorType'];
  provider: UserFactor['provider'];
  status?: UserFactor['status'];
  profile?: Record<string, unknown>;
}

export interface NewGroup {
  id?: string;
  name: string;
  description?: string | null;
}

/** Statuses from which a user can sign in. */
const SIGN_IN_STATUSES = new Set<OktaUserStatus>(['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY']);

export class OktaOrgChanges {
  private usersById: Map<string, OktaUser> | undefined;

  constructor(
    private readonly org: OktaOrgFixture,
    private readonly clock: () => number,
    private readonly changed: () => void,
  ) {}

  // ----- users -----

  user(id: string): OktaUser {
    this.usersById ??= new Map(this.org.users.map((u) => [u.id, u]));
    const user = this.usersById.get(id);
    if (!user) throw new Error(`no user ${id} in the simulated org`);
    return user;
  }

  createUser(input: NewUser, opts: ChangeOptions = {}): OktaUser {
    const at = this.time(opts);
    const when = iso(at);
    const status = input.status ?? 'ACTIVE';
    const user: OktaUser = {
      id: input.id ?? this.newId('00u'),
      status,
      created: when,
      activated: status === 'ACTIVE' ? when : null,
      statusChanged: status === 'ACTIVE' ? when : null,
      lastLogin: null,
      lastUpdated: when,
      passwordChanged: status === 'ACTIVE' && input.credentials?.password ? when : null,
      profile: input.profile,
      credentials: input.credentials ?? { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    };
    this.org.users.push(user);
    this.usersById?.set(user.id, user);
    const actor = opts.actor ?? ADMIN_ACTOR;
    this.log('user.lifecycle.create', at, actor, [userTarget(user)]);
    if (status === 'ACTIVE') this.log('user.lifecycle.activate', at, actor, [userTarget(user)]);
    for (const group of this.org.groups) {
      if (group.type !== 'BUILT_IN') continue;
      (this.org.groupMembers[group.id] ??= []).push(user.id);
      group.lastMembershipUpdated = when;
    }
    return this.done(user);
  }

  updateProfile(userId: string, patch: Partial<OktaUserProfile>, opts: ChangeOptions = {}): OktaUser {
    const user = this.user(userId);
    const at = this.time(opts);
    const changeDetails: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(patch)) changeDetails[name] = { from: user.profile[name] ?? null, to: value };
    user.profile = { ...user.profile, ...patch };
    user.lastUpdated = iso(at);
    this.log('user.account.update_profile', at, opts.actor ?? ADMIN_ACTOR, [userTarget(user)], { changeDetails });
    return this.done(user);
  }

  /** DEPROVISIONED: the user keeps its groups, loses its factors. */
  deactivate(userId: string, opts: ChangeOptions = {}): OktaUser {
    const user = this.user(userId);
    if (user.status === 'DEPROVISIONED') return user;
    const at = this.time(opts);
    this.setStatus(user, 'DEPROVISIONED', at);
    delete this.org.factors[user.id];
    this.log('user.lifecycle.deactivate', at, opts.actor ?? ADMIN_ACTOR, [userTarget(user)]);
    return this.done(user);
  }

  suspend(userId: string, opts: ChangeOptions = {}): OktaUser {
    return this.transition(userId, 'SUSPENDED', 'user.lifecycle.suspend', opts);
  }

  unsuspend(userId: string, opts: ChangeOptions = {}): OktaUser {
    return this.transition(userId, 'ACTIVE', 'user.lifecycle.unsuspend', opts);
  }

  activate(userId: string, opts: ChangeOptions = {}): OktaUser {
    const eventType = this.user(userId).status === 'DEPROVISIONED' ? 'user.lifecycle.reactivate' : 'user.lifecycle.activate';
    const user = this.transition(userId, 'ACTIVE', eventType, opts);
    user.activated ??= user.lastUpdated;
    return user;
  }

  /**
   * Deletes a user for good, as `DELETE /api/v1/users/{id}` twice would: deactivated first when it is not
   * already, then gone from the org, its groups, app assignments and admin roles.
   */
  deleteUser(userId: string, opts: ChangeOptions = {}): void {
    const user = this.user(userId);
    if (user.status !== 'DEPROVISIONED') this.deactivate(userId, opts);
    const at = this.time(opts);
    const when = iso(at);
    this.org.users.splice(this.org.users.indexOf(user), 1);
    this.usersById?.delete(user.id);
    delete this.org.factors[user.id];
    delete this.org.userRoles[user.id];
    for (const [groupId, members] of Object.entries(this.org.groupMembers)) {
      const index = members.indexOf(user.id);
      if (index < 0) continue;
      members.splice(index, 1);
      const group = this.org.groups.find((g) => g.id === groupId);
      if (group) group.lastMembershipUpdated = when;
    }
    for (const [appId, assignments] of Object.entries(this.org.appUsers)) {
      this.org.appUsers[appId] = assignments.filter((a) => a.id !== user.id);
    }
    this.log('user.lifecycle.delete.initiated', at, opts.actor ?? ADMIN_ACTOR, [userTarget(user)]);
    this.log('user.lifecycle.delete.completed', at, SYSTEM_ACTOR, [userTarget(user)]);
    this.changed();
  }

  /** A successful sign-in to Okta: `lastLogin` moves (not `lastUpdated`) and `user.session.start` is logged. */
  signIn(userId: string, opts: ChangeOptions = {}): OktaUser {
    const user = this.user(userId);
    if (!SIGN_IN_STATUSES.has(user.status)) throw new Error(`user ${userId} is ${user.status} and cannot sign in`);
    const at = this.time(opts);
    user.lastLogin = iso(at);
    this.log('user.session.start', at, opts.actor ?? actorOf(user), []);
    return this.done(user);
  }

  // ----- factors (the user's own lastUpdated does not move) -----

  enrollFactor(userId: string, input: NewFactor, opts: ChangeOptions = {}): UserFactor {
    const user = this.user(userId);
    const at = this.time(opts);
    const factor: UserFactor = {
      id: input.id ?? this.newId(input.factorType === 'webauthn' ? 'fwf' : input.factorType === 'sms' ? 'sms' : 'opf'),
      factorType: input.factorType,
      provider: input.provider,
      vendorName: input.provider,
      status: input.status ?? 'ACTIVE',
      created: iso(at),
      lastUpdated: iso(at),
      ...(input.profile ? { profile: input.profile } : {}),
    };
    (this.org.factors[user.id] ??= []).push(factor);
    this.log('user.mfa.factor.activate', at, opts.actor ?? actorOf(user), [userTarget(user)]);
    this.done(user);
    return factor;
  }

  updateFactor(userId: string, factorId: string, patch: Partial<Pick<UserFactor, 'status' | 'profile'>>, opts: ChangeOptions = {}): UserFactor {
    const user = this.user(userId);
    const factor = (this.org.factors[user.id] ?? []).find((f) => f.id === factorId);
    if (!factor) throw new Error(`user ${userId} has no factor ${factorId}`);
    const at = this.time(opts);
    Object.assign(factor, patch, { lastUpdated: iso(at) });
    this.log('user.mfa.factor.update', at, opts.actor ?? actorOf(user), [userTarget(user)]);
    this.done(user);
    return factor;
  }

  deactivateFactor(userId: string, factorId: string, opts: ChangeOptions = {}): void {
    const user = this.user(userId);
    const list = this.org.factors[user.id] ?? [];
    const index = list.findIndex((f) => f.id === factorId);
    if (index < 0) throw new Error(`user ${userId} has no factor ${factorId}`);
    list.splice(index, 1);
    this.log('user.mfa.factor.deactivate', this.time(opts), opts.actor ?? ADMIN_ACTOR, [userTarget(user)]);
    this.done(user);
  }

  /** An admin's "Reset all factors" (a lost phone). */
  resetFactors(userId: string, opts: ChangeOptions = {}): void {
    const user = this.user(userId);
    delete this.org.factors[user.id];
    this.log('user.mfa.factor.reset_all', this.time(opts), opts.actor ?? ADMIN_ACTOR, [userTarget(user)]);
    this.done(user);
  }

  // ----- groups -----

  group(id: string): OktaGroup {
    const group = this.org.groups.find((g) => g.id === id);
    if (!group) throw new Error(`no group ${id} in the simulated org`);
    return group;
  }

  createGroup(input: NewGroup, opts: ChangeOptions = {}): OktaGroup {
    const at = this.time(opts);
    const when = iso(at);
    const group: OktaGroup = {
      id: input.id ?? this.newId('00g'),
      created: when,
      lastUpdated: when,
      lastMembershipUpdated: when,
      objectClass: ['okta:user_group'],
      type: 'OKTA_GROUP',
      profile: { name: input.name, description: input.description ?? null },
    };
    this.org.groups.push(group);
    this.org.groupMembers[group.id] = [];
    this.log('group.lifecycle.create', at, opts.actor ?? ADMIN_ACTOR, [groupTarget(group)]);
    return this.done(group);
  }

  updateGroupProfile(groupId: string, patch: { name?: string; description?: string | null }, opts: ChangeOptions = {}): OktaGroup {
    const group = this.group(groupId);
    const at = this.time(opts);
    group.profile = { ...group.profile, ...patch };
    group.lastUpdated = iso(at);
    this.log('group.profile.update', at, opts.actor ?? ADMIN_ACTOR, [groupTarget(group)]);
    return this.done(group);
  }

  /** Only Okta groups can be deleted (Everyone and imported groups cannot), with their roles and app assignments. */
  deleteGroup(groupId: string, opts: ChangeOptions = {}): void {
    const group = this.group(groupId);
    if (group.type !== 'OKTA_GROUP') throw new Error(`group ${groupId} is ${group.type}: only OKTA_GROUP groups can be deleted`);
    this.org.groups.splice(this.org.groups.indexOf(group), 1);
    delete this.org.groupMembers[group.id];
    delete this.org.groupRoles[group.id];
    for (const [appId, assignments] of Object.entries(this.org.appGroups)) {
      this.org.appGroups[appId] = assignments.filter((a) => a.id !== group.id);
    }
    this.log('group.lifecycle.delete', this.time(opts), opts.actor ?? ADMIN_ACTOR, [groupTarget(group)]);
    this.changed();
  }

  addMember(groupId: string, userId: string, opts: ChangeOptions = {}): void {
    this.membership(groupId, userId, true, opts);
  }

  removeMember(groupId: string, userId: string, opts: ChangeOptions = {}): void {
    this.membership(groupId, userId, false, opts);
  }

  // ----- app assignments -----

  assignApp(appId: string, userId: string, opts: ChangeOptions = {}): void {
    const app = this.app(appId);
    const user = this.user(userId);
    const list = (this.org.appUsers[app.id] ??= []);
    if (list.some((a) => a.id === user.id)) return;
    const at = this.time(opts);
    list.push({
      id: user.id,
      externalId: null,
      created: iso(at),
      lastUpdated: iso(at),
      scope: 'USER',
      status: 'ACTIVE',
      statusChanged: iso(at),
      passwordChanged: null,
      syncState: 'DISABLED',
      lastSync: null,
      credentials: { userName: user.profile.login },
      profile: {},
    });
    this.log('application.user_membership.add', at, opts.actor ?? ADMIN_ACTOR, [userTarget(user), appTarget(app)]);
    this.changed();
  }

  unassignApp(appId: string, userId: string, opts: ChangeOptions = {}): void {
    const app = this.app(appId);
    const user = this.user(userId);
    const list = this.org.appUsers[app.id] ?? [];
    const index = list.findIndex((a) => a.id === user.id);
    if (index < 0) return;
    list.splice(index, 1);
    this.log('application.user_membership.remove', this.time(opts), opts.actor ?? ADMIN_ACTOR, [userTarget(user), appTarget(app)]);
    this.changed();
  }

  // ----- helpers -----

  private membership(groupId: string, userId: string, add: boolean, opts: ChangeOptions): void {
    const group = this.group(groupId);
    const user = this.user(userId);
    if (group.type === 'BUILT_IN') throw new Error('Everyone holds every user: its members cannot be changed');
    const members = (this.org.groupMembers[group.id] ??= []);
    const index = members.indexOf(user.id);
    if (add === index >= 0) return;
    if (add) members.push(user.id);
    else members.splice(index, 1);
    const at = this.time(opts);
    group.lastMembershipUpdated = iso(at);
    this.log(add ? 'group.user_membership.add' : 'group.user_membership.remove', at, opts.actor ?? ADMIN_ACTOR, [userTarget(user), groupTarget(group)]);
    this.changed();
  }

  private transition(userId: string, status: OktaUserStatus, eventType: string, opts: ChangeOptions): OktaUser {
    const user = this.user(userId);
    if (user.status === status) return user;
    const at = this.time(opts);
    this.setStatus(user, status, at);
    this.log(eventType, at, opts.actor ?? ADMIN_ACTOR, [userTarget(user)]);
    return this.done(user);
  }

  private setStatus(user: OktaUser, status: OktaUserStatus, at: number): void {
    user.status = status;
    user.statusChanged = iso(at);
    user.lastUpdated = iso(at);
  }

  private app(id: string): OktaApp {
    const app = this.org.apps.find((a) => a.id === id);
    if (!app) throw new Error(`no app ${id} in the simulated org`);
    return app;
  }

  private time(opts: ChangeOptions): number {
    const now = this.clock();
    const at = opts.at ?? now;
    if (at > now) throw new Error(`a change at ${iso(at)} would be in the simulator's future (${iso(now)})`);
    return at;
  }

  private log(eventType: string, at: number, actor: LogActor, target: Parameters<typeof changeEvent>[3], extra: Parameters<typeof changeEvent>[4] = {}): void {
    this.org.logs.push(changeEvent(eventType, at, actor, target, extra));
  }

  private done<T>(value: T): T {
    this.changed();
    return value;
  }

  /** An id with Okta's look: the type prefix, random characters and the org's cell suffix. */
  private newId(prefix: string): string {
    const suffix = this.org.users[0]?.id.slice(-3) ?? '1d7';
    return `${prefix}${randomId(20 - prefix.length - suffix.length)}${suffix}`;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
