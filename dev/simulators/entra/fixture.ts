/**
 * The in-memory tenant the Entra simulator serves.
 *
 * Objects are kept in Microsoft Graph's own v1.0 JSON shapes (property names, casing and
 * nullability as in the CSDL metadata), so a generator can produce realistic data and the
 * simulator can serve it mostly as-is. These are `type` aliases rather than interfaces on
 * purpose: the server reads arbitrary properties by name for $select and $filter, which needs
 * them to be assignable to `Record<string, unknown>`. The entities the connector also models
 * (src/ingest/entra/graph-types.ts, with the shapes it reads) carry a Fixture suffix here:
 * GraphUserFixture, GraphGroupFixture, ..., so one name never means two shapes.
 */
import type { EntityKind } from './entity-types.js';

/** ISO-8601 UTC timestamp with `Z`, as Graph writes them. */
export type IsoDateTime = string;

export type GraphSignInActivity = {
  lastSignInDateTime: IsoDateTime | null;
  lastSignInRequestId: string | null;
  lastNonInteractiveSignInDateTime: IsoDateTime | null;
  lastNonInteractiveSignInRequestId: string | null;
  lastSuccessfulSignInDateTime: IsoDateTime | null;
  lastSuccessfulSignInRequestId: string | null;
};

export type GraphObjectIdentity = {
  signInType: string;
  issuer: string;
  issuerAssignedId: string | null;
};

export type GraphUserFixture = {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail: string | null;
  mailNickname?: string | null;
  otherMails?: string[];
  accountEnabled: boolean;
  /** Capitalised here ("Member" | "Guest"), unlike signIn and userRegistrationDetails. */
  userType: 'Member' | 'Guest' | null;
  /** Null for very old objects. */
  createdDateTime: IsoDateTime | null;
  creationType?: string | null;
  externalUserState?: 'PendingAcceptance' | 'Accepted' | null;
  externalUserStateChangeDateTime?: IsoDateTime | null;
  /** Null when the user never signed in; dates may also be "0001-01-01T00:00:00Z" or "". */
  signInActivity: GraphSignInActivity | null;
  onPremisesImmutableId: string | null;
  onPremisesSyncEnabled?: boolean | null;
  onPremisesSamAccountName?: string | null;
  onPremisesUserPrincipalName?: string | null;
  onPremisesDomainName?: string | null;
  onPremisesLastSyncDateTime?: IsoDateTime | null;
  onPremisesSecurityIdentifier?: string | null;
  proxyAddresses: string[];
  identities?: GraphObjectIdentity[];
  jobTitle?: string | null;
  department?: string | null;
  companyName?: string | null;
  employeeId?: string | null;
  employeeType?: string | null;
  officeLocation?: string | null;
  businessPhones?: string[];
  mobilePhone?: string | null;
  preferredLanguage?: string | null;
  usageLocation?: string | null;
  city?: string | null;
  country?: string | null;
  lastPasswordChangeDateTime?: IsoDateTime | null;
  passwordPolicies?: string | null;
};

export type GraphUserRegistrationDetails = {
  /** The user's object id. */
  id: string;
  userPrincipalName: string;
  userDisplayName: string;
  /** Lower-case here, unlike user.userType. */
  userType: 'member' | 'guest' | 'unknownFutureValue';
  isAdmin: boolean;
  isMfaRegistered: boolean;
  isMfaCapable: boolean;
  isPasswordlessCapable: boolean;
  isSsprRegistered: boolean;
  isSsprEnabled: boolean;
  isSsprCapable: boolean;
  isSystemPreferredAuthenticationMethodEnabled: boolean;
  /** Open list: unknown values must be treated as opaque. */
  methodsRegistered: string[];
  systemPreferredAuthenticationMethods: string[];
  /** May be "" as well as one of the enum values. */
  userPreferredMethodForSecondaryAuthentication: string;
  lastUpdatedDateTime: IsoDateTime | null;
};

export type GraphGroupFixture = {
  id: string;
  displayName: string;
  description: string | null;
  createdDateTime: IsoDateTime | null;
  mail: string | null;
  mailNickname: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  /** "Unified" marks a Microsoft 365 group, "DynamicMembership" a dynamic one. */
  groupTypes: string[];
  membershipRule: string | null;
  membershipRuleProcessingState: 'On' | 'Paused' | null;
  isAssignableToRole: boolean | null;
  visibility: 'Public' | 'Private' | 'HiddenMembership' | null;
  onPremisesSyncEnabled: boolean | null;
};

/** A direct member of a group, as the fixture stores it; the server resolves it to the object. */
export type GraphMemberRef = { type: 'user' | 'group' | 'servicePrincipal'; id: string };

export type GraphRolePermission = { allowedResourceActions: string[]; condition: string | null };

export type GraphRoleDefinitionFixture = {
  /** For built-in roles id == templateId == the well-known GUID. */
  id: string;
  templateId: string;
  displayName: string;
  description: string | null;
  isBuiltIn: boolean;
  isEnabled: boolean;
  version: string | null;
  resourceScopes: string[];
  rolePermissions: GraphRolePermission[];
};

/** Stored without `principal`: the server expands it on `$expand=principal`. */
export type GraphRoleAssignment = {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  /** "/" for the whole tenant, or "/administrativeUnits/{id}". */
  directoryScopeId: string;
  appScopeId: string | null;
  principalOrganizationId?: string | null;
  condition: string | null;
  resourceScope?: string | null;
};

export type GraphRoleEligibilityScheduleInstance = {
  id: string;
  principalId: string;
  roleDefinitionId: string;
  directoryScopeId: string;
  appScopeId: string | null;
  startDateTime: IsoDateTime | null;
  /** Null means permanently eligible. */
  endDateTime: IsoDateTime | null;
  memberType: 'Direct' | 'Group' | 'Inherited';
  roleEligibilityScheduleId: string;
};

export type GraphGuestsOrExternalUsers = {
  /** A flags enum serialised as a comma-joined string, e.g. "internalGuest,b2bCollaborationGuest". */
  guestOrExternalUserTypes: string;
  externalTenants: {
    '@odata.type': string;
    membershipKind: 'all' | 'enumerated' | 'unknownFutureValue';
    members?: string[];
  } | null;
};

export type GraphConditionalAccessUsers = {
  /** GUIDs or the tokens "All", "None", "GuestsOrExternalUsers". */
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  /** Role templateIds. */
  includeRoles: string[];
  excludeRoles: string[];
  includeGuestsOrExternalUsers: GraphGuestsOrExternalUsers | null;
  excludeGuestsOrExternalUsers: GraphGuestsOrExternalUsers | null;
};

export type GraphConditionalAccessApplications = {
  /** appIds or the tokens "All", "None", "Office365", "MicrosoftAdminPortals". */
  includeApplications: string[];
  excludeApplications: string[];
  includeUserActions: string[];
  includeAuthenticationContextClassReferences: string[];
  applicationFilter?: { mode: 'include' | 'exclude'; rule: string } | null;
};

export type GraphAuthenticationStrength = {
  id: string;
  displayName: string;
  description: string | null;
  policyType: 'builtIn' | 'custom' | 'unknownFutureValue';
  requirementsSatisfied: 'none' | 'mfa' | 'unknownFutureValue';
  allowedCombinations: string[];
  createdDateTime: IsoDateTime | null;
  modifiedDateTime: IsoDateTime | null;
};

export type GraphConditionalAccessPolicyFixture = {
  id: string;
  displayName: string;
  description?: string | null;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  createdDateTime: IsoDateTime | null;
  modifiedDateTime: IsoDateTime | null;
  templateId: string | null;
  conditions: {
    users: GraphConditionalAccessUsers | null;
    applications: GraphConditionalAccessApplications | null;
    clientApplications: {
      includeServicePrincipals: string[];
      excludeServicePrincipals: string[];
      servicePrincipalFilter?: { mode: 'include' | 'exclude'; rule: string } | null;
    } | null;
    /** all, browser, mobileAppsAndDesktopClients, exchangeActiveSync, easSupported, other. */
    clientAppTypes: string[];
    signInRiskLevels: string[];
    userRiskLevels: string[];
    servicePrincipalRiskLevels: string[];
    platforms: { includePlatforms: string[]; excludePlatforms: string[] } | null;
    locations: { includeLocations: string[]; excludeLocations: string[] } | null;
    devices: { deviceFilter: { mode: 'include' | 'exclude'; rule: string } | null } | null;
    authenticationFlows?: { transferMethods: string } | null;
    insiderRiskLevels?: string | null;
  };
  grantControls: {
    operator: 'AND' | 'OR';
    builtInControls: string[];
    customAuthenticationFactors: string[];
    termsOfUse: string[];
    authenticationStrength?: GraphAuthenticationStrength | null;
    'authenticationStrength@odata.context'?: string;
  } | null;
  sessionControls: {
    applicationEnforcedRestrictions: { isEnabled: boolean } | null;
    cloudAppSecurity: { isEnabled: boolean; cloudAppSecurityType: string } | null;
    signInFrequency: {
      isEnabled: boolean;
      value: number | null;
      type: 'days' | 'hours' | null;
      authenticationType: string;
      frequencyInterval: string;
    } | null;
    persistentBrowser: { isEnabled: boolean; mode: 'always' | 'never' } | null;
    disableResilienceDefaults: boolean | null;
  } | null;
};

export type GraphAppliedConditionalAccessPolicy = {
  id: string;
  displayName: string;
  enforcedGrantControls: string[];
  enforcedSessionControls: string[];
  result: string;
};

export type GraphRiskLevel = 'none' | 'low' | 'medium' | 'high' | 'hidden' | 'unknownFutureValue';

export type GraphSignInFixture = {
  id: string;
  /** Seven fractional digits, e.g. "2025-03-04T08:15:22.1234567Z". */
  createdDateTime: IsoDateTime;
  userId: string;
  userPrincipalName: string;
  userDisplayName: string;
  appId: string;
  appDisplayName: string;
  resourceId?: string | null;
  resourceDisplayName?: string | null;
  ipAddress: string;
  /** Free string: "Browser", "Exchange ActiveSync", "Other clients", ... */
  clientAppUsed: string;
  correlationId: string;
  isInteractive: boolean;
  conditionalAccessStatus: 'success' | 'failure' | 'notApplied' | 'unknownFutureValue';
  appliedConditionalAccessPolicies: GraphAppliedConditionalAccessPolicy[];
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
  location: {
    city: string | null;
    state: string | null;
    countryOrRegion: string | null;
    geoCoordinates: { altitude: number | null; latitude: number | null; longitude: number | null } | null;
  } | null;
  deviceDetail: {
    deviceId: string;
    displayName: string;
    operatingSystem: string;
    browser: string;
    isCompliant: boolean | null;
    isManaged: boolean | null;
    trustType: string;
  } | null;
  riskDetail: string;
  riskLevelAggregated: GraphRiskLevel;
  riskLevelDuringSignIn: GraphRiskLevel;
  riskState: 'none' | 'confirmedSafe' | 'remediated' | 'dismissed' | 'atRisk' | 'confirmedCompromised' | 'unknownFutureValue';
  riskEventTypes_v2: string[];
  userAgent?: string | null;
  homeTenantId?: string | null;
  resourceTenantId?: string | null;
};

export type GraphPasswordCredential = {
  keyId: string;
  displayName: string | null;
  /** First three characters of the secret. */
  hint: string | null;
  startDateTime: IsoDateTime | null;
  endDateTime: IsoDateTime | null;
  /** Always null on reads. */
  secretText: null;
  customKeyIdentifier: string | null;
};

export type GraphKeyCredential = {
  keyId: string;
  displayName: string | null;
  type: string;
  usage: string;
  startDateTime: IsoDateTime | null;
  endDateTime: IsoDateTime | null;
  customKeyIdentifier: string | null;
  key: null;
};

export type GraphApplicationFixture = {
  /** Object id. */
  id: string;
  /** Client id. */
  appId: string;
  displayName: string;
  createdDateTime: IsoDateTime | null;
  publisherDomain: string | null;
  signInAudience: 'AzureADMyOrg' | 'AzureADMultipleOrgs' | 'AzureADandPersonalMicrosoftAccount' | 'PersonalMicrosoftAccount';
  /** Requested, not granted, permissions. */
  requiredResourceAccess: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: 'Scope' | 'Role' }> }>;
  passwordCredentials: GraphPasswordCredential[];
  keyCredentials: GraphKeyCredential[];
  tags?: string[];
  web?: {
    redirectUris: string[];
    homePageUrl: string | null;
    logoutUrl: string | null;
  } | null;
};

export type GraphAppRoleFixture = {
  id: string;
  value: string | null;
  displayName: string | null;
  description: string | null;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin: string | null;
};

export type GraphPermissionScope = {
  id: string;
  value: string | null;
  type: 'User' | 'Admin';
  isEnabled: boolean;
  adminConsentDisplayName: string | null;
  adminConsentDescription: string | null;
  userConsentDisplayName: string | null;
  userConsentDescription: string | null;
};

export type GraphServicePrincipalFixture = {
  id: string;
  appId: string;
  displayName: string;
  appDisplayName: string | null;
  accountEnabled: boolean;
  appOwnerOrganizationId: string | null;
  servicePrincipalType: 'Application' | 'ManagedIdentity' | 'Legacy' | 'SocialIdp';
  appRoleAssignmentRequired: boolean;
  tags: string[];
  servicePrincipalNames: string[];
  signInAudience: string | null;
  preferredSingleSignOnMode: string | null;
  loginUrl?: string | null;
  replyUrls?: string[];
  homepage?: string | null;
  passwordCredentials: GraphPasswordCredential[];
  keyCredentials: GraphKeyCredential[];
  appRoles: GraphAppRoleFixture[];
  oauth2PermissionScopes: GraphPermissionScope[];
};

export type GraphAppRoleAssignmentFixture = {
  id: string;
  /** "00000000-0000-0000-0000-000000000000" means default access, no named role. */
  appRoleId: string;
  principalId: string;
  principalType: 'ServicePrincipal' | 'User' | 'Group';
  principalDisplayName: string | null;
  /** The resource service principal's object id. */
  resourceId: string;
  resourceDisplayName: string | null;
  createdDateTime: IsoDateTime | null;
  deletedDateTime: IsoDateTime | null;
};

export type GraphOAuth2PermissionGrant = {
  id: string;
  /** The client service principal's object id. */
  clientId: string;
  consentType: 'AllPrincipals' | 'Principal';
  /** Null for AllPrincipals. */
  principalId: string | null;
  resourceId: string;
  /** Space-separated, possibly with leading, trailing or doubled spaces. */
  scope: string;
};

/** An app registration allowed to ask the simulator's token endpoint for tokens. */
export type EntraClientFixture = {
  clientId: string;
  secrets: Array<{ value: string; expiresAt: IsoDateTime }>;
  /** Admin-consented Graph application permissions: the token's `roles` claim. */
  appPermissions: string[];
};

export type EntraTenantFixture = {
  /** GUID. */
  tenantId: string;
  /** Organization display name; defaults to the first verified domain. */
  displayName?: string;
  /** Token requests may name one of these instead of the tenant id. */
  verifiedDomains: string[];
  licence: { p1: boolean; p2: boolean };
  clients: EntraClientFixture[];
  users: GraphUserFixture[];
  userRegistrationDetails: GraphUserRegistrationDetails[];
  groups: GraphGroupFixture[];
  /** Direct members per group id. */
  groupMembers: Record<string, GraphMemberRef[]>;
  roleDefinitions: GraphRoleDefinitionFixture[];
  roleAssignments: GraphRoleAssignment[];
  roleEligibilityScheduleInstances: GraphRoleEligibilityScheduleInstance[];
  conditionalAccessPolicies: GraphConditionalAccessPolicyFixture[];
  signIns: GraphSignInFixture[];
  applications: GraphApplicationFixture[];
  servicePrincipals: GraphServicePrincipalFixture[];
  /** Client service principal -> resource service principal (application permissions). */
  appRoleAssignments: GraphAppRoleAssignmentFixture[];
  oauth2PermissionGrants: GraphOAuth2PermissionGrant[];
};

/** Kinds of object `faults.deleteObject` can remove: every entity but the tenant's own organization. */
export type EntraObjectKind = Exclude<EntityKind, 'organization'>;
