/**
 * The contract's enums, registered once with their descriptions. Their values live in
 * src/model/vocabulary.ts (one const list each, and its type); each GraphQL enum here is derived from
 * that list, so a value is spelled once. Fields use the vocabulary's types (Source, Severity, ...).
 */
import { registerEnumType } from 'type-graphql';
import {
  CONFIDENCES, MFA_GAP_KINDS, MFA_METHODS, POLICY_STATES, ROLE_ASSIGNMENT_KINDS, ROLE_CONFLICT_KINDS, SEVERITIES,
  SOURCES, SYNC_MODES, SYNC_STATUSES,
} from '../../model/vocabulary.js';

/** The enum object type-graphql registers, `{ A: 'A', B: 'B' }`, of a list of values `['A', 'B']`. */
type EnumObject<T extends string> = { readonly [K in T]: K };
/** registerEnumType's config (name, description, per-value descriptions keyed by the values). */
type EnumConfig<E extends object> = Parameters<typeof registerEnumType<E>>[1];

function enumObject<const T extends string>(values: readonly T[]): EnumObject<T>;
function enumObject(values: readonly string[]): Readonly<Record<string, string>> {
  return Object.fromEntries(values.map((v) => [v, v]));
}

function registered<const T extends string>(values: readonly T[], config: EnumConfig<EnumObject<T>>): EnumObject<T> {
  const e = enumObject(values);
  registerEnumType(e, config);
  return e;
}

export const IdentitySourceEnum = registered(SOURCES, { name: 'IdentitySource' });

export const SyncStatusEnum = registered(SYNC_STATUSES, {
  name: 'SyncStatus',
  valuesConfig: {
    QUEUED: { description: 'Accepted, not started yet.' },
    SUCCEEDED: { description: 'Every requested data set was pulled and loaded.' },
    PARTIAL: { description: 'Some data sets failed (see errors); the others were loaded and the failed ones kept the data of the previous sync.' },
    FAILED: { description: 'Nothing was loaded; the twin keeps the data of the previous sync.' },
    CANCELLED: { description: 'Stopped by cancelSync or a server shutdown: data sets that finished were loaded, the others kept the data of the previous sync.' },
  },
});

export const SyncModeEnum = registered(SYNC_MODES, {
  name: 'SyncMode',
  valuesConfig: {
    FULL: { description: 'Every data set read whole; what the provider no longer has is removed from the twin.' },
    INCREMENTAL: { description: 'Only what changed since the previous successful sync. Not built yet: every run is FULL today.' },
  },
});

export const ConfidenceEnum = registered(CONFIDENCES, {
  name: 'Confidence',
  valuesConfig: {
    VERIFIED: { description: "Read directly from an identity provider's API." },
    INFERRED: { description: 'Derived by the twin: matched accounts, evaluated policies.' },
  },
});

export const MfaMethodEnum = registered(MFA_METHODS, {
  name: 'MfaMethod',
  description: 'Normalized MFA methods. Entra methodsRegistered and Okta factorType values map onto these.',
  valuesConfig: {
    AUTHENTICATOR_APP: { description: 'Microsoft Authenticator push or passwordless; Okta Verify push or FastPass (signed_nonce).' },
    FIDO2: { description: 'FIDO2 security keys and passkeys; Okta webauthn and u2f.' },
    WINDOWS_HELLO: { description: 'Windows Hello for Business and other platform credentials.' },
    PHONE: { description: 'SMS or voice on any phone.' },
    SOFTWARE_OTP: { description: 'TOTP apps: softwareOneTimePasscode; Okta token:software:totp.' },
    HARDWARE_OTP: { description: 'Hardware OTP tokens: hardwareOneTimePasscode; Okta token:hardware, token, token:hotp.' },
    OTHER: { description: 'Anything else (security question, temporary access pass, app password, unknown values).' },
  },
});

export const PolicyStateEnum = registered(POLICY_STATES, {
  name: 'PolicyState',
  valuesConfig: { REPORT_ONLY: { description: 'Entra enabledForReportingButNotEnforced.' } },
});

export const SeverityEnum = registered(SEVERITIES, { name: 'Severity' });

export const MfaGapKindEnum = registered(MFA_GAP_KINDS, {
  name: 'MfaGapKind',
  valuesConfig: {
    NO_MFA_ANYWHERE: { description: 'The person has active accounts and none of their active accounts has MFA registered.' },
    MFA_ONLY_IN_OKTA: { description: 'An active Entra account without MFA, while an active Okta account of the same person has MFA.' },
    MFA_ONLY_IN_ENTRA: { description: 'An active Okta account without MFA, while an active Entra account of the same person has MFA.' },
    PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA: { description: 'The person holds a privileged role actively and none of their accounts has FIDO2 or Windows Hello registered.' },
  },
});

export const RoleConflictKindEnum = registered(ROLE_CONFLICT_KINDS, {
  name: 'RoleConflictKind',
  valuesConfig: {
    PRIVILEGED_WHILE_INACTIVE_ELSEWHERE: { description: 'Holds a privileged role actively in one identity provider while the person has accounts in the other and none of them is active (disabled, suspended, deprovisioned).' },
    TIER0_IN_BOTH: { description: 'Holds a tier-0 role in both identity providers: one compromised person controls both.' },
    PRIVILEGE_MISMATCH: { description: 'Holds a privileged role actively in one identity provider and no privileged role, active or eligible, in the other, while the person has active accounts in both.' },
  },
});

export const RoleAssignmentKindEnum = registered(ROLE_ASSIGNMENT_KINDS, {
  name: 'RoleAssignmentKind',
  description: 'How a role is held: an active assignment, or PIM eligibility.',
});
