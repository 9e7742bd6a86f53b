/**
 * Entra groups: Zipf-sized Microsoft 365, security, mail-enabled security and distribution
 * groups, one dynamic group per department, nesting up to three levels, and the special groups
 * the rest of the tenant refers to (the role-assignable tier-0 group, the PIM group, the
 * conditional access exclusion group).
 */
import type { GraphGroupFixture, GraphMemberRef } from '../../entra/fixture.js';
import type { AdminPlan } from '../admins.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import type { EntraGroupKind } from '../distributions.js';
import {
  ENTRA_GROUP_KINDS,
  LARGEST_GROUP_SHARE,
  MIN_GROUP_SIZE,
  NESTING_LEAVES,
  NESTING_MIDS,
  NESTING_ROOTS,
  PEOPLE_PER_GROUP,
  ZIPF_EXPONENT,
} from '../distributions.js';
import { guid } from '../ids.js';
import type { People } from '../people.js';
import { CITIES, DEPARTMENTS } from '../pools.js';
import type { Rng } from '../random.js';
import { DistinctSampler, WeightedTable } from '../random.js';
import { DAY_MS, graphTime } from '../time.js';

export interface EntraGroups {
  groups: GraphGroupFixture[];
  groupMembers: Record<string, GraphMemberRef[]>;
  tier0GroupId: string;
  pimGroupId: string;
  exclusionGroupId: string;
  /** Display names of groups synced from AD: Okta imports the same AD groups. */
  syncedGroupNames: string[];
  memberships: number;
}

const kindTable = new WeightedTable(ENTRA_GROUP_KINDS);
const WORDS = ['Developers', 'Leads', 'Approvers', 'Contractors', 'Pilot', 'Readers', 'Editors', 'Owners', 'Champions', 'Onboarding', 'Analysts', 'Oncall'];
const PROJECTS = ['Falcon', 'Atlas', 'Mercury', 'Orion', 'Phoenix', 'Nimbus', 'Aurora', 'Titan', 'Helix', 'Zephyr', 'Quartz', 'Beacon'];
const APPS = ['Salesforce', 'Workday', 'VPN', 'Intune', 'Jira', 'GitHub', 'Tableau', 'SAP', 'Zoom', 'Slack'];

interface Ctx {
  context: ScenarioContext;
  rng: Rng;
  names: Map<string, number>;
}

function uniqueName(c: Ctx, base: string): string {
  const seen = c.names.get(base) ?? 0;
  c.names.set(base, seen + 1);
  return seen === 0 ? base : `${base} ${seen + 1}`;
}

function groupName(c: Ctx, kind: EntraGroupKind): string {
  const { rng } = c;
  const dept = DEPARTMENTS[rng.int(DEPARTMENTS.length)] ?? (DEPARTMENTS[0] as (typeof DEPARTMENTS)[number]);
  const city = CITIES[rng.int(CITIES.length)] ?? (CITIES[0] as (typeof CITIES)[number]);
  switch (kind) {
    case 'm365':
      return uniqueName(c, rng.pick([`${dept.name} Team`, `Project ${rng.pick(PROJECTS)}`, `${city.city} Office`, `${dept.name} ${rng.pick(WORDS)}`]));
    case 'security':
      return uniqueName(c, rng.chance(0.4) ? `SG-App-${rng.pick(APPS)}-Users` : `SG-${dept.code}-${rng.pick(WORDS)}`);
    case 'mailSecurity':
      return uniqueName(c, `MESG-${dept.code}-${rng.pick(WORDS)}`);
    case 'distribution':
      return uniqueName(c, rng.chance(0.5) ? `DL-${city.city.replace(/\s+/g, '')}-All` : `DL-${dept.name.replace(/\s+/g, '')}-Announcements`);
  }
}

function newGroup(c: Ctx, displayName: string, kind: EntraGroupKind, extra: Partial<GraphGroupFixture> = {}): GraphGroupFixture {
  const { rng, context } = c;
  const mailEnabled = kind !== 'security';
  const nickname = displayName.replace(/[^A-Za-z0-9-]/g, '');
  return {
    id: guid(rng),
    displayName,
    description: kind === 'm365' ? `${displayName} collaboration space` : null,
    createdDateTime: graphTime(context.now - (10 + rng.float() * 1500) * DAY_MS),
    mail: mailEnabled ? `${nickname}@${context.domain}` : null,
    mailNickname: nickname,
    mailEnabled,
    securityEnabled: kind === 'security' || kind === 'mailSecurity' || (kind === 'm365' && rng.chance(0.2)),
    groupTypes: kind === 'm365' ? ['Unified'] : [],
    membershipRule: null,
    membershipRuleProcessingState: null,
    isAssignableToRole: kind === 'security' ? false : null,
    visibility: kind === 'm365' ? (rng.chance(0.7) ? 'Private' : 'Public') : null,
    onPremisesSyncEnabled: null,
    ...extra,
  };
}

export function buildEntraGroups(context: ScenarioContext, people: People, plan: AdminPlan, automationSpId: string | undefined): EntraGroups {
  const rng = streamOf(context, 'entra-groups');
  const c: Ctx = { context, rng, names: new Map() };
  const groups: GraphGroupFixture[] = [];
  const groupMembers: Record<string, GraphMemberRef[]> = {};
  const syncedGroupNames: string[] = [];
  let memberships = 0;

  const userRefs: Array<GraphMemberRef | undefined> = [];
  const refOf = (personIndex: number): GraphMemberRef | undefined => {
    const person = people.all[personIndex];
    if (!person?.entra) return undefined;
    let ref = userRefs[personIndex];
    if (!ref) {
      ref = { type: 'user', id: person.entra.id };
      userRefs[personIndex] = ref;
    }
    return ref;
  };
  const setMembers = (group: GraphGroupFixture, refs: GraphMemberRef[]): void => {
    groupMembers[group.id] = refs;
    memberships += refs.length;
  };
  const peopleRefs = (indices: readonly number[]): GraphMemberRef[] => indices.flatMap((i) => refOf(i) ?? []);

  // Special groups first: other parts of the tenant refer to them.
  const roleAssignable = { isAssignableToRole: true, visibility: 'Private' as const, securityEnabled: true, mailEnabled: false, mail: null };
  const tier0 = newGroup(c, 'Tier0-Admins', 'security', { ...roleAssignable, description: 'Role-assignable: holds Global Administrator' });
  const pim = newGroup(c, 'PIM-Security-Operators', 'security', { ...roleAssignable, description: 'Role-assignable: eligible for Security Administrator through PIM' });
  const exclusion = newGroup(c, 'CA-Exclusion-BreakGlass', 'security', { description: 'Excluded from every conditional access policy' });
  const automation = newGroup(c, 'SG-Automation-Principals', 'security', { description: 'Service principals and accounts used by automation' });
  groups.push(tier0, pim, exclusion, automation);
  setMembers(tier0, peopleRefs(plan.tier0GroupMembers));
  setMembers(pim, peopleRefs(plan.pimGroupMembers));
  setMembers(exclusion, peopleRefs(plan.breakGlass));
  const automationMembers = peopleRefs(people.all.filter((p) => p.entraOnlyKind === 'service').slice(0, 2).map((p) => p.index));
  if (automationSpId) automationMembers.push({ type: 'servicePrincipal', id: automationSpId });
  setMembers(automation, automationMembers);

  // Ordinary members: everyone but rooms and break-glass.
  const pool = people.all.filter((p) => p.entra && p.entraOnlyKind !== 'room' && p.entraOnlyKind !== 'breakGlass').map((p) => p.index);
  const total = Math.max(8, Math.round(pool.length / PEOPLE_PER_GROUP));
  const dynamicCount = Math.min(DEPARTMENTS.length, Math.max(1, Math.round(total / 10)));
  const regularCount = Math.max(3, total - groups.length - dynamicCount);

  // Dynamic groups: one per department, members = that department's members.
  const byDepartment = new Map<number, GraphMemberRef[]>();
  for (const p of people.all) {
    if (!p.entra || p.entra.guest || !p.human || p.entraOnlyKind === 'cloudAdmin') continue;
    const ref = refOf(p.index);
    if (!ref) continue;
    const list = byDepartment.get(p.department);
    if (list) list.push(ref);
    else byDepartment.set(p.department, [ref]);
  }
  for (let d = 0; d < dynamicCount; d++) {
    const dept = DEPARTMENTS[d] ?? (DEPARTMENTS[0] as (typeof DEPARTMENTS)[number]);
    const m365 = d % 3 === 0;
    const group = newGroup(c, `Dyn-${dept.name.replace(/\s+/g, '')}-All`, m365 ? 'm365' : 'security', {
      groupTypes: m365 ? ['Unified', 'DynamicMembership'] : ['DynamicMembership'],
      membershipRule: `(user.department -eq "${dept.name}")`,
      membershipRuleProcessingState: d === 1 ? 'Paused' : 'On',
      isAssignableToRole: m365 ? null : false,
    });
    groups.push(group);
    setMembers(group, byDepartment.get(d) ?? []);
  }

  // Regular groups with Zipf-like sizes; ranks are shuffled so any kind can be large.
  const ranks = rng.shuffle(Array.from({ length: regularCount }, (_, i) => i + 1));
  const sampler = new DistinctSampler(pool.length);
  const picks: number[] = [];
  const regular: GraphGroupFixture[] = [];
  for (let i = 0; i < regularCount; i++) {
    const kind = kindTable.draw(rng);
    const synced = (kind === 'security' || kind === 'distribution' || kind === 'mailSecurity') && rng.chance(0.4);
    const group = newGroup(c, groupName(c, kind), kind, synced ? { onPremisesSyncEnabled: true } : {});
    if (synced) syncedGroupNames.push(group.displayName);
    const rank = ranks[i] ?? 1;
    const size = Math.min(pool.length, Math.max(MIN_GROUP_SIZE, Math.floor((LARGEST_GROUP_SHARE * pool.length) / Math.pow(rank, ZIPF_EXPONENT))));
    sampler.sample(rng, size, picks);
    const refs: GraphMemberRef[] = [];
    for (const at of picks) {
      const ref = refOf(pool[at] ?? 0);
      if (ref) refs.push(ref);
    }
    groups.push(group);
    regular.push(group);
    setMembers(group, refs);
  }

  // Nesting: roots contain mids, mids contain leaves; at most three levels and no cycles.
  const nestable = rng.shuffle(regular.filter((g) => g.securityEnabled || g.groupTypes.includes('Unified')));
  const roots = nestable.slice(0, Math.max(1, Math.round(regularCount * NESTING_ROOTS)));
  const mids = nestable.slice(roots.length, roots.length + Math.max(1, Math.round(regularCount * NESTING_MIDS)));
  const leaves = nestable.slice(roots.length + mids.length, roots.length + mids.length + Math.max(1, Math.round(regularCount * NESTING_LEAVES)));
  const nest = (child: GraphGroupFixture, parents: readonly GraphGroupFixture[]): void => {
    const parent = parents[rng.int(parents.length)];
    if (!parent) return;
    groupMembers[parent.id]?.push({ type: 'group', id: child.id });
    memberships++;
  };
  for (const mid of mids) nest(mid, roots);
  for (const leaf of leaves) nest(leaf, mids.length > 0 ? mids : roots);

  return { groups, groupMembers, tier0GroupId: tier0.id, pimGroupId: pim.id, exclusionGroupId: exclusion.id, syncedGroupNames, memberships };
}
