/**
 * The read model: plain objects that twin queries return and GraphQL types expose. One view per contract
 * type, so the Cypher side and the API side agree on one shape. (Views, not rows: the connectors' `...Row`
 * types are what they write.)
 */
import type {
  Confidence, MfaGapKind, MfaMethod, PolicyState, RoleAssignmentKind, RoleConflictKind, Severity, Source,
} from '../model/vocabulary.js';
import { ROLE_NAME } from './cypher.js';

export interface AccountView {
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

export interface PersonView {
  id: string;
  displayName: string;
  emails: string[];
  confidence: Confidence;
  /** Latest sign-in of any of the person's accounts. */
  lastActivityAt: string | null;
}

export interface ApplicationView {
  id: string;
  source: Source;
  externalId: string;
  displayName: string;
  permissions: string[];
}

export interface SecurityEventView {
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

export interface GroupView {
  id: string;
  source: Source;
  externalId: string;
  displayName: string;
  groupType: string | null;
  memberCount: number | null;
}

export interface RoleView {
  id: string;
  source: Source;
  name: string;
  roleKey: string;
  tier0: boolean;
  privileged: boolean;
}

/** One way an account holds a role; the role, the account and the groups are resolved through loaders. */
export interface RoleGrantView {
  roleId: string;
  accountId: string;
  assignment: RoleAssignmentKind;
  scope: string | null;
  /** Group keys from the account's group to the group holding the role; empty when direct. */
  viaGroupIds: string[];
}

export interface AccountTotalsView {
  source: Source;
  total: number;
  active: number;
  guests: number;
}

export interface MfaCoverageView {
  source: Source;
  accounts: number;
  registered: number;
  ratio: number;
  byMethod: Array<{ method: MfaMethod; accounts: number }>;
  confidence: Confidence;
}

/** A page of a paged posture list: at most `first` items after skipping `offset`. */
export interface Page {
  first: number;
  offset: number;
}

export interface RoleHoldersView {
  /** The role's node key: its holders are read page by page (RoleHolders.holders). */
  roleId: string;
  source: Source;
  role: string;
  roleKey: string;
  tier0: boolean;
  privileged: boolean;
  activeHolders: number;
  eligibleHolders: number;
}

export interface ConditionalAccessPolicyView {
  id: string;
  displayName: string;
  state: PolicyState;
  grantControls: string[];
  requiresMfa: boolean;
  blocks: boolean;
}

export interface ConditionalAccessPostureView {
  enabled: number;
  reportOnly: number;
  disabled: number;
  policies: ConditionalAccessPolicyView[];
  mfaRequiredForAllUsers: boolean;
  legacyAuthBlocked: boolean;
  accountsWithoutMfaEnforcement: number;
}

export interface StaleAccountsView {
  source: Source;
  count: number;
  /** Accounts whose staleSince is before this are stale: its accounts are read page by page. */
  cutoff: string;
}

export interface SecurityEventSummaryView {
  total: number;
  bySeverity: Array<{ severity: Severity; count: number }>;
  bySource: Array<{ source: Source; count: number }>;
}

export interface ApplicationInventoryView {
  entraApplications: number;
  entraServicePrincipals: number;
  oktaApps: number;
  highPrivilegeAppCount: number;
}

export interface MfaGapView {
  kind: MfaGapKind;
  person: PersonView;
  accounts: AccountView[];
  /** MFA_ONLY_IN_OKTA when Okta federates the Entra tenant: the Entra sign-in goes through Okta's MFA. */
  federatedThroughOkta: boolean;
}

export interface RoleConflictView {
  kind: RoleConflictKind;
  person: PersonView;
  roles: string[];
}

export interface CrossIdpPostureView {
  inBoth: number;
  onlyInEntra: number;
  onlyInOkta: number;
  mfaGapCounts: Array<{ kind: MfaGapKind; people: number }>;
  roleConflictCounts: Array<{ kind: RoleConflictKind; people: number }>;
  ssoOverlapCount: number;
  ssoGapCount: number;
}

export interface SsoOverlapView {
  entra: ApplicationView;
  okta: ApplicationView;
}

/** The request-independent part of the posture and its counts; the lists are read page by page. */
export interface IdentityPostureView {
  asOf: string;
  accounts: AccountTotalsView[];
  mfa: MfaCoverageView[];
  globalAdminCount: number;
  roles: RoleHoldersView[];
  conditionalAccess: ConditionalAccessPostureView;
  staleAccounts: StaleAccountsView[];
  securityEvents: SecurityEventSummaryView;
  applications: ApplicationInventoryView;
  crossIdp: CrossIdpPostureView;
}

/** Cypher map projection of an Account node into an AccountView (alias `a`). */
export const ACCOUNT_PROJECTION = `a { id: a.key, .source, .externalId, displayName: coalesce(a.displayName, a.login, ''),
  login: coalesce(a.login, ''), .email, active: coalesce(a.active, false), status: coalesce(a.status, ''),
  userType: coalesce(a.userType, 'Member'), .createdAt, .lastSignInAt, mfaRegistered: coalesce(a.mfaRegistered, false),
  mfaMethods: coalesce(a.mfaMethods, []) }`;

/** Cypher map projection of a Person node (alias `p`). */
export const PERSON_PROJECTION = `p { .id, displayName: coalesce(p.displayName, ''), emails: coalesce(p.emails, []), confidence: coalesce(p.confidence, 'INFERRED'), .lastActivityAt }`;

/** Cypher map projection of an Application node (alias `app`). */
export const APPLICATION_PROJECTION = `app { id: app.key, .source, .externalId, displayName: coalesce(app.displayName, ''), permissions: coalesce(app.permissions, []) }`;

/** Cypher map projection of a Group node (alias `g`). */
export const GROUP_PROJECTION = `g { id: g.key, .source, .externalId, displayName: coalesce(g.displayName, ''), .groupType, .memberCount }`;

/** Cypher map projection of a Role node (alias `r`); its name is the one posture shows (ROLE_NAME). */
export const ROLE_PROJECTION = `r { id: r.key, .source, name: ${ROLE_NAME}, .roleKey, tier0: coalesce(r.tier0, false), privileged: coalesce(r.privileged, true) }`;

/** Cypher map projection of a SecurityEvent (alias `e`); `accountExpr` is the Cypher for the involved account's key. */
export function eventProjection(accountExpr: string): string {
  return `e { id: e.key, .source, .severity, .occurredAt, kind: coalesce(e.kind, ''), .ipAddress, .location, .device, accountId: ${accountExpr} }`;
}
