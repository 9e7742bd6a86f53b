/**
 * What the generator knows about a scenario by construction, so tests and the demo can print and
 * assert it without asking the twin. Cross-IdP numbers follow the contract's definitions.
 */
import type { RoleConflictCounts } from './admins.js';
import type { EntraOnlyKind } from './people.js';

export interface ScenarioSummary {
  seed: number;
  /** People (resolved identities), as the twin should count them. */
  people: number;
  /** The `now` every date is relative to (ISO). */
  now: string;
  tenantId: string;
  domain: string;

  entraUsers: number;
  entraGuests: number;
  /** Contract: accountEnabled and userType Member. */
  activeEntraAccounts: number;
  /** Every Okta user, DEPROVISIONED included. */
  oktaUsers: number;
  oktaDeprovisioned: number;
  /** Contract: ACTIVE, PASSWORD_EXPIRED, LOCKED_OUT or RECOVERY. */
  activeOktaAccounts: number;

  /** People with an account in each IdP (leavers and people disabled in Entra included). */
  inBoth: number;
  /** People with an active Entra account and no Okta account. */
  onlyInEntra: number;
  /** People with an active Okta account and no Entra account. */
  onlyInOkta: number;
  /** DEPROVISIONED in Okta, still enabled in Entra. */
  leavers: number;
  /** Disabled in Entra, ACTIVE in Okta. */
  disabledInEntraActiveInOkta: number;
  entraOnlyAccounts: Record<EntraOnlyKind, number>;

  /** Enabled Entra users whose userRegistrationDetails say isMfaRegistered. */
  entraMfaRegistered: number;
  /** Okta users with an ACTIVE factor other than a security question (any status). */
  oktaMfaRegistered: number;
  oktaFactors: number;

  entraGroups: number;
  oktaGroups: number;
  groups: number;
  /** Direct memberships (Entra: users, groups and service principals; Okta: users). */
  entraMemberships: number;
  oktaMemberships: number;
  memberships: number;

  /** Distinct accounts holding Global Administrator actively. */
  globalAdmins: number;
  entraRoleAssignments: number;
  pimEligibilityInstances: number;
  oktaSuperAdmins: number;
  oktaRoleAssignments: number;
  /** The contract's RoleConflictKind counts (people). */
  roleConflicts: RoleConflictCounts;

  conditionalAccessPolicies: number;
  signIns: number;
  riskySignIns: number;
  legacySignIns: number;
  oktaLogEvents: number;
  /** Risk level in either encoding, or security.threat.detected. */
  riskyOktaEvents: number;
  riskyOktaEventsByForm: { debugData: number; securityContext: number; both: number; threatWithoutLevel: number };

  entraApps: number;
  /** Service principals of type Application (first-party ones included). */
  entraServicePrincipals: number;
  managedIdentities: number;
  /** Service principals holding a Graph application permission containing ReadWrite. */
  highPrivilegeApps: number;
  oktaApps: number;
  oktaAppUsers: number;
  /** Catalogue apps integrated in both IdPs (by name, or by sign-on host only). */
  sameAppInBoth: { byName: number; byHost: number };
  passwordSsoApps: { entra: number; okta: number };
}
