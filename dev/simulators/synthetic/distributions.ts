/**
 * Every rate and size the synthetic tenant uses, in one place. The numbers are defaults meant to
 * look like a mid-sized enterprise running Entra ID and Okta side by side; comments say where a
 * number comes from or why it has that value. Fractions are of the population named in the comment.
 */
import type { OktaUserStatus } from '../okta/fixture.js';

export const MIN_PEOPLE = 100;
export const MAX_PEOPLE = 300_000;

// ----- people -----

/**
 * Fractions of all people. Leavers and "disabled in Entra" people also have an account in both
 * IdPs; they are counted apart because each is a cross-IdP case of its own.
 */
export const PEOPLE_MIX = {
  /** Entra UPN = Okta login = first.last@domain (a few with case differences). */
  both: 0.85,
  /** Cloud-only admins, break-glass, service and room accounts, B2B guests. */
  entraOnly: 0.06,
  /** Contractors managed only in Okta. */
  oktaOnly: 0.06,
  /** DEPROVISIONED in Okta, still enabled in Entra: the classic missed offboarding. */
  leaver: 0.02,
  /** Disabled in Entra, still ACTIVE in Okta. */
  entraDisabled: 0.01,
} as const;

/** Split of the Entra-only people (break-glass is a fixed two accounts, outside this mix). */
export const ENTRA_ONLY_MIX = {
  cloudAdmin: 0.15,
  service: 0.25,
  room: 0.15,
  guest: 0.45,
} as const;
export const BREAK_GLASS_ACCOUNTS = 2;

/** Of people in both IdPs: UPN and login differ only in case. */
export const UPN_CASE_DIFFERENCE = 0.03;
/** Of people in both IdPs: Entra mail is an alias (flast@) while Okta email = UPN = login. */
export const MAIL_ALIAS = 0.02;
/** Of people in both IdPs: synced from on-premises AD, so Entra carries onPremisesImmutableId. */
export const HYBRID = 0.65;
/**
 * Of the cloud-mastered people in both IdPs: Okta-mastered with Okta's recommended Office 365
 * mapping, so onPremisesImmutableId is the Okta user id (okta.md §10).
 */
export const OKTA_MASTERED_IMMUTABLE_ID = 0.5;

/** Okta status of people in both IdPs (leavers are DEPROVISIONED apart from this). */
export const OKTA_STATUS_BOTH: ReadonlyArray<readonly [OktaUserStatus, number]> = [
  ['ACTIVE', 0.935],
  ['PASSWORD_EXPIRED', 0.015],
  ['LOCKED_OUT', 0.01],
  ['SUSPENDED', 0.015],
  ['STAGED', 0.01],
  ['PROVISIONED', 0.01],
  ['RECOVERY', 0.005],
];

/** Okta status of Okta-only contractors: more churn than employees. */
export const OKTA_STATUS_CONTRACTOR: ReadonlyArray<readonly [OktaUserStatus, number]> = [
  ['ACTIVE', 0.84],
  ['STAGED', 0.05],
  ['SUSPENDED', 0.05],
  ['DEPROVISIONED', 0.03],
  ['PROVISIONED', 0.02],
  ['PASSWORD_EXPIRED', 0.01],
];

/** Of B2B guests: invitation not redeemed yet. */
export const GUEST_PENDING_ACCEPTANCE = 0.2;

// ----- sign-in activity (per account) -----

export type Activity = 'recent' | 'month' | 'stale' | 'never';

/**
 * Last sign-in: within two weeks, 14 to 90 days ago, stale (over 90 days), or never. Stale is
 * ~7% as in most tenants' access reviews.
 */
export const ACTIVITY: ReadonlyArray<readonly [Activity, number]> = [
  ['recent', 0.82],
  ['month', 0.07],
  ['stale', 0.07],
  ['never', 0.04],
];
/** Of accounts: Okta's activity is drawn again rather than copied from Entra. */
export const OKTA_ACTIVITY_INDEPENDENT = 0.1;
/** How Graph says "never": null signInActivity, the zero date, or an empty string (docs' own example). */
export const NEVER_FORMS: ReadonlyArray<readonly ['null' | 'zeroDate' | 'empty', number]> = [
  ['null', 0.5],
  ['zeroDate', 0.3],
  ['empty', 0.2],
];
/** Of Entra users: createdDateTime null (very old objects). */
export const NULL_CREATED = 0.003;

// ----- Entra MFA registration (userRegistrationDetails, enabled users only) -----

/** Of enabled users. */
export const ENTRA_MFA_REGISTERED = 0.78;
/**
 * Methods as fractions of ALL enabled users (so push at 0.60 means ~77% of the registered).
 * Drawn independently for registered users, scaled by 1/ENTRA_MFA_REGISTERED.
 */
export const ENTRA_METHODS: ReadonlyArray<readonly [string, number]> = [
  ['microsoftAuthenticatorPush', 0.6],
  ['mobilePhone', 0.35],
  ['softwareOneTimePasscode', 0.1],
  ['windowsHelloForBusiness', 0.12],
  ['fido2', 0.03],
  ['passKeyDeviceBound', 0.03],
  ['microsoftAuthenticatorPasswordless', 0.05],
  ['alternateMobilePhone', 0.02],
  ['officePhone', 0.02],
  ['hardwareOneTimePasscode', 0.005],
];
/** Non-MFA methods, drawn for everyone (registered or not). */
export const ENTRA_SSPR_ONLY_METHODS: ReadonlyArray<readonly [string, number]> = [
  ['email', 0.3],
  ['securityQuestion', 0.08],
  ['temporaryAccessPass', 0.01],
];
/** Of admins (tier-0 and other privileged users): they register more, and better, methods. */
export const ADMIN_PHISHING_RESISTANT = 0.5;

// ----- Okta factors -----

/** Of Okta users (not DEPROVISIONED): no factor at all, or only a security question. */
export const OKTA_NO_FACTOR = 0.08;
export const OKTA_QUESTION_ONLY = 0.04;
/** Factor types as fractions of all Okta users; drawn for the users who have real factors. */
export const OKTA_FACTORS: ReadonlyArray<readonly [OktaFactorKind, number]> = [
  ['push', 0.7],
  ['signed_nonce', 0.2],
  ['sms', 0.25],
  ['call', 0.05],
  ['email', 0.15],
  ['totp', 0.1],
  ['webauthn', 0.06],
  ['u2f', 0.01],
  ['token:hardware', 0.01],
  ['question', 0.3],
];
export type OktaFactorKind =
  | 'push'
  | 'signed_nonce'
  | 'sms'
  | 'call'
  | 'email'
  | 'totp'
  | 'webauthn'
  | 'u2f'
  | 'token:hardware'
  | 'question';
/** Of TOTP factors: Google Authenticator rather than Okta Verify's OTP. */
export const TOTP_GOOGLE = 0.4;
/** Of factors: enrolment started but never finished. */
export const FACTOR_PENDING_ACTIVATION = 0.03;
export const FACTOR_NOT_SETUP = 0.01;

// ----- groups -----

/** Groups per IdP: about one per 20 people. */
export const PEOPLE_PER_GROUP = 20;
/** Zipf-like sizes: size(k) = LARGEST_GROUP_SHARE * accounts / k^ZIPF_EXPONENT, at least MIN_GROUP_SIZE. */
export const LARGEST_GROUP_SHARE = 0.06;
export const ZIPF_EXPONENT = 0.8;
export const MIN_GROUP_SIZE = 2;
/** Entra group kinds (reference §3 table); dynamic groups get one per department apart from this. */
export const ENTRA_GROUP_KINDS: ReadonlyArray<readonly [EntraGroupKind, number]> = [
  ['m365', 0.4],
  ['security', 0.38],
  ['mailSecurity', 0.07],
  ['distribution', 0.15],
];
export type EntraGroupKind = 'm365' | 'security' | 'mailSecurity' | 'distribution';
/** Of Entra groups: nested. Roots hold mids, mids hold leaves: at most three levels. */
export const NESTING_ROOTS = 0.01;
export const NESTING_MIDS = 0.03;
export const NESTING_LEAVES = 0.06;
/** Of Okta groups (besides Everyone): imported from AD (APP_GROUP). */
export const OKTA_APP_GROUPS = 0.3;

// ----- roles -----

/** Of Entra users: holders of the scaled admin roles together (User Admin, Helpdesk, readers...). */
export const ENTRA_SCALED_ADMINS = 0.003;
/** Of Okta users: holders of the scaled Okta admin roles together. */
export const OKTA_SCALED_ADMINS = 0.002;

// ----- conditional access -----

/** Optional policies beyond the always-present core: each is included with this probability. */
export const CA_OPTIONAL_POLICY = 0.6;

// ----- sign-ins and System Log -----

export const LOG_WINDOW_DAYS = 7;
/** Events per active account per day: "about one per active user per two days". */
export const EVENTS_PER_ACTIVE_ACCOUNT_PER_DAY = 0.5;
/** Keeps 100k people under ~400k sign-ins (and System Log events). */
export const MAX_SIGN_INS = 380_000;
export const MAX_LOG_EVENTS = 380_000;
/** Of sign-ins: risky (riskLevelDuringSignIn or riskLevelAggregated low/medium/high). */
export const RISKY_SIGN_INS = 0.015;
export const RISK_LEVELS: ReadonlyArray<readonly ['low' | 'medium' | 'high', number]> = [
  ['low', 0.5],
  ['medium', 0.35],
  ['high', 0.15],
];
/** Of sign-ins: legacy protocols (blocked by the legacy-auth policy, so they fail). */
export const LEGACY_CLIENTS: ReadonlyArray<readonly [string, number]> = [
  ['Exchange ActiveSync', 0.006],
  ['IMAP4', 0.003],
  ['Other clients', 0.002],
  ['SMTP', 0.001],
];
/** Of modern sign-ins: browser versus desktop and mobile apps. */
export const BROWSER_SHARE = 0.62;
/** Of sign-ins: failures by Graph error code (0 = success is the rest). */
export const SIGN_IN_FAILURES: ReadonlyArray<readonly [number, number]> = [
  [50126, 0.025],
  [50074, 0.02],
  [50140, 0.01],
  [500121, 0.005],
  [50053, 0.002],
];
/** Of sign-ins: from a travel location instead of the user's office city. */
export const TRAVEL = 0.05;

/** Of Okta events: risky, in the legacy debugData string, the structured securityContext.risk, or both. */
export const RISKY_OKTA_EVENTS = 0.02;
/** Of Okta events: security.threat.detected without a risk level (at least one). */
export const THREAT_EVENTS = 0.0005;
export const OKTA_EVENT_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['user.session.start', 0.4],
  ['user.authentication.sso', 0.34],
  ['policy.evaluate_sign_on', 0.14],
  ['user.authentication.auth_via_mfa', 0.06],
  ['user.session.end', 0.04],
  ['user.mfa.factor.activate', 0.01],
  ['user.mfa.factor.update', 0.005],
  ['user.account.lock', 0.005],
];
/** Of user.session.start events: failed (bad password, failed factor). */
export const OKTA_LOGIN_FAILURES = 0.05;

// ----- apps -----

/** Entra app registrations: one per 400 people, at least 15. */
export const PEOPLE_PER_ENTRA_APP = 400;
export const MIN_ENTRA_APPS = 15;
/** Okta apps: one per 500 people, at least 12. */
export const PEOPLE_PER_OKTA_APP = 500;
export const MIN_OKTA_APPS = 12;
/** Of generated Entra apps: granted Graph application permissions (read), or ReadWrite ones. */
export const APP_GRAPH_READ_PERMISSIONS = 0.3;
export const APP_GRAPH_READWRITE_PERMISSIONS = 0.02;
/** Of generated Entra apps: an AllPrincipals delegated consent on Graph. */
export const APP_DELEGATED_CONSENT = 0.55;
/** Of Entra apps with a client secret: expired, or expiring within 30 days. */
export const SECRET_EXPIRED = 0.12;
export const SECRET_EXPIRING_SOON = 0.1;
/** Of Entra apps: a client secret at all; a certificate. */
export const APP_HAS_SECRET = 0.55;
export const APP_HAS_CERTIFICATE = 0.15;
/** Managed identities: one per 2,000 people, at least 2. */
export const PEOPLE_PER_MANAGED_IDENTITY = 2000;
/** Users directly assigned to a non-Office Okta app, as a fraction of Okta users (capped per app). */
export const OKTA_APP_DIRECT_USERS = 0.01;
export const MAX_OKTA_APP_DIRECT_USERS = 300;
