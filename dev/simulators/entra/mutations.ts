/**
 * Changing a simulated tenant the way its admins and users would, between two syncs: users created,
 * edited, disabled and deleted, groups created and deleted, members added and removed, MFA methods
 * registered, sign-ins recorded. Every change lands in the tenant's store (so list endpoints serve it) and,
 * where Graph tracks it, in its change log (so `/users/delta` and `/groups/delta` report it).
 * signInActivity and the registration report are not tracked by delta, as in Graph.
 */
import type { RemovalReason } from './change-log.js';
import type { GraphGroupFixture, GraphMemberRef, GraphUserFixture, GraphUserRegistrationDetails } from './fixture.js';
import type { TenantStore } from './tenant-store.js';

export type UserPatch = Partial<Omit<GraphUserFixture, 'id' | 'signInActivity'>>;
export type GroupPatch = Partial<Omit<GraphGroupFixture, 'id'>>;
export type RegistrationPatch = Partial<Omit<GraphUserRegistrationDetails, 'id'>>;

export interface SignInRecord {
  /** When the sign-in happened (ms). Graph updates signInActivity hours later with this time. */
  at: number;
  interactive: boolean;
  requestId?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function changedKeys<T extends object>(target: T, patch: Partial<T>): Array<keyof T & string> {
  return (Object.keys(patch) as Array<keyof T & string>).filter((k) => JSON.stringify(target[k] ?? null) !== JSON.stringify(patch[k] ?? null));
}

export class TenantMutations {
  /** @param store the tenant's current store (looked up on each call: re-indexing replaces it). */
  constructor(private readonly store: () => TenantStore) {}

  private user(id: string): GraphUserFixture {
    const user = this.store().users.get(id);
    if (!user) throw new Error(`no user ${id}`);
    return user;
  }

  private group(id: string): GraphGroupFixture {
    const group = this.store().groups.get(id);
    if (!group) throw new Error(`no group ${id}`);
    return group;
  }

  /** A new user; an enabled one gets a row in the registration report (unregistered unless given). */
  createUser(user: GraphUserFixture, registration: RegistrationPatch = {}): void {
    const store = this.store();
    store.addUser(user);
    store.changes.record({ kind: 'user', id: user.id, created: true, props: Object.keys(user).filter((k) => k !== 'signInActivity') });
    if (user.accountEnabled) this.setMfaRegistration(user.id, registration);
  }

  updateUser(id: string, patch: UserPatch): void {
    const store = this.store();
    const user = this.user(id);
    const changed = changedKeys(user, patch);
    if (changed.length === 0) return;
    const previousUpn = user.userPrincipalName;
    Object.assign(user, patch);
    if (user.userPrincipalName !== previousUpn) store.renameUpn(previousUpn, user);
    const row = store.registrationDetails.get(id);
    if (row) {
      row.userPrincipalName = user.userPrincipalName;
      if (user.displayName) row.userDisplayName = user.displayName;
      if (patch.userType) row.userType = patch.userType === 'Guest' ? 'guest' : 'member';
    }
    store.changes.record({ kind: 'user', id: user.id, props: changed });
  }

  /** accountEnabled false; the registration report stops listing the user, as it does for disabled users. */
  disableUser(id: string): void {
    this.updateUser(id, { accountEnabled: false });
    this.store().removeRegistration(id);
  }

  enableUser(id: string, registration: RegistrationPatch = {}): void {
    this.updateUser(id, { accountEnabled: true });
    if (!this.store().registrationDetails.get(id)) this.setMfaRegistration(id, registration);
  }

  /** Soft delete by default (delta reason `changed`); `permanent` gives reason `deleted`. */
  deleteUser(id: string, opts: { permanent?: boolean } = {}): void {
    if (!this.store().delete('user', id, opts.permanent ? 'deleted' : 'changed')) throw new Error(`no user ${id}`);
  }

  createGroup(group: GraphGroupFixture, members: readonly GraphMemberRef[] = []): void {
    const store = this.store();
    store.addGroup(group);
    store.changes.record({ kind: 'group', id: group.id, created: true, props: Object.keys(group) });
    for (const ref of members) store.addMember(group.id, ref);
  }

  updateGroup(id: string, patch: GroupPatch): void {
    const group = this.group(id);
    const changed = changedKeys(group, patch);
    if (changed.length === 0) return;
    Object.assign(group, patch);
    this.store().changes.record({ kind: 'group', id: group.id, props: changed });
  }

  /** Microsoft 365 groups go to the recycle bin (reason `changed`); others are gone for good. */
  deleteGroup(id: string): void {
    const reason: RemovalReason = this.group(id).groupTypes.some((t) => t.toLowerCase() === 'unified') ? 'changed' : 'deleted';
    this.store().delete('group', id, reason);
  }

  addMember(groupId: string, ref: GraphMemberRef): boolean {
    return this.store().addMember(groupId, ref);
  }

  removeMember(groupId: string, memberId: string): boolean {
    return this.store().removeMember(groupId, memberId);
  }

  /** Sets the user's row of the registration report (created when missing); isMfaRegistered follows the methods unless given. */
  setMfaRegistration(userId: string, patch: RegistrationPatch): void {
    const store = this.store();
    const user = this.user(userId);
    const existing = store.registrationDetails.get(userId);
    const methods = patch.methodsRegistered ?? existing?.methodsRegistered ?? [];
    const notMfa = new Set(['email', 'securityQuestion', 'temporaryAccessPass', 'appPassword']);
    const row: GraphUserRegistrationDetails = {
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      userDisplayName: user.displayName ?? user.userPrincipalName,
      userType: user.userType === 'Guest' ? 'guest' : 'member',
      isAdmin: existing?.isAdmin ?? false,
      isMfaRegistered: methods.some((m) => !notMfa.has(m)),
      isMfaCapable: methods.some((m) => !notMfa.has(m)),
      isPasswordlessCapable: existing?.isPasswordlessCapable ?? false,
      isSsprRegistered: existing?.isSsprRegistered ?? false,
      isSsprEnabled: existing?.isSsprEnabled ?? false,
      isSsprCapable: existing?.isSsprCapable ?? false,
      isSystemPreferredAuthenticationMethodEnabled: existing?.isSystemPreferredAuthenticationMethodEnabled ?? true,
      methodsRegistered: [...methods],
      systemPreferredAuthenticationMethods: existing?.systemPreferredAuthenticationMethods ?? [],
      userPreferredMethodForSecondaryAuthentication: existing?.userPreferredMethodForSecondaryAuthentication ?? '',
      lastUpdatedDateTime: new Date().toISOString(),
      ...patch,
    };
    store.setRegistration(row);
  }

  /** Moves the user's signInActivity to a sign-in at `at` (never backwards, as the directory keeps the latest). */
  recordSignIn(userId: string, signIn: SignInRecord): void {
    const user = this.user(userId);
    // A copy: generated tenants share one "never signed in" object between users.
    const activity = { ...(user.signInActivity ?? {
      lastSignInDateTime: null,
      lastSignInRequestId: null,
      lastNonInteractiveSignInDateTime: null,
      lastNonInteractiveSignInRequestId: null,
      lastSuccessfulSignInDateTime: null,
      lastSuccessfulSignInRequestId: null,
    }) };
    const later = (current: string | null): boolean => {
      const ms = current ? Date.parse(current) : Number.NaN;
      return Number.isNaN(ms) || ms < 0 || signIn.at > ms;
    };
    const at = iso(signIn.at);
    const requestId = signIn.requestId ?? null;
    if (signIn.interactive && later(activity.lastSignInDateTime)) {
      activity.lastSignInDateTime = at;
      activity.lastSignInRequestId = requestId;
    }
    if (!signIn.interactive && later(activity.lastNonInteractiveSignInDateTime)) {
      activity.lastNonInteractiveSignInDateTime = at;
      activity.lastNonInteractiveSignInRequestId = requestId;
    }
    if (later(activity.lastSuccessfulSignInDateTime)) {
      activity.lastSuccessfulSignInDateTime = at;
      activity.lastSuccessfulSignInRequestId = requestId;
    }
    user.signInActivity = activity;
  }
}
