/**
 * The in-memory Okta org the simulator serves.
 *
 * Objects are kept in Okta's own JSON shapes (as Okta's Management API reference documents them) so a generator
 * can produce realistic data and the server can hand it out almost as-is. `_links` are optional
 * everywhere: the server writes them, because they depend on the simulator's port.
 */
import type { JWK } from 'jose';

/** `YYYY-MM-DDTHH:mm:ss.SSSZ`, as Okta writes dates. */
export type IsoDate = string;

export interface OktaLink {
  href: string;
  method?: string;
  name?: string;
  type?: string;
  hints?: { allow?: string[] };
}

export type OktaLinks = Record<string, OktaLink | OktaLink[]>;

// ----- credentials the simulator accepts -----

export interface ApiTokenFixture {
  /** The value sent as `Authorization: SSWS {token}`. */
  token: string;
  /**
   * Okta scopes the token's admin may read. Absent means every read scope, like a super admin's
   * token; set it to simulate e.g. an admin without System Log access (403 E0000006).
   */
  scopes?: string[];
}

export interface ServiceAppFixture {
  clientId: string;
  /** Public keys that verify the app's private_key_jwt client assertions. */
  publicJwks: JWK[];
  /** Okta API scopes granted to the app (Okta API Scopes tab). */
  grantedScopes: string[];
  /** "Require Demonstrating Proof of Possession (DPoP) header in token requests". */
  requireDpop: boolean;
}

// ----- users and factors -----

export type OktaUserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export interface OktaUserProfile {
  login: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  secondEmail?: string | null;
  displayName?: string | null;
  title?: string | null;
  department?: string | null;
  employeeNumber?: string | null;
  userType?: string | null;
  mobilePhone?: string | null;
  manager?: string | null;
  managerId?: string | null;
  /** Custom attributes are allowed anywhere in an Okta profile. */
  [attribute: string]: unknown;
}

export type CredentialProviderType = 'OKTA' | 'ACTIVE_DIRECTORY' | 'LDAP' | 'FEDERATION' | 'SOCIAL' | 'IMPORT';

export interface OktaUserCredentials {
  /** Always an empty object on the wire; absent for federated and social users. */
  password?: Record<string, never>;
  recovery_question?: { question: string };
  provider: { type: CredentialProviderType; name: string };
}

export interface OktaUser {
  id: string;
  status: OktaUserStatus;
  transitioningToStatus?: 'ACTIVE' | 'DEPROVISIONED' | 'PROVISIONED' | null;
  created: IsoDate;
  activated: IsoDate | null;
  statusChanged: IsoDate | null;
  lastLogin: IsoDate | null;
  lastUpdated: IsoDate;
  passwordChanged: IsoDate | null;
  type?: { id: string };
  realmId?: string;
  profile: OktaUserProfile;
  credentials?: OktaUserCredentials;
  _links?: OktaLinks;
  _embedded?: Record<string, unknown>;
}

export type UserFactorType =
  | 'push'
  | 'signed_nonce'
  | 'token:software:totp'
  | 'token:hotp'
  | 'token:hardware'
  | 'token'
  | 'sms'
  | 'call'
  | 'email'
  | 'question'
  | 'webauthn'
  | 'u2f'
  | 'web';

export type UserFactorProvider = 'OKTA' | 'GOOGLE' | 'FIDO' | 'RSA' | 'SYMANTEC' | 'YUBICO' | 'DUO' | 'CUSTOM';

export type UserFactorStatus =
  | 'ACTIVE'
  | 'PENDING_ACTIVATION'
  | 'NOT_SETUP'
  | 'ENROLLED'
  | 'DISABLED'
  | 'INACTIVE'
  | 'EXPIRED';

export interface UserFactor {
  id: string;
  factorType: UserFactorType;
  provider: UserFactorProvider;
  vendorName: string;
  status: UserFactorStatus;
  created: IsoDate;
  lastUpdated: IsoDate;
  /** Shape depends on factorType (reference §3). */
  profile?: Record<string, unknown>;
  _links?: OktaLinks;
  _embedded?: Record<string, unknown>;
}

// ----- groups and roles -----

export type OktaGroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface OktaGroup {
  id: string;
  created: IsoDate;
  lastUpdated: IsoDate;
  lastMembershipUpdated: IsoDate;
  objectClass: string[];
  type: OktaGroupType;
  profile: { name: string; description: string | null; [attribute: string]: unknown };
  _links?: OktaLinks;
}

export type OktaRoleType =
  | 'SUPER_ADMIN'
  | 'ORG_ADMIN'
  | 'APP_ADMIN'
  | 'USER_ADMIN'
  | 'HELP_DESK_ADMIN'
  | 'READ_ONLY_ADMIN'
  | 'MOBILE_ADMIN'
  | 'API_ACCESS_MANAGEMENT_ADMIN'
  | 'REPORT_ADMIN'
  | 'GROUP_MEMBERSHIP_ADMIN'
  | 'WORKFLOWS_ADMIN'
  | 'ACCESS_CERTIFICATIONS_ADMIN'
  | 'ACCESS_REQUESTS_ADMIN'
  | 'CUSTOM';

/**
 * A role assignment as stored for its assignee. The server fills `assignmentType` and
 * `_links.assignee` from where the assignment is stored (userRoles or groupRoles).
 */
export interface RoleAssignment {
  id: string;
  label: string;
  type: OktaRoleType;
  status: 'ACTIVE' | 'INACTIVE';
  created: IsoDate;
  lastUpdated: IsoDate;
  assignmentType?: 'USER' | 'GROUP' | 'CLIENT';
  /** Custom roles only: the `cr0…` role id. */
  role?: string;
  /** Custom roles only: the resource set id (the name really has a hyphen). */
  'resource-set'?: string;
  _links?: OktaLinks;
}

export interface IamRole {
  id: string;
  label: string;
  description: string;
  created: IsoDate;
  lastUpdated: IsoDate;
  _links?: OktaLinks;
}

// ----- apps -----

export type OktaSignOnMode =
  | 'SAML_2_0'
  | 'SAML_1_1'
  | 'OPENID_CONNECT'
  | 'WS_FEDERATION'
  | 'BOOKMARK'
  | 'AUTO_LOGIN'
  | 'BROWSER_PLUGIN'
  | 'SECURE_PASSWORD_STORE'
  | 'BASIC_AUTH';

export interface OktaAppSettings {
  /** App-specific settings; office365 has `{ domain, msftTenant }`, SWA apps a `url`. */
  app?: Record<string, unknown>;
  /** SAML apps: `ssoAcsUrl`, `audience`…; AUTO_LOGIN: `loginUrl`. */
  signOn?: Record<string, unknown>;
  /** OIDC apps: `redirect_uris`, `initiate_login_uri`… */
  oauthClient?: Record<string, unknown>;
  notifications?: Record<string, unknown>;
  [setting: string]: unknown;
}

export interface OktaApp {
  id: string;
  orn?: string;
  /** The OIN key (`office365`) or `{org}_{label}_{n}` for custom apps. */
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETED';
  created: IsoDate;
  lastUpdated: IsoDate;
  signOnMode: OktaSignOnMode;
  features: string[];
  accessibility?: { selfService: boolean; errorRedirectUrl: string | null; loginRedirectUrl: string | null };
  visibility?: { autoSubmitToolbar: boolean; hide: { iOS: boolean; web: boolean }; appLinks?: Record<string, boolean> };
  credentials?: {
    userNameTemplate?: { template: string; type: string };
    signing?: { kid?: string };
    oauthClient?: Record<string, unknown>;
    [credential: string]: unknown;
  };
  settings?: OktaAppSettings;
  /** Server adds users, groups and (when set here) accessPolicy links. */
  _links?: OktaLinks;
}

export type AppUserStatus =
  | 'ACTIVE'
  | 'APPROVED'
  | 'DEPROVISIONED'
  | 'IMPLICIT'
  | 'IMPORTED'
  | 'INACTIVE'
  | 'MATCHED'
  | 'PENDING'
  | 'PROVISIONED'
  | 'REVOKED'
  | 'STAGED'
  | 'SUSPENDED'
  | 'UNASSIGNED';

export interface AppUser {
  /** The Okta user id. */
  id: string;
  externalId: string | null;
  created: IsoDate;
  lastUpdated: IsoDate;
  scope: 'USER' | 'GROUP';
  status: AppUserStatus;
  statusChanged: IsoDate | null;
  passwordChanged: IsoDate | null;
  syncState: string;
  lastSync: IsoDate | null;
  /** office365: `userName` is the UPN sent to Microsoft. */
  credentials?: { userName?: string; password?: Record<string, never> };
  /** App-specific; office365 carries `immutableId`. */
  profile: Record<string, unknown>;
  _links?: OktaLinks;
}

export interface AppGroup {
  /** The Okta group id. */
  id: string;
  priority: number;
  lastUpdated: IsoDate;
  profile: Record<string, unknown>;
  _links?: OktaLinks;
}

// ----- System Log -----

export interface LogActor {
  id: string;
  type: string;
  alternateId: string | null;
  displayName: string | null;
  detailEntry: Record<string, unknown> | null;
}

export interface LogGeographicalContext {
  city: string | null;
  state: string | null;
  country: string | null;
  postalCode: string | null;
  geolocation: { lat: number; lon: number } | null;
}

export interface LogSecurityContext {
  asNumber: number | null;
  asOrg: string | null;
  isp: string | null;
  domain: string | null;
  isProxy: boolean | null;
  risk?: {
    level?: 'LOW' | 'MEDIUM' | 'HIGH';
    previousLevel?: 'LOW' | 'MEDIUM' | 'HIGH';
    reasons?: string[];
    detectionName?: string;
    issuer?: string;
  } | null;
  userBehaviors?: Array<{ id: string; name: string; result: 'POSITIVE' | 'NEGATIVE' | 'UNKNOWN' | 'BAD_REQUEST' }>;
  [field: string]: unknown;
}

export interface LogEvent {
  uuid: string;
  published: IsoDate;
  eventType: string;
  /** Always the string "0". */
  version: '0';
  severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  legacyEventType: string | null;
  displayMessage: string | null;
  actor: LogActor;
  client: {
    userAgent: { rawUserAgent: string | null; os: string | null; browser: string | null } | null;
    /** Real events often carry the string "null" here. */
    zone: string | null;
    device: string | null;
    id: string | null;
    ipAddress: string | null;
    geographicalContext: LogGeographicalContext | null;
  } | null;
  device?: Record<string, unknown> | null;
  authenticationContext: {
    authenticationProvider: string | null;
    credentialProvider: string | null;
    credentialType: string | null;
    issuer: { id: string | null; type: string | null } | null;
    interface: string | null;
    authenticationStep: number;
    externalSessionId: string | null;
    rootSessionId?: string | null;
  } | null;
  outcome: { result: string; reason: string | null } | null;
  securityContext: LogSecurityContext | null;
  /** Every debugData value is a string on the wire. */
  debugContext: { debugData: Record<string, string> } | null;
  transaction: { type: 'WEB' | 'JOB'; id: string; detail: Record<string, unknown> } | null;
  request: {
    ipChain: Array<{
      ip: string;
      geographicalContext: Partial<LogGeographicalContext> | null;
      version: 'V4' | 'V6';
      source: string | null;
    }>;
  } | null;
  target: Array<{
    id: string;
    type: string;
    alternateId: string | null;
    displayName: string | null;
    detailEntry: Record<string, unknown> | null;
    changeDetails?: { from?: unknown; to?: unknown };
  }> | null;
}

// ----- policies -----

export type OktaPolicyType =
  | 'OKTA_SIGN_ON'
  | 'ACCESS_POLICY'
  | 'MFA_ENROLL'
  | 'PASSWORD'
  | 'IDP_DISCOVERY'
  | 'PROFILE_ENROLLMENT'
  | 'POST_AUTH_SESSION'
  | 'ENTITY_RISK'
  | 'SESSION_VIOLATION_DETECTION'
  | 'DEVICE_SIGNAL_COLLECTION'
  | 'CLIENT_UPDATE'
  | 'IDENTITY_CLAIM_SOURCING';

export const OKTA_POLICY_TYPES: readonly OktaPolicyType[] = [
  'OKTA_SIGN_ON',
  'ACCESS_POLICY',
  'MFA_ENROLL',
  'PASSWORD',
  'IDP_DISCOVERY',
  'PROFILE_ENROLLMENT',
  'POST_AUTH_SESSION',
  'ENTITY_RISK',
  'SESSION_VIOLATION_DETECTION',
  'DEVICE_SIGNAL_COLLECTION',
  'CLIENT_UPDATE',
  'IDENTITY_CLAIM_SOURCING',
];

export interface OktaPolicy {
  id: string;
  type: OktaPolicyType;
  name: string;
  description: string | null;
  status: 'ACTIVE' | 'INACTIVE';
  priority: number;
  system: boolean;
  conditions: Record<string, unknown> | null;
  settings?: Record<string, unknown>;
  created: IsoDate;
  lastUpdated: IsoDate;
  _links?: OktaLinks;
}

export interface OktaPolicyRule {
  id: string;
  /** `SIGN_ON` for OKTA_SIGN_ON policies; otherwise the policy type name. */
  type: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  priority: number;
  system: boolean;
  conditions: Record<string, unknown> | null;
  actions: Record<string, unknown>;
  created: IsoDate;
  lastUpdated: IsoDate;
  _links?: OktaLinks;
}

// ----- the org -----

export interface OktaOrgFixture {
  apiTokens: ApiTokenFixture[];
  serviceApps: ServiceAppFixture[];
  users: OktaUser[];
  /** userId -> the user's factors. */
  factors: Record<string, UserFactor[]>;
  groups: OktaGroup[];
  /** groupId -> member user ids. */
  groupMembers: Record<string, string[]>;
  /** userId -> roles assigned to the user directly. */
  userRoles: Record<string, RoleAssignment[]>;
  /** groupId -> roles assigned to the group; members inherit them. */
  groupRoles: Record<string, RoleAssignment[]>;
  customRoles: IamRole[];
  apps: OktaApp[];
  /** appId -> app users. */
  appUsers: Record<string, AppUser[]>;
  /** appId -> group assignments. */
  appGroups: Record<string, AppGroup[]>;
  /** System Log events, in any order (the server sorts them by `published`). */
  logs: LogEvent[];
  policies: Partial<Record<OktaPolicyType, OktaPolicy[]>>;
  /** policyId -> its rules. */
  policyRules: Record<string, OktaPolicyRule[]>;
}
