/**
 * Plain objects that twin queries return and GraphQL types expose. One row type per contract type, so
 * the Cypher side and the API side agree on one shape.
 */
import type {
  Confidence, MfaGapKind, MfaMethod, PolicyState, RoleConflictKind, Severity, Source,
} from '../model/vocabulary.js';

export interface AccountRow {
  /** The node key, e.g. entra:{tid}:{objectId}. */
  id: string;
  source: Source;
  externalId: string;
  displayName: string;
  login: string;
  email: string | null;
  active: boolean;
  status: string;
  userType: string;
  createdAt: string | null;
  lastSignInAt: string | null;
  mfaRegistered: boolean;
  mfaMethods: MfaMethod[];
}

export interface PersonRow {
  id: string;
  displayName: string;
  emails: string[];
  confidence: Confidence;
  /** Latest sign-in of any of the person's accounts. */
  lastActivityAt: string | null;
}

export interface ApplicationRow {
  id: string;
  source: Source;
  externalId: string;
  displayName: string;
  permissions: string[];
}

export interface SecurityEventRow {
  id: string;
  source: Source;
  severity: Severity;
  occurredAt: string;
  kind: string;
  ipAddress: string | null;
  location: string | null;
  device: string | null;
  /** Key of the involved account, resolved through a loader. */
  accountId: string | null;
}

export interface AccountTotalsRow {
  source: Source;
  total: number;
  active: number;
  guests: number;
}

export interface MfaCoverageRow {
  source: Source;
  accounts: number;
  registered: number;
  ratio: number;
  byMethod: Array<{ method: MfaMethod; accounts: number }>;
  confidence: Confidence;
}

export interface RoleHoldersRow {
  source: Source;
  role: string;
  roleKey: string;
  tier0: boolean;
  privileged: boolean;
  activeHolders: number;
  eligibleHolders: number;
  holders: AccountRow[];
}

export interface ConditionalAccessPolicyRow {
  id: string;
  displayName: string;
  state: PolicyState;
  grantControls: string[];
  requiresMfa: boolean;
  blocks: boolean;
}

export interface ConditionalAccessPostureRow {
  enabled: number;
  reportOnly: number;
  disabled: number;
  policies: ConditionalAccessPolicyRow[];
  mfaRequiredForAllUsers: boolean;
  legacyAuthBlocked: boolean;
  accountsWithoutMfaEnforcement: number;
}

export interface StaleAccountsRow {
  source: Source;
  count: number;
  accounts: AccountRow[];
}

export interface SecurityEventSummaryRow {
  total: number;
  bySeverity: Array<{ severity: Severity; count: number }>;
  bySource: Array<{ source: Source; count: number }>;
}

export interface ApplicationInventoryRow {
  entraApplications: number;
  entraServicePrincipals: number;
  oktaApps: number;
  highPrivilegeApps: ApplicationRow[];
}

export interface MfaGapRow {
  kind: MfaGapKind;
  person: PersonRow;
  accounts: AccountRow[];
  /** MFA_ONLY_IN_OKTA when Okta federates the Entra tenant: the Entra sign-in goes through Okta's MFA. */
  federatedThroughOkta: boolean;
}

export interface RoleConflictRow {
  kind: RoleConflictKind;
  person: PersonRow;
  roles: string[];
}

export interface CrossIdpPostureRow {
  inBoth: number;
  onlyInEntra: number;
  onlyInOkta: number;
  mfaGaps: MfaGapRow[];
  roleConflicts: RoleConflictRow[];
  ssoOverlap: Array<{ entra: ApplicationRow; okta: ApplicationRow }>;
  ssoGaps: ApplicationRow[];
}

export interface IdentityPostureRow {
  asOf: string;
  accounts: AccountTotalsRow[];
  mfa: MfaCoverageRow[];
  globalAdmins: AccountRow[];
  roles: RoleHoldersRow[];
  conditionalAccess: ConditionalAccessPostureRow;
  staleAccounts: StaleAccountsRow[];
  securityEvents: SecurityEventSummaryRow;
  applications: ApplicationInventoryRow;
  crossIdp: CrossIdpPostureRow;
}

/** Cypher map projection of an Account node into an AccountRow (alias `a`). */
export const ACCOUNT_PROJECTION = `a { id: a.key, .source, .externalId, displayName: coalesce(a.displayName, a.login, ''),
  login: coalesce(a.login, ''), .email, active: coalesce(a.active, false), status: coalesce(a.status, ''),
  userType: coalesce(a.userType, 'Member'), .createdAt, .lastSignInAt, mfaRegistered: coalesce(a.mfaRegistered, false),
  mfaMethods: coalesce(a.mfaMethods, []) }`;

/** Cypher map projection of a Person node (alias `p`). */
export const PERSON_PROJECTION = `p { .id, displayName: coalesce(p.displayName, ''), emails: coalesce(p.emails, []), confidence: coalesce(p.confidence, 'INFERRED'), .lastActivityAt }`;

/** Cypher map projection of an Application node (alias `app`). */
export const APPLICATION_PROJECTION = `app { id: app.key, .source, .externalId, displayName: coalesce(app.displayName, ''), permissions: coalesce(app.permissions, []) }`;
