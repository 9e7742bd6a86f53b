/**
 * The synthetic tenant generator: one seeded, deterministic scenario (an Entra tenant and an Okta
 * org describing the same company) from 100 to 300,000 people, in the fixture shapes both
 * simulators serve. Realism defaults live in `distributions.ts`.
 */
import type { JWK } from 'jose';
import type { EntraTenantFixture } from '../entra/fixture.js';
import type { OktaOrgFixture } from '../okta/fixture.js';
import { planActivity } from './activity.js';
import { planAdmins, roleConflictCounts } from './admins.js';
import { buildAppCatalog } from './app-catalog.js';
import { createContext } from './context.js';
import { MAX_PEOPLE, MIN_PEOPLE } from './distributions.js';
import { buildEntraTenant } from './entra/tenant.js';
import { Network } from './network.js';
import { buildOktaOrg } from './okta/org.js';
import { buildPeople, entraActive, oktaActive } from './people.js';
import type { ScenarioSummary } from './summary.js';

export type { ScenarioSummary } from './summary.js';

export interface SyntheticOptions {
  seed: number;
  /** 100 to 300,000. */
  people: number;
  /** Dates are relative to this (default: the current time). Same (seed, people, now) => identical output. */
  now?: Date;
  entraCredentials: {
    clientId: string;
    clientSecret: string;
    /** Graph application permissions consented to the client; default: all the connector needs. */
    permissions?: string[];
  };
  oktaCredentials: {
    apiToken: string;
    serviceApp?: { clientId: string; publicJwk: JWK; requireDpop?: boolean };
  };
  /** Default: derived from the seed. */
  tenantId?: string;
  /** Default 'contoso-synth.com'. */
  domain?: string;
}

export interface SyntheticScenario {
  entra: EntraTenantFixture;
  okta: OktaOrgFixture;
  summary: ScenarioSummary;
}

/** Everything the Entra connector reads, least privilege (plus Directory.Read.All, which sign-in logs have needed). */
export const DEFAULT_ENTRA_PERMISSIONS: readonly string[] = [
  'User.Read.All',
  'GroupMember.Read.All',
  'Group.Read.All',
  'AuditLog.Read.All',
  'Directory.Read.All',
  'RoleManagement.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'Policy.Read.All',
  'Application.Read.All',
  'DelegatedPermissionGrant.Read.All',
];

function validate(opts: SyntheticOptions): void {
  if (!Number.isFinite(opts.seed)) throw new RangeError(`seed must be a finite number, got ${opts.seed}`);
  if (!Number.isInteger(opts.people) || opts.people < MIN_PEOPLE || opts.people > MAX_PEOPLE) {
    throw new RangeError(`people must be an integer from ${MIN_PEOPLE} to ${MAX_PEOPLE}, got ${opts.people}`);
  }
  if (opts.now && Number.isNaN(opts.now.getTime())) throw new RangeError('now is not a valid date');
}

export function generateScenario(opts: SyntheticOptions): SyntheticScenario {
  validate(opts);
  const now = opts.now ?? new Date();
  const context = createContext(opts.seed, now, opts.domain ?? 'contoso-synth.com', opts.tenantId);
  const people = buildPeople(context, opts.people);
  const activity = planActivity(context, people);
  const admins = planAdmins(context, people);
  const catalog = buildAppCatalog(context, opts.people);
  const network = new Network(context);

  const entra = buildEntraTenant(context, people, activity, admins, catalog, network, {
    clientId: opts.entraCredentials.clientId,
    clientSecret: opts.entraCredentials.clientSecret,
    permissions: [...(opts.entraCredentials.permissions ?? DEFAULT_ENTRA_PERMISSIONS)],
  });
  const adGroupNames = entra.tenant.groups.filter((g) => g.onPremisesSyncEnabled).map((g) => g.displayName);
  const okta = buildOktaOrg(context, people, activity, admins, catalog, network, adGroupNames, opts.oktaCredentials);

  let inBoth = 0;
  let onlyInEntra = 0;
  let onlyInOkta = 0;
  let entraUsers = 0;
  let entraGuests = 0;
  let oktaUsers = 0;
  let oktaDeprovisioned = 0;
  for (const person of people.all) {
    if (person.entra) entraUsers++;
    if (person.entra?.guest) entraGuests++;
    if (person.okta) oktaUsers++;
    if (person.okta?.status === 'DEPROVISIONED') oktaDeprovisioned++;
    if (person.entra && person.okta) inBoth++;
    if (!person.okta && entraActive(person)) onlyInEntra++;
    if (!person.entra && oktaActive(person)) onlyInOkta++;
  }
  const e = entra.stats;
  const o = okta.stats;
  const summary: ScenarioSummary = {
    seed: opts.seed,
    people: people.all.length,
    now: now.toISOString(),
    tenantId: context.tenantId,
    domain: context.domain,
    entraUsers,
    entraGuests,
    activeEntraAccounts: activity.activeEntraAccounts,
    oktaUsers,
    oktaDeprovisioned,
    activeOktaAccounts: activity.activeOktaAccounts,
    inBoth,
    onlyInEntra,
    onlyInOkta,
    leavers: people.counts.leavers,
    disabledInEntraActiveInOkta: people.counts.entraDisabled,
    entraOnlyAccounts: people.counts.byEntraOnlyKind,
    entraMfaRegistered: e.mfaRegistered,
    oktaMfaRegistered: o.mfaRegistered,
    oktaFactors: o.factors,
    entraGroups: e.groups,
    oktaGroups: o.groups,
    groups: e.groups + o.groups,
    entraMemberships: e.memberships,
    oktaMemberships: o.memberships,
    memberships: e.memberships + o.memberships,
    globalAdmins: e.globalAdmins,
    entraRoleAssignments: e.roleAssignments,
    pimEligibilityInstances: e.eligibility,
    oktaSuperAdmins: o.superAdmins,
    oktaRoleAssignments: o.roleAssignments,
    roleConflicts: roleConflictCounts(people, admins),
    conditionalAccessPolicies: e.conditionalAccessPolicies,
    signIns: e.signIns,
    riskySignIns: e.riskySignIns,
    legacySignIns: e.legacySignIns,
    oktaLogEvents: o.logEvents,
    riskyOktaEvents: o.riskyLegacy + o.riskyStructured + o.riskyBoth + o.threats,
    riskyOktaEventsByForm: { debugData: o.riskyLegacy, securityContext: o.riskyStructured, both: o.riskyBoth, threatWithoutLevel: o.threats },
    entraApps: e.applications,
    entraServicePrincipals: e.servicePrincipals,
    managedIdentities: e.managedIdentities,
    highPrivilegeApps: e.highPrivilegeApps,
    oktaApps: o.apps,
    oktaAppUsers: o.appUsers,
    sameAppInBoth: {
      byName: catalog.apps.filter((a) => a.match === 'name').length,
      byHost: catalog.apps.filter((a) => a.match === 'host').length,
    },
    passwordSsoApps: { entra: e.passwordSsoApps, okta: o.passwordSsoApps },
  };
  return { entra: entra.tenant, okta: okta.org, summary };
}
