/**
 * Who administers what, decided before either directory is built so the cross-IdP role cases
 * exist on purpose: tier-0 holders in both IdPs, an Okta admin with no Entra role, admins whose
 * account on the other side is deprovisioned or disabled, PIM-eligible-only holders.
 */
import type { OktaRoleType } from '../okta/fixture.js';
import type { ScenarioContext } from './context.js';
import { streamOf } from './context.js';
import { ENTRA_SCALED_ADMINS, OKTA_SCALED_ADMINS } from './distributions.js';
import { ENTRA_READ_ONLY_ROLES, ENTRA_TIER0_ROLES, ROLE } from './entra/microsoft-catalog.js';
import type { People, SyntheticPerson } from './people.js';
import { entraActive, oktaActive } from './people.js';
import type { Rng } from './random.js';
import { WeightedTable } from './random.js';

export interface EntraRoleGrant {
  templateId: string;
  person: number;
  /** Scoped to an administrative unit instead of the tenant. */
  administrativeUnit?: boolean;
}

export interface OktaRoleGrant {
  type: Exclude<OktaRoleType, 'CUSTOM'>;
  person: number;
}

export interface AdminPlan {
  /** Active Entra role assignments to people's accounts. */
  entraActive: EntraRoleGrant[];
  /** PIM eligibility of people's accounts. */
  entraEligible: EntraRoleGrant[];
  /** Members of the role-assignable group that holds Global Administrator. */
  tier0GroupMembers: number[];
  /** Members of the role-assignable group eligible for Security Administrator. */
  pimGroupMembers: number[];
  oktaUserRoles: OktaRoleGrant[];
  /** Members of the Okta group that holds ORG_ADMIN. */
  orgAdminGroupMembers: number[];
  /** Holders of the custom role: a group's members and one user directly. */
  customRoleGroupMembers: number[];
  customRoleUsers: number[];
  breakGlass: number[];
  /** People whose MFA the generator makes phishing-resistant, or deliberately weak. */
  phishingResistantAdmins: Set<number>;
  weakAdmins: Set<number>;
}

const OKTA_SCALED_ROLES = new WeightedTable<OktaRoleGrant['type']>([
  ['USER_ADMIN', 0.22],
  ['HELP_DESK_ADMIN', 0.3],
  ['READ_ONLY_ADMIN', 0.18],
  ['REPORT_ADMIN', 0.1],
  ['APP_ADMIN', 0.1],
  ['GROUP_MEMBERSHIP_ADMIN', 0.07],
  ['API_ACCESS_MANAGEMENT_ADMIN', 0.03],
]);

const ENTRA_SCALED_ROLES = new WeightedTable<string>([
  [ROLE.userAdministrator, 0.18],
  [ROLE.helpdeskAdministrator, 0.24],
  [ROLE.globalReader, 0.08],
  [ROLE.securityReader, 0.08],
  [ROLE.directoryReaders, 0.08],
  [ROLE.applicationAdministrator, 0.07],
  [ROLE.cloudApplicationAdministrator, 0.03],
  [ROLE.exchangeAdministrator, 0.05],
  [ROLE.sharePointAdministrator, 0.03],
  [ROLE.conditionalAccessAdministrator, 0.03],
  [ROLE.authenticationAdministrator, 0.04],
  [ROLE.intuneAdministrator, 0.03],
  [ROLE.passwordAdministrator, 0.02],
  [ROLE.securityOperator, 0.02],
  [ROLE.reportsReader, 0.02],
]);

/** Draws people from a pool without repeats across the whole plan. */
class Picker {
  private readonly taken = new Set<number>();

  constructor(private readonly rng: Rng) {}

  take(pool: readonly SyntheticPerson[], count: number): number[] {
    const out: number[] = [];
    let guard = 0;
    while (out.length < count && guard++ < pool.length * 4 + 50) {
      const person = pool[this.rng.int(pool.length)];
      if (!person || this.taken.has(person.index)) continue;
      this.taken.add(person.index);
      out.push(person.index);
    }
    // Small pools: fall back to a scan so a required role is never left without a holder.
    for (const person of pool) {
      if (out.length >= count) break;
      if (!this.taken.has(person.index)) {
        this.taken.add(person.index);
        out.push(person.index);
      }
    }
    return out;
  }

  one(pool: readonly SyntheticPerson[]): number | undefined {
    return this.take(pool, 1)[0];
  }
}

export function planAdmins(context: ScenarioContext, people: People): AdminPlan {
  const rng = streamOf(context, 'admins');
  const picker = new Picker(rng);
  const all = people.all;
  const bothActive = all.filter((p) => p.kind === 'both' && entraActive(p) && p.okta?.status === 'ACTIVE');
  const cloudAdmins = all.filter((p) => p.entraOnlyKind === 'cloudAdmin');
  const breakGlass = all.filter((p) => p.entraOnlyKind === 'breakGlass').map((p) => p.index);
  const leavers = all.filter((p) => p.kind === 'leaver');
  const entraDisabled = all.filter((p) => p.kind === 'entraDisabled');
  const oktaActiveAccounts = all.filter((p) => p.okta?.status === 'ACTIVE');
  const n = all.length;

  const plan: AdminPlan = {
    entraActive: [],
    entraEligible: [],
    tier0GroupMembers: [],
    pimGroupMembers: [],
    oktaUserRoles: [],
    orgAdminGroupMembers: [],
    customRoleGroupMembers: [],
    customRoleUsers: [],
    breakGlass,
    phishingResistantAdmins: new Set(),
    weakAdmins: new Set(),
  };
  const grant = (templateId: string, persons: readonly number[]): void => {
    for (const person of persons) plan.entraActive.push({ templateId, person });
  };
  const okta = (type: OktaRoleGrant['type'], persons: readonly (number | undefined)[]): void => {
    for (const person of persons) if (person !== undefined) plan.oktaUserRoles.push({ type, person });
  };

  // Global Administrator, 3-6 active: a break-glass account, two people directly, one through
  // the role-assignable group, plus a cloud-only admin and the second break-glass in larger tenants.
  const [gaTier0Both, gaWeak] = picker.take(bothActive, 2);
  grant(ROLE.globalAdministrator, [breakGlass[0] ?? 0, gaTier0Both ?? 0, gaWeak ?? 0]);
  plan.tier0GroupMembers = picker.take(bothActive, n >= 20_000 ? 2 : 1);
  const cloudGa = n >= 1000 ? cloudAdmins[0] : undefined;
  if (cloudGa) grant(ROLE.globalAdministrator, [cloudGa.index]);
  if (n >= 10_000 && breakGlass[1] !== undefined) grant(ROLE.globalAdministrator, [breakGlass[1]]);
  if (gaTier0Both !== undefined) plan.phishingResistantAdmins.add(gaTier0Both);
  if (gaWeak !== undefined) plan.weakAdmins.add(gaWeak);

  // Privileged Role Administrator 2 (a cloud-only admin and a person also Okta SUPER_ADMIN),
  // Privileged Authentication Administrator 1.
  const praPerson = picker.one(bothActive);
  const praCloud = cloudAdmins[cloudGa ? 1 : 0] ?? cloudAdmins[0];
  grant(ROLE.privilegedRoleAdministrator, [praPerson ?? 0, ...(praCloud ? [praCloud.index] : [])]);
  grant(ROLE.privilegedAuthenticationAdministrator, picker.take(bothActive, 1));

  // Security Administrators, one of them a leaver whose Okta account is DEPROVISIONED.
  grant(ROLE.securityAdministrator, picker.take(bothActive, 1 + Math.floor(n / 20_000)));
  const leaverAdmin = picker.one(leavers);
  if (leaverAdmin !== undefined) grant(ROLE.securityAdministrator, [leaverAdmin]);

  // The scaled roles: at least one holder of each role the issue names, then a weighted mix.
  const mandatory = [ROLE.userAdministrator, ROLE.helpdeskAdministrator, ROLE.globalReader, ROLE.securityReader, ROLE.directoryReaders];
  const scaledCount = Math.max(mandatory.length + 2, Math.round(n * ENTRA_SCALED_ADMINS));
  const scaledHolders: number[] = [];
  for (let i = 0; i < scaledCount; i++) {
    const fromCloud = cloudAdmins.length > 2 && rng.chance(0.2);
    const holder = picker.one(fromCloud ? cloudAdmins : bothActive);
    if (holder === undefined) break;
    const templateId = mandatory[i] ?? ENTRA_SCALED_ROLES.draw(rng);
    // One helpdesk admin works for a single administrative unit.
    const administrativeUnit = templateId === ROLE.helpdeskAdministrator && !plan.entraActive.some((g) => g.administrativeUnit);
    plan.entraActive.push({ templateId, person: holder, ...(administrativeUnit ? { administrativeUnit } : {}) });
    scaledHolders.push(holder);
  }

  // PIM eligibility, about ten: eligible-only Global Admins, a PRA, and a group for Security Admin.
  const eligible = (templateId: string, persons: readonly number[]): void => {
    for (const person of persons) plan.entraEligible.push({ templateId, person });
  };
  eligible(ROLE.globalAdministrator, picker.take(bothActive, 2));
  eligible(ROLE.privilegedRoleAdministrator, picker.take(bothActive, 1));
  eligible(ROLE.userAdministrator, picker.take(bothActive, 2));
  eligible(ROLE.exchangeAdministrator, picker.take(bothActive, 1));
  eligible(ROLE.globalReader, picker.take(bothActive, 2));
  // A permanent admin who also keeps an eligibility for a role they hold: both lists show them.
  if (gaWeak !== undefined) eligible(ROLE.securityAdministrator, [gaWeak]);
  plan.pimGroupMembers = picker.take(bothActive, 2);

  // Okta: SUPER_ADMIN 2-4. The direct GA and the PRA hold it too (TIER0_IN_BOTH); one is
  // disabled in Entra (PRIVILEGED_WHILE_INACTIVE_ELSEWHERE); a fourth in larger orgs.
  okta('SUPER_ADMIN', [gaTier0Both, praPerson, picker.one(entraDisabled)]);
  if (n >= 1000) okta('SUPER_ADMIN', [picker.one(bothActive)]);
  plan.orgAdminGroupMembers = picker.take(bothActive, 2);
  // Privileged in Okta, nothing in Entra: PRIVILEGE_MISMATCH.
  okta('APP_ADMIN', [picker.one(bothActive)]);
  okta('USER_ADMIN', [picker.one(entraDisabled)]);
  const oktaScaled = Math.max(5, Math.round(n * OKTA_SCALED_ADMINS));
  const oktaMandatory: OktaRoleGrant['type'][] = ['USER_ADMIN', 'HELP_DESK_ADMIN', 'READ_ONLY_ADMIN', 'REPORT_ADMIN', 'APP_ADMIN'];
  for (let i = 0; i < oktaScaled; i++) {
    const type = oktaMandatory[i] ?? OKTA_SCALED_ROLES.draw(rng);
    // Some Entra helpdesk and user admins administer Okta as well: admins in both.
    const shared = scaledHolders.length > 0 && rng.chance(0.3) ? scaledHolders[rng.int(scaledHolders.length)] : undefined;
    const person = shared !== undefined && oktaActive(all[shared] as SyntheticPerson) ? shared : picker.one(oktaActiveAccounts);
    okta(type, [person]);
  }
  plan.customRoleGroupMembers = picker.take(oktaActiveAccounts, 2);
  plan.customRoleUsers = picker.take(oktaActiveAccounts, 1);
  return plan;
}

export interface RoleConflictCounts {
  tier0InBoth: number;
  privilegeMismatch: number;
  privilegedWhileInactiveElsewhere: number;
}

const OKTA_TIER0 = new Set<string>(['SUPER_ADMIN', 'ORG_ADMIN']);
const OKTA_READ_ONLY = new Set<string>(['READ_ONLY_ADMIN', 'REPORT_ADMIN']);

/**
 * The contract's role conflicts, computed from the plan with the contract's own definitions
 * (RoleConflictKind): what a correct twin must report for this scenario.
 */
export function roleConflictCounts(people: People, plan: AdminPlan): RoleConflictCounts {
  const entraPrivActive = new Set<number>();
  const entraPrivEligible = new Set<number>();
  const entraTier0 = new Set<number>();
  const addEntra = (templateId: string, person: number, active: boolean): void => {
    if (ENTRA_READ_ONLY_ROLES.has(templateId)) return;
    if (active) {
      entraPrivActive.add(person);
      if (ENTRA_TIER0_ROLES.has(templateId)) entraTier0.add(person);
    } else entraPrivEligible.add(person);
  };
  for (const g of plan.entraActive) addEntra(g.templateId, g.person, true);
  for (const p of plan.tier0GroupMembers) addEntra(ROLE.globalAdministrator, p, true);
  for (const g of plan.entraEligible) addEntra(g.templateId, g.person, false);
  for (const p of plan.pimGroupMembers) addEntra(ROLE.securityAdministrator, p, false);

  const oktaPriv = new Set<number>();
  const oktaTier0 = new Set<number>();
  const addOkta = (type: string, person: number): void => {
    if (OKTA_READ_ONLY.has(type)) return;
    oktaPriv.add(person);
    if (OKTA_TIER0.has(type)) oktaTier0.add(person);
  };
  for (const g of plan.oktaUserRoles) addOkta(g.type, g.person);
  for (const p of plan.orgAdminGroupMembers) addOkta('ORG_ADMIN', p);
  for (const p of [...plan.customRoleGroupMembers, ...plan.customRoleUsers]) addOkta('CUSTOM', p);

  let tier0InBoth = 0;
  let privilegeMismatch = 0;
  let privilegedWhileInactiveElsewhere = 0;
  for (const person of people.all) {
    const i = person.index;
    if (entraTier0.has(i) && oktaTier0.has(i)) tier0InBoth++;
    const hasBoth = person.entra !== null && person.okta !== null;
    const activeBoth = hasBoth && entraActive(person) && oktaActive(person);
    const entraPriv = entraPrivActive.has(i);
    const oktaP = oktaPriv.has(i);
    if (activeBoth && ((entraPriv && !oktaP) || (oktaP && !entraPriv && !entraPrivEligible.has(i)))) privilegeMismatch++;
    if (hasBoth && ((entraPriv && !oktaActive(person)) || (oktaP && !entraActive(person)))) privilegedWhileInactiveElsewhere++;
  }
  return { tier0InBoth, privilegeMismatch, privilegedWhileInactiveElsewhere };
}
