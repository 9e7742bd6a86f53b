/** The contract's enums, registered once with their descriptions. */
import { registerEnumType } from 'type-graphql';

export enum IdentitySource { ENTRA_ID = 'ENTRA_ID', OKTA = 'OKTA' }
export enum SyncStatus { QUEUED = 'QUEUED', RUNNING = 'RUNNING', SUCCEEDED = 'SUCCEEDED', PARTIAL = 'PARTIAL', FAILED = 'FAILED' }
export enum Confidence { VERIFIED = 'VERIFIED', INFERRED = 'INFERRED' }
export enum MfaMethod {
  AUTHENTICATOR_APP = 'AUTHENTICATOR_APP', FIDO2 = 'FIDO2', WINDOWS_HELLO = 'WINDOWS_HELLO', PHONE = 'PHONE',
  EMAIL = 'EMAIL', SOFTWARE_OTP = 'SOFTWARE_OTP', HARDWARE_OTP = 'HARDWARE_OTP', OTHER = 'OTHER',
}
export enum PolicyState { ENABLED = 'ENABLED', REPORT_ONLY = 'REPORT_ONLY', DISABLED = 'DISABLED' }
export enum Severity { LOW = 'LOW', MEDIUM = 'MEDIUM', HIGH = 'HIGH' }
export enum MfaGapKind {
  NO_MFA_ANYWHERE = 'NO_MFA_ANYWHERE', MFA_ONLY_IN_OKTA = 'MFA_ONLY_IN_OKTA', MFA_ONLY_IN_ENTRA = 'MFA_ONLY_IN_ENTRA',
  PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA = 'PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA',
}
export enum RoleConflictKind {
  PRIVILEGED_WHILE_INACTIVE_ELSEWHERE = 'PRIVILEGED_WHILE_INACTIVE_ELSEWHERE', TIER0_IN_BOTH = 'TIER0_IN_BOTH',
  PRIVILEGE_MISMATCH = 'PRIVILEGE_MISMATCH',
}
export enum RoleAssignmentKind { ACTIVE = 'ACTIVE', ELIGIBLE = 'ELIGIBLE' }

registerEnumType(IdentitySource, { name: 'IdentitySource' });
registerEnumType(SyncStatus, {
  name: 'SyncStatus',
  valuesConfig: {
    QUEUED: { description: 'Accepted, not started yet.' },
    SUCCEEDED: { description: 'Every requested data set was pulled and loaded.' },
    PARTIAL: { description: 'Some data sets failed (see errors); the others were loaded and the failed ones kept the data of the previous sync.' },
    FAILED: { description: 'Nothing was loaded; the twin keeps the data of the previous sync.' },
  },
});
registerEnumType(Confidence, {
  name: 'Confidence',
  valuesConfig: {
    VERIFIED: { description: "Read directly from an identity provider's API." },
    INFERRED: { description: 'Derived by the twin: matched accounts, evaluated policies.' },
  },
});
registerEnumType(MfaMethod, {
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
registerEnumType(PolicyState, {
  name: 'PolicyState',
  valuesConfig: { REPORT_ONLY: { description: 'Entra enabledForReportingButNotEnforced.' } },
});
registerEnumType(Severity, { name: 'Severity' });
registerEnumType(MfaGapKind, {
  name: 'MfaGapKind',
  valuesConfig: {
    NO_MFA_ANYWHERE: { description: 'The person has active accounts and none of their active accounts has MFA registered.' },
    MFA_ONLY_IN_OKTA: { description: 'An active Entra account without MFA, while an active Okta account of the same person has MFA.' },
    MFA_ONLY_IN_ENTRA: { description: 'An active Okta account without MFA, while an active Entra account of the same person has MFA.' },
    PRIVILEGED_WITHOUT_PHISHING_RESISTANT_MFA: { description: 'The person holds a privileged role actively and none of their accounts has FIDO2 or Windows Hello registered.' },
  },
});
registerEnumType(RoleConflictKind, {
  name: 'RoleConflictKind',
  valuesConfig: {
    PRIVILEGED_WHILE_INACTIVE_ELSEWHERE: { description: 'Holds a privileged role actively in one identity provider while the person has accounts in the other and none of them is active (disabled, suspended, deprovisioned).' },
    TIER0_IN_BOTH: { description: 'Holds a tier-0 role in both identity providers: one compromised person controls both.' },
    PRIVILEGE_MISMATCH: { description: 'Holds a privileged role actively in one identity provider and no privileged role, active or eligible, in the other, while the person has active accounts in both.' },
  },
});
registerEnumType(RoleAssignmentKind, { name: 'RoleAssignmentKind', description: 'How a role is held: an active assignment, or PIM eligibility.' });
