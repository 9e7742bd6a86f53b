/**
 * A scripted day of changes in an Okta org: the mix an identity team sees in a working day, applied
 * through the simulator's change API so timestamps and System Log events move as Okta moves them.
 * About 1.5% of users are touched (new hires with their first factor, groups and sign-in; profile
 * edits; suspensions; deactivations; deletions of leavers; factor enrolments, resets and removals;
 * membership changes; app assignments; a group created and one deleted), plus sign-ins by a share of
 * the active users. Seeded and deterministic for one org; scales to 100k users (the bench's daily case).
 */
import type { OktaOrgChanges } from '../../okta/changes.js';
import type { OktaGroup, OktaOrgFixture, OktaUser, UserFactor } from '../../okta/fixture.js';
import { oktaId } from '../ids.js';
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES } from '../pools.js';
import { Rng } from '../random.js';

export interface ScriptedDayOptions {
  seed: number;
  /** Epoch ms: the changes are spread over [from, to]; `to` must not be after the simulator's clock. */
  from: number;
  to: number;
  /** Share of users changed in the day (default 0.015). */
  changeRate?: number;
  /** Share of users who can sign in that do (default 0.3). */
  signInRate?: number;
}

export interface ScriptedDaySummary {
  hires: string[];
  profileEdits: string[];
  suspensions: string[];
  deactivations: string[];
  deletions: string[];
  factorEnrolments: string[];
  factorResets: string[];
  factorRemovals: string[];
  membershipAdds: Array<{ groupId: string; userId: string }>;
  membershipRemovals: Array<{ groupId: string; userId: string }>;
  appAssignments: Array<{ appId: string; userId: string }>;
  groupsCreated: string[];
  groupsDeleted: string[];
  signIns: number;
  /** Every change applied, sign-ins included. */
  total: number;
}

interface Action {
  at: number;
  apply(at: number): void;
}

const SIGN_IN = new Set(['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY']);
const FACTOR_KINDS: ReadonlyArray<Pick<UserFactor, 'factorType' | 'provider'>> = [
  { factorType: 'push', provider: 'OKTA' },
  { factorType: 'webauthn', provider: 'FIDO' },
  { factorType: 'token:software:totp', provider: 'GOOGLE' },
  { factorType: 'sms', provider: 'OKTA' },
];

/** Applies the day to the org behind `changes` (the served fixture `org`), in time order. */
export function scriptedOktaDay(changes: OktaOrgChanges, org: OktaOrgFixture, opts: ScriptedDayOptions): ScriptedDaySummary {
  const rng = new Rng(opts.seed, 'okta-day');
  const users = org.users;
  const n = users.length;
  const rate = (opts.changeRate ?? 0.015) / 0.015;
  const count = (share: number, least: number): number => Math.max(least, Math.round(n * share * rate));
  const at = (after = opts.from): number => after + Math.floor(rng.float() * (opts.to - after));
  const suffix = users[0]?.id.slice(-3) ?? '1d7';
  const domain = users[0]?.profile.login.split('@')[1] ?? 'example.com';
  const actions: Action[] = [];
  const summary: ScriptedDaySummary = {
    hires: [], profileEdits: [], suspensions: [], deactivations: [], deletions: [], factorEnrolments: [], factorResets: [], factorRemovals: [],
    membershipAdds: [], membershipRemovals: [], appAssignments: [], groupsCreated: [], groupsDeleted: [], signIns: 0, total: 0,
  };

  // Each user gets at most one change (hires aside), so no change finds its user gone or changed under it.
  const order = rng.shuffle(users.map((_, i) => i));
  const touched = new Set<string>();
  let next = 0;
  const take = (k: number, ok: (u: OktaUser) => boolean): OktaUser[] => {
    const out: OktaUser[] = [];
    for (; next < order.length && out.length < k; next++) {
      const u = users[order[next] ?? 0];
      if (u && !touched.has(u.id) && ok(u)) {
        out.push(u);
        touched.add(u.id);
      }
    }
    return out;
  };
  const hasFactors = (u: OktaUser): boolean => (org.factors[u.id]?.length ?? 0) > 0;
  const oktaGroups = org.groups.filter((g) => g.type === 'OKTA_GROUP');
  const members = (g: OktaGroup): string[] => org.groupMembers[g.id] ?? [];

  // Leavers first in the plan (their deletions need them deprovisioned), then everyone else.
  for (const u of take(count(0.0005, 1), (x) => x.status === 'DEPROVISIONED')) {
    summary.deletions.push(u.id);
    actions.push({ at: at(), apply: (t) => changes.deleteUser(u.id, { at: t }) });
  }
  for (const u of take(count(0.001, 2), (x) => x.status !== 'DEPROVISIONED' && x.status !== 'STAGED')) {
    summary.deactivations.push(u.id);
    actions.push({ at: at(), apply: (t) => changes.deactivate(u.id, { at: t }) });
  }
  for (const u of take(count(0.0005, 1), (x) => x.status === 'ACTIVE')) {
    summary.suspensions.push(u.id);
    actions.push({ at: at(), apply: (t) => changes.suspend(u.id, { at: t }) });
  }
  for (const u of take(count(0.005, 3), (x) => x.status !== 'DEPROVISIONED')) {
    summary.profileEdits.push(u.id);
    const department = rng.pick(DEPARTMENTS).name;
    const title = `${rng.pick(['Senior', 'Lead', 'Principal', 'Staff'])} ${department} Specialist`;
    actions.push({ at: at(), apply: (t) => changes.updateProfile(u.id, { department, title }, { at: t }) });
  }
  for (const u of take(count(0.003, 3), (x) => x.status === 'ACTIVE')) {
    summary.factorEnrolments.push(u.id);
    const kind = rng.pick(FACTOR_KINDS);
    const id = oktaId(rng, kind.factorType === 'webauthn' ? 'fwf' : 'opf', suffix);
    actions.push({ at: at(), apply: (t) => changes.enrollFactor(u.id, { id, ...kind, profile: { credentialId: u.profile.login } }, { at: t }) });
  }
  for (const u of take(count(0.001, 2), (x) => x.status === 'ACTIVE' && hasFactors(x))) {
    summary.factorResets.push(u.id);
    actions.push({ at: at(), apply: (t) => changes.resetFactors(u.id, { at: t }) });
  }
  for (const u of take(count(0.0005, 1), (x) => x.status === 'ACTIVE' && (org.factors[x.id]?.length ?? 0) > 1)) {
    summary.factorRemovals.push(u.id);
    const factorId = rng.pick(org.factors[u.id] ?? []).id;
    actions.push({ at: at(), apply: (t) => changes.deactivateFactor(u.id, factorId, { at: t }) });
  }
  if (oktaGroups.length > 0) {
    for (const u of take(count(0.003, 3), (x) => x.status === 'ACTIVE')) {
      const group = rng.pick(oktaGroups);
      if (members(group).includes(u.id)) continue;
      summary.membershipAdds.push({ groupId: group.id, userId: u.id });
      actions.push({ at: at(), apply: (t) => changes.addMember(group.id, u.id, { at: t }) });
    }
    const removable = oktaGroups.filter((g) => members(g).length > 1);
    for (let i = 0; i < count(0.002, 2) && removable.length > 0; i++) {
      const group = rng.pick(removable);
      const userId = rng.pick(members(group));
      if (touched.has(userId)) continue;
      touched.add(userId);
      summary.membershipRemovals.push({ groupId: group.id, userId });
      actions.push({ at: at(), apply: (t) => changes.removeMember(group.id, userId, { at: t }) });
    }
  }
  const assignable = org.apps.filter((a) => a.status === 'ACTIVE' && a.name !== 'office365');
  if (assignable.length > 0) {
    for (const u of take(count(0.0005, 1), (x) => x.status === 'ACTIVE')) {
      const app = rng.pick(assignable);
      summary.appAssignments.push({ appId: app.id, userId: u.id });
      actions.push({ at: at(), apply: (t) => changes.assignApp(app.id, u.id, { at: t }) });
    }
  }

  // New hires: created, then their first factor, their team's group and a first sign-in, later that day.
  for (let i = 0; i < count(0.002, 2); i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const id = oktaId(rng, '00u', suffix);
    const login = `${first}.${last}.${id.slice(3, 8)}@${domain}`.toLowerCase();
    const department = rng.pick(DEPARTMENTS).name;
    const created = at();
    const factorId = oktaId(rng, 'opf', suffix);
    const group = oktaGroups.length > 0 ? rng.pick(oktaGroups) : undefined;
    summary.hires.push(id);
    actions.push({
      at: created,
      apply: (t) => changes.createUser({ id, profile: { login, email: login, firstName: first, lastName: last, displayName: `${first} ${last}`, department, title: `${department} Associate`, userType: 'Employee' } }, { at: t }),
    });
    actions.push({ at: at(created), apply: (t) => changes.enrollFactor(id, { id: factorId, factorType: 'push', provider: 'OKTA', profile: { credentialId: login } }, { at: t }) });
    if (group) {
      summary.membershipAdds.push({ groupId: group.id, userId: id });
      actions.push({ at: at(created), apply: (t) => changes.addMember(group.id, id, { at: t }) });
    }
    actions.push({ at: at(created), apply: (t) => changes.signIn(id, { at: t }) });
  }

  // A project group is set up (with a few members) and an old one removed.
  for (let i = 0; i < Math.max(1, Math.round((n / 20_000) * rate)); i++) {
    const id = oktaId(rng, '00g', suffix);
    const created = at();
    const joiners = take(3, (x) => x.status === 'ACTIVE');
    summary.groupsCreated.push(id);
    actions.push({ at: created, apply: (t) => changes.createGroup({ id, name: `Project ${id.slice(3, 9)}`, description: 'Created during the scripted day' }, { at: t }) });
    for (const u of joiners) {
      summary.membershipAdds.push({ groupId: id, userId: u.id });
      actions.push({ at: at(created), apply: (t) => changes.addMember(id, u.id, { at: t }) });
    }
  }

  // An old group goes; never one a change above adds to or removes from, nor one holding admin roles.
  const busy = new Set([...summary.membershipAdds, ...summary.membershipRemovals].map((m) => m.groupId));
  const deletable = oktaGroups.filter((g) => !busy.has(g.id) && (org.groupRoles[g.id]?.length ?? 0) === 0);
  for (let i = 0; i < Math.max(1, Math.round((n / 20_000) * rate)) && deletable.length > 0; i++) {
    const group = deletable.splice(rng.int(deletable.length), 1)[0];
    if (!group) break;
    summary.groupsDeleted.push(group.id);
    actions.push({ at: at(), apply: (t) => changes.deleteGroup(group.id, { at: t }) });
  }

  // Sign-ins by users who are not otherwise changed (a changed user's status may no longer allow one).
  const signInRate = opts.signInRate ?? 0.3;
  for (const u of users) {
    if (!SIGN_IN.has(u.status) || touched.has(u.id) || !rng.chance(signInRate)) continue;
    summary.signIns += 1;
    actions.push({ at: at(), apply: (t) => changes.signIn(u.id, { at: t }) });
  }

  // In time order (stable: a hire's creation comes before its follow-ups at the same instant).
  actions.sort((a, b) => a.at - b.at);
  for (const action of actions) action.apply(action.at);
  summary.total = actions.length;
  return summary;
}
