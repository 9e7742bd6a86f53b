/**
 * Okta groups: Everyone (BUILT_IN, every user), groups imported from AD (APP_GROUP, named like
 * the Entra groups synced from the same AD), Okta groups with Zipf-like sizes, and the groups
 * the admin plan and the Office 365 assignment need.
 */
import type { OktaGroup } from '../../okta/fixture.js';
import type { AdminPlan } from '../admins.js';
import type { ScenarioContext } from '../context.js';
import { streamOf } from '../context.js';
import { LARGEST_GROUP_SHARE, MIN_GROUP_SIZE, OKTA_APP_GROUPS, PEOPLE_PER_GROUP, ZIPF_EXPONENT } from '../distributions.js';
import { base64Guid, oktaId, sid } from '../ids.js';
import type { People } from '../people.js';
import { DEPARTMENTS } from '../pools.js';
import type { Rng } from '../random.js';
import { DistinctSampler } from '../random.js';
import { DAY_MS, millisTime } from '../time.js';

export interface OktaGroups {
  groups: OktaGroup[];
  groupMembers: Record<string, string[]>;
  everyoneId: string;
  office365GroupId: string;
  orgAdminGroupId: string;
  customRoleGroupId: string;
  /** Groups small enough to assign to apps (their members become GROUP-scoped app users). */
  assignable: OktaGroup[];
  memberships: number;
}

const USER_GROUP = ['okta:user_group'];
const AD_GROUP = ['okta:windows_security_principal'];
const WORDS = ['Managers', 'Interns', 'Remote', 'OnCall', 'Champions', 'Approvers', 'Contractors', 'Leads', 'Beta', 'Mentors'];

export function buildOktaGroups(context: ScenarioContext, people: People, plan: AdminPlan, adGroupNames: readonly string[], office365People: readonly number[]): OktaGroups {
  const rng = streamOf(context, 'okta-groups');
  const groups: OktaGroup[] = [];
  const groupMembers: Record<string, string[]> = {};
  let memberships = 0;
  const names = new Map<string, number>();
  const unique = (base: string): string => {
    const seen = names.get(base) ?? 0;
    names.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen + 1}`;
  };
  const oktaIdOf = (person: number): string | undefined => people.all[person]?.okta?.id;
  const group = (r: Rng, name: string, description: string | null, type: OktaGroup['type'], extra: Record<string, unknown> = {}): OktaGroup => {
    const created = context.now - (30 + r.float() * 1500) * DAY_MS;
    const updated = created + r.float() * (context.now - created);
    return {
      id: oktaId(r, '00g', context.oktaSuffix),
      created: millisTime(created),
      lastUpdated: millisTime(updated),
      lastMembershipUpdated: millisTime(Math.max(updated, context.now - r.float() * 20 * DAY_MS)),
      objectClass: type === 'APP_GROUP' ? AD_GROUP : USER_GROUP,
      type,
      profile: { name, description, ...extra },
    };
  };
  const add = (g: OktaGroup, members: string[]): void => {
    groups.push(g);
    groupMembers[g.id] = members;
    memberships += members.length;
  };
  const idsOf = (persons: readonly number[]): string[] => persons.flatMap((p) => oktaIdOf(p) ?? []);

  const allUsers = people.all.flatMap((p) => (p.okta ? [p.okta.id] : []));
  const everyone = group(rng, 'Everyone', 'All users in your organization', 'BUILT_IN');
  add(everyone, allUsers);
  const o365 = group(rng, 'O365-Users', 'Assigned to Microsoft Office 365', 'OKTA_GROUP');
  add(o365, idsOf(office365People));
  const orgAdmins = group(rng, 'Okta-Org-Admins', 'Organization administrators', 'OKTA_GROUP');
  add(orgAdmins, idsOf(plan.orgAdminGroupMembers));
  const helpdesk = group(rng, 'Helpdesk-Lite-Operators', 'Holders of the Helpdesk-Lite custom role', 'OKTA_GROUP');
  add(helpdesk, idsOf(plan.customRoleGroupMembers));

  // Regular groups: deprovisioned users have left them.
  const pool = people.all.filter((p) => p.okta && p.okta.status !== 'DEPROVISIONED').map((p) => p.okta?.id ?? '');
  const total = Math.max(6, Math.round(pool.length / PEOPLE_PER_GROUP));
  const regularCount = Math.max(3, total - groups.length);
  const ranks = rng.shuffle(Array.from({ length: regularCount }, (_, i) => i + 1));
  const sampler = new DistinctSampler(pool.length);
  const picks: number[] = [];
  const assignable: OktaGroup[] = [];
  let adIndex = 0;
  for (let i = 0; i < regularCount; i++) {
    let g: OktaGroup;
    if (rng.chance(OKTA_APP_GROUPS)) {
      const adName = adGroupNames[adIndex++] ?? unique(`AD-${rng.pick(DEPARTMENTS).code}-${rng.pick(WORDS)}`);
      const sam = adName.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64);
      g = group(rng, adName, null, 'APP_GROUP', {
        dn: `CN=${adName},OU=Groups,DC=${context.adDomain.split('.').join(',DC=')}`,
        samAccountName: sam,
        windowsDomainQualifiedName: `${context.adNetbios}\\${sam}`,
        externalId: base64Guid(rng),
        objectSid: sid(context.sidDomain, 5000 + i),
        groupType: 'Security',
        groupScope: 'Global',
      });
    } else {
      const dept = rng.pick(DEPARTMENTS);
      g = group(rng, unique(`Okta-${dept.code}-${rng.pick(WORDS)}`), `${dept.name} ${rng.pick(WORDS).toLowerCase()}`, 'OKTA_GROUP');
    }
    const rank = ranks[i] ?? 1;
    const size = Math.min(pool.length, Math.max(MIN_GROUP_SIZE, Math.floor((LARGEST_GROUP_SHARE * pool.length) / Math.pow(rank, ZIPF_EXPONENT))));
    sampler.sample(rng, size, picks);
    add(g, picks.map((at) => pool[at] ?? ''));
    if (size <= 200) assignable.push(g);
  }
  return {
    groups,
    groupMembers,
    everyoneId: everyone.id,
    office365GroupId: o365.id,
    orgAdminGroupId: orgAdmins.id,
    customRoleGroupId: helpdesk.id,
    assignable,
    memberships,
  };
}
