/**
 * A scripted day in an Entra tenant: the mix of changes a directory sees between two daily syncs, applied
 * through the simulator's mutation API so delta queries report what Graph would. Rates are shares of the
 * tenant's users (defaults: about 1.5% of users touched, as in a mid-size company), so the same script
 * serves the 300-user test tenant and the 100k-user benchmark tenant.
 *
 * What happens: hires (created with an unregistered MFA row, put in their department's dynamic group and
 * a few others), leavers (disabled and taken out of a group), deletions (soft, some permanent), renames
 * and mail changes, attributes the twin does not read, a guest turned member and a member turned guest,
 * joins and leaves, nested groups moved, groups created and deleted, MFA registrations changed, and
 * sign-ins over the day, some dated hours before the day's first minute (Graph reports signInActivity up
 * to a day late, with the sign-in's own time). Seeded: the same seed and tenant give the same day.
 */
import type { GraphGroupFixture, GraphMemberRef, GraphUserFixture, EntraTenantFixture } from '../../entra/fixture.js';
import type { TenantMutations } from '../../entra/mutations.js';
import { guid } from '../ids.js';
import { Rng } from '../random.js';
import { HOUR_MS, graphTime } from '../time.js';

export interface EntraDayOptions {
  seed: number;
  /** The day's end (ms); sign-ins fall in the 20 hours before it. Default: now. */
  now?: number;
  /** Scales every change rate (1 = the defaults below). */
  intensity?: number;
  /** Share of enabled users with a sign-in recorded during the day. Default 0.1. */
  signInShare?: number;
}

export interface EntraDaySummary {
  created: string[];
  renamed: string[];
  untracked: string[];
  disabled: string[];
  enabled: string[];
  deleted: string[];
  guestChanged: string[];
  joins: number;
  leaves: number;
  nested: number;
  groupsCreated: string[];
  groupsDeleted: string[];
  mfaChanged: string[];
  signIns: number;
  /** Users whose connector-visible state changed (created, renamed, disabled, enabled, deleted, guest change). */
  usersTouched: number;
}

/** Shares of users per day. */
const RATES = {
  hires: 0.002,
  leavers: 0.0015,
  deletions: 0.0005,
  renames: 0.003,
  untracked: 0.003,
  guestChanges: 0.0002,
  reEnabled: 0.0002,
  joins: 0.003,
  leaves: 0.002,
  mfa: 0.005,
};
/** Shares of groups per day. */
const GROUP_RATES = { nested: 0.003, created: 0.002, deleted: 0.001 };

const SPECIAL_GROUPS = /^(Tier0-Admins|PIM-|CA-Exclusion|SG-Automation)/;
const isDynamic = (g: GraphGroupFixture): boolean => g.groupTypes.some((t) => t.toLowerCase() === 'dynamicmembership');

export function scriptedEntraDay(fixture: EntraTenantFixture, tenant: TenantMutations, opts: EntraDayOptions): EntraDaySummary {
  const rng = new Rng(opts.seed, 'entra-day');
  const now = opts.now ?? Date.now();
  const k = opts.intensity ?? 1;
  const summary: EntraDaySummary = {
    created: [], renamed: [], untracked: [], disabled: [], enabled: [], deleted: [], guestChanged: [],
    joins: 0, leaves: 0, nested: 0, groupsCreated: [], groupsDeleted: [], mfaChanged: [], signIns: 0, usersTouched: 0,
  };
  // Snapshots of what exists at the start of the day: the fixture arrays change as the day goes on.
  const users = [...fixture.users];
  const groups = fixture.groups.filter((g) => !SPECIAL_GROUPS.test(g.displayName));
  const manual = groups.filter((g) => !isDynamic(g));
  const nestable = manual.filter((g) => g.securityEnabled || g.groupTypes.includes('Unified'));
  const memberOf = new Map<string, string[]>();
  for (const [groupId, refs] of Object.entries(fixture.groupMembers)) {
    for (const ref of refs) {
      const list = memberOf.get(ref.id);
      if (list) list.push(groupId);
      else memberOf.set(ref.id, [groupId]);
    }
  }
  const count = (share: number, of: number): number => {
    const exact = share * k * of;
    return Math.floor(exact) + (rng.chance(exact - Math.floor(exact)) ? 1 : 0);
  };
  /** Distinct users none of the day's earlier steps touched, matching `keep`. */
  const used = new Set<string>();
  const pickUsers = (n: number, keep: (u: GraphUserFixture) => boolean): GraphUserFixture[] => {
    const out: GraphUserFixture[] = [];
    for (let tries = 0; out.length < n && tries < n * 20 + 50; tries++) {
      const u = users[rng.int(users.length)];
      if (!u || used.has(u.id) || !keep(u)) continue;
      used.add(u.id);
      out.push(u);
    }
    return out;
  };
  const human = (u: GraphUserFixture): boolean => u.userType === 'Member' && !!u.department && !u.userPrincipalName.toLowerCase().startsWith('svc');
  const guest = (u: GraphUserFixture): boolean => u.userType === 'Guest';
  const domain = users.find(human)?.userPrincipalName.split('@')[1] ?? 'contoso-synth.com';

  // Hires: a colleague's department, its dynamic group, and two or three other groups.
  const colleagues = users.filter(human);
  for (let i = count(RATES.hires, users.length); i > 0; i--) {
    const colleague = rng.pick(colleagues.length > 0 ? colleagues : users);
    const id = guid(rng);
    const local = `new.hire.${id.slice(0, 8)}`;
    const user: GraphUserFixture = {
      id,
      userPrincipalName: `${local}@${domain}`,
      displayName: `New Hire ${id.slice(0, 4).toUpperCase()}`,
      givenName: 'New',
      surname: `Hire ${id.slice(0, 4).toUpperCase()}`,
      mail: `${local}@${domain}`,
      mailNickname: local,
      accountEnabled: true,
      userType: 'Member',
      createdDateTime: graphTime(now - rng.float() * 20 * HOUR_MS),
      signInActivity: null,
      onPremisesImmutableId: null,
      proxyAddresses: [`SMTP:${local}@${domain}`],
      department: colleague.department ?? null,
      jobTitle: colleague.jobTitle ?? null,
    };
    tenant.createUser(user, rng.chance(0.4) ? { methodsRegistered: ['microsoftAuthenticatorPush'] } : {});
    used.add(id);
    summary.created.push(id);
    const ref: GraphMemberRef = { type: 'user', id };
    for (const g of groups) {
      if (isDynamic(g) && user.department && g.membershipRule?.includes(`"${user.department}"`) && tenant.addMember(g.id, ref)) summary.joins++;
    }
    for (let j = rng.between(2, 3); j > 0 && manual.length > 0; j--) if (tenant.addMember(rng.pick(manual).id, ref)) summary.joins++;
  }

  // Leavers: disabled, out of one of their groups; a few are deleted outright.
  for (const u of pickUsers(count(RATES.leavers, users.length), (x) => x.accountEnabled && human(x))) {
    tenant.disableUser(u.id);
    summary.disabled.push(u.id);
    const mine = memberOf.get(u.id) ?? [];
    if (mine.length > 0 && tenant.removeMember(rng.pick(mine), u.id)) summary.leaves++;
  }
  for (const u of pickUsers(count(RATES.deletions, users.length), (x) => human(x) || guest(x))) {
    tenant.deleteUser(u.id, { permanent: rng.chance(0.1) });
    summary.deleted.push(u.id);
  }
  for (const u of pickUsers(count(RATES.reEnabled, users.length), (x) => !x.accountEnabled && human(x))) {
    tenant.enableUser(u.id);
    summary.enabled.push(u.id);
  }

  // Renames and new mail addresses (the twin reads both), and attributes it does not read.
  for (const u of pickUsers(count(RATES.renames, users.length), human)) {
    if (rng.chance(0.5)) tenant.updateUser(u.id, { displayName: `${u.displayName ?? 'User'} (${rng.pick(['Contractor', 'Married', 'Legal name'])})` });
    else if (u.mail) tenant.updateUser(u.id, { mail: u.mail.replace('@', `.${rng.int(90) + 10}@`) });
    else tenant.updateUser(u.id, { displayName: `${u.displayName ?? 'User'} II` });
    summary.renamed.push(u.id);
  }
  for (const u of pickUsers(count(RATES.untracked, users.length), human)) {
    tenant.updateUser(u.id, { jobTitle: `${u.jobTitle ?? 'Specialist'} ${rng.pick(['II', 'III', 'Lead'])}`, officeLocation: rng.pick(['Remote', 'HQ', 'Annex']) });
    summary.untracked.push(u.id);
  }

  // Guests: one accepted guest converted to member, one member collaborating as a guest now.
  const guestChanges = Math.max(1, count(RATES.guestChanges, users.length));
  for (const u of pickUsers(guestChanges, guest)) {
    tenant.updateUser(u.id, { userType: 'Member' });
    summary.guestChanged.push(u.id);
  }
  for (const u of pickUsers(guestChanges, human)) {
    tenant.updateUser(u.id, { userType: 'Guest' });
    summary.guestChanged.push(u.id);
  }

  // Joins and leaves of manually managed groups.
  for (const u of pickUsers(count(RATES.joins, users.length), (x) => x.accountEnabled)) {
    if (manual.length > 0 && tenant.addMember(rng.pick(manual).id, { type: 'user', id: u.id })) summary.joins++;
  }
  for (const u of pickUsers(count(RATES.leaves, users.length), (x) => (memberOf.get(x.id) ?? []).length > 0)) {
    const dynamic = new Set(groups.filter(isDynamic).map((g) => g.id));
    const mine = (memberOf.get(u.id) ?? []).filter((g) => !dynamic.has(g));
    if (mine.length > 0 && tenant.removeMember(rng.pick(mine), u.id)) summary.leaves++;
  }

  // Nesting moves: a group added under another (never itself), or taken out of one.
  for (let i = Math.max(1, count(GROUP_RATES.nested, groups.length)); i > 0 && nestable.length > 1; i--) {
    const child = rng.pick(nestable);
    const parents = memberOf.get(child.id) ?? [];
    if (parents.length > 0 && rng.chance(0.5)) {
      if (tenant.removeMember(rng.pick(parents), child.id)) summary.nested++;
      continue;
    }
    const parent = rng.pick(nestable);
    if (parent.id !== child.id && !(memberOf.get(parent.id) ?? []).includes(child.id) && tenant.addMember(parent.id, { type: 'group', id: child.id })) summary.nested++;
  }

  // Groups created (with a few members) and deleted.
  for (let i = Math.max(1, count(GROUP_RATES.created, groups.length)); i > 0; i--) {
    const id = guid(rng);
    const name = `Project ${id.slice(0, 6).toUpperCase()}`;
    const unified = rng.chance(0.5);
    const members = pickUsers(rng.between(1, 5), (x) => x.accountEnabled).map((x): GraphMemberRef => ({ type: 'user', id: x.id }));
    tenant.createGroup(
      {
        id, displayName: name, description: null, createdDateTime: graphTime(now - rng.float() * 20 * HOUR_MS),
        mail: unified ? `${name.replace(/\s+/g, '')}@${domain}` : null, mailNickname: name.replace(/\s+/g, ''), mailEnabled: unified,
        securityEnabled: !unified, groupTypes: unified ? ['Unified'] : [], membershipRule: null, membershipRuleProcessingState: null,
        isAssignableToRole: unified ? null : false, visibility: unified ? 'Private' : null, onPremisesSyncEnabled: null,
      },
      members,
    );
    summary.groupsCreated.push(id);
  }
  const doomed = new Set<string>();
  for (let i = count(GROUP_RATES.deleted, groups.length); i > 0 && manual.length > doomed.size + 1; i--) {
    const g = rng.pick(manual);
    if (doomed.has(g.id)) continue;
    doomed.add(g.id);
    tenant.deleteGroup(g.id);
    summary.groupsDeleted.push(g.id);
  }

  // MFA: methods registered (an authenticator, a passkey) or all of them removed (a reset).
  for (const u of pickUsers(count(RATES.mfa, users.length), (x) => x.accountEnabled)) {
    const methods = rng.chance(0.2) ? [] : rng.chance(0.5) ? ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'] : ['passKeyDeviceBound', 'microsoftAuthenticatorPush'];
    tenant.setMfaRegistration(u.id, { methodsRegistered: methods });
    summary.mfaChanged.push(u.id);
  }

  // Sign-ins over the day; some are reported late, with a time before the day started.
  const enabled = fixture.users.filter((u) => u.accountEnabled);
  const signers = Math.round((opts.signInShare ?? 0.1) * enabled.length);
  for (let i = 0; i < signers; i++) {
    const u = enabled[rng.int(enabled.length)];
    if (!u) continue;
    tenant.recordSignIn(u.id, { at: now - rng.float() * 20 * HOUR_MS, interactive: rng.chance(0.4), requestId: guid(rng) });
    summary.signIns++;
  }

  summary.usersTouched = new Set([
    ...summary.created, ...summary.renamed, ...summary.disabled, ...summary.enabled, ...summary.deleted, ...summary.guestChanged,
  ]).size;
  return summary;
}
