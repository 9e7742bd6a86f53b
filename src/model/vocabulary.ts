/**
 * The contract's shared vocabulary, in one place: its enums (each a const list and the type derived from
 * it; the API registers its GraphQL enums from these lists), and which roles are tier 0 or privileged.
 * Connectors map provider values onto these; posture queries read them.
 */

/** Whether `value` is one of `values` (narrows a string read from the graph or a provider). */
export function isOneOf<T extends string>(values: readonly T[], value: string | null | undefined): value is T {
  const known: readonly (string | null | undefined)[] = values;
  return known.includes(value);
}

/** The identity providers the twin reads (contract: IdentitySource). Per-source sections list both, Entra first. */
export const SOURCES = ['ENTRA_ID', 'OKTA'] as const;
export type Source = (typeof SOURCES)[number];

/** Singleton integration ids: the contract has one Entra tenant and one Okta org. */
export const INTEGRATION_ID: Record<Source, string> = { ENTRA_ID: 'entra', OKTA: 'okta' };

export const MFA_METHODS = [
  'AUTHENTICATOR_APP', 'FIDO2', 'WINDOWS_HELLO', 'PHONE', 'EMAIL', 'SOFTWARE_OTP', 'HARDWARE_OTP', 'OTHER',
] as const;
export type MfaMethod = (typeof MFA_METHODS)[number];

/** Lowest first: severityRank orders by this list. */
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Contract: Confidence. */
export const CONFIDENCES = ['VERIFIED', 'INFERRED'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Contract: SyncStatus. */
export const SYNC_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** Contract: SyncMode. Every sync is FULL until incremental sync is built. */
export const SYNC_MODES = ['FULL', 'INCREMENTAL'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

/** Contract: PolicyState (a conditional access policy's state). */
export const POLICY_STATES = ['ENABLED', 'REPORT_ONLY', 'DISABLED'] as const;
export type PolicyState = (typeof POLICY_STATES)[number];

/** Contract: RoleAssignmentKind. */
export const ROLE_ASSIGNMENT_KINDS = ['ACTIVE', 'ELIGIBLE'] as const;
export type RoleAssignmentKind = (typeof ROLE_ASSIGNMENT_KINDS)[number];

/** Contract: MfaGapKind. Gaps are listed in this order. */
export const MFA_GAP_KINDS = [
  'NO_MFA_ANYWHERE', 'MFA_ONLY_IN_OKTA', 'MFA_ONLY_IN_ENTRA', 'PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA',
] as const;
export type MfaGapKind = (typeof MFA_GAP_KINDS)[number];

/** Contract: RoleConflictKind. Conflicts are listed in this order. */
export const ROLE_CONFLICT_KINDS = ['PRIVILEGED_WHILE_INACTIVE_ELSEWHERE', 'TIER0_IN_BOTH', 'PRIVILEGE_MISMATCH'] as const;
export type RoleConflictKind = (typeof ROLE_CONFLICT_KINDS)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** The highest of the given levels, case-insensitive; ignores none, hidden and unknown values. */
export function highestSeverity(levels: Array<string | null | undefined>): Severity | null {
  let best: Severity | null = null;
  for (const raw of levels) {
    const s = raw?.toUpperCase();
    if (isOneOf(SEVERITIES, s)) {
      if (best === null || severityRank(s) > severityRank(best)) best = s;
    }
  }
  return best;
}

export const GLOBAL_ADMIN_TEMPLATE_ID = '62e90394-69f5-4237-9190-012177145e10';

/** Entra role template ids that are tier 0 (contract: RoleHolders.tier0). */
export const ENTRA_TIER0 = new Set([
  GLOBAL_ADMIN_TEMPLATE_ID, // Global Administrator
  'e8611ab8-c189-46e8-94e1-60213ab1f814', // Privileged Role Administrator
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', // Privileged Authentication Administrator
]);

/** Entra read-only roles: not privileged (contract: RoleHolders.privileged). */
export const ENTRA_READ_ONLY = new Set([
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451', // Global Reader
  '5d6b6bb7-de71-4623-b4af-96380a352509', // Security Reader
  '4a5d8f65-41da-4de4-8968-e035b65339cf', // Reports Reader
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b', // Directory Readers
]);

export const OKTA_TIER0 = new Set(['SUPER_ADMIN', 'ORG_ADMIN']);
export const OKTA_READ_ONLY = new Set(['READ_ONLY_ADMIN', 'REPORT_ADMIN']);

export function entraRoleClass(templateId: string): { tier0: boolean; privileged: boolean } {
  return { tier0: ENTRA_TIER0.has(templateId), privileged: !ENTRA_READ_ONLY.has(templateId) };
}

/** Okta role type (SUPER_ADMIN ...) or CUSTOM: custom roles are admin roles, so privileged. */
export function oktaRoleClass(type: string): { tier0: boolean; privileged: boolean } {
  return { tier0: OKTA_TIER0.has(type), privileged: !OKTA_READ_ONLY.has(type) };
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Trimmed and lower-cased (and NFC): how identifiers are compared for identity resolution. */
export function normalizeIdentifier(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // ASCII (nearly every identifier) is its own NFC form: no call into ICU for it, twice per account per pass.
  const v = (isAscii(value) ? value : value.normalize('NFC')).trim().toLowerCase();
  return v === '' ? null : v;
}

/** Lower-cased, letters and digits only: how app display names are compared for SSO overlap. */
export function normalizeAppName(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  return v === '' ? null : v;
}

/** Graph's null, "" and 0001-01-01T00:00:00Z mean never; anything else becomes ISO 8601 UTC. */
export function normalizeDate(value: string | null | undefined): string | null {
  if (!value) return null;
  if (value.startsWith('0001-01-01')) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** The later of two ISO dates (either may be null). */
export function latestDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
