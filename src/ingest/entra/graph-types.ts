/**
 * The Microsoft Graph v1.0 shapes the connector reads: only the fields it selects, each optional or
 * nullable because Graph omits or nulls them more often than its documentation admits.
 */

export interface GraphCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
  /** The last page of a delta query's round: where the next round starts. */
  '@odata.deltaLink'?: string;
}

/** A delta query's mark on an object (or member) that is gone: `changed` = soft-deleted, `deleted` = for good. */
export interface GraphRemoved {
  '@removed'?: { reason?: string | null } | null;
}

/** A member in a groups delta round's `members@delta`: added, or removed when `@removed` is set. */
export interface DeltaMemberRef extends DirectoryObjectRef, GraphRemoved {}

export interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: Record<string, unknown> };
}

export interface DirectoryObjectRef {
  '@odata.type'?: string;
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  appId?: string | null;
}

export interface GraphUser {
  id: string;
  userPrincipalName?: string | null;
  displayName?: string | null;
  mail?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  createdDateTime?: string | null;
  signInActivity?: {
    lastSignInDateTime?: string | null;
    lastNonInteractiveSignInDateTime?: string | null;
  } | null;
  onPremisesImmutableId?: string | null;
  proxyAddresses?: string[] | null;
}

export interface GraphRegistrationDetails {
  id: string;
  isMfaRegistered?: boolean | null;
  methodsRegistered?: string[] | null;
}

export interface GraphGroup {
  id: string;
  displayName?: string | null;
  groupTypes?: string[] | null;
  mailEnabled?: boolean | null;
  securityEnabled?: boolean | null;
  isAssignableToRole?: boolean | null;
}

/** A user in a `/users/delta` round: its selected properties, or only `@removed`. */
export interface GraphDeltaUser extends GraphUser, GraphRemoved {}

/**
 * A group in a `/groups/delta` round: its selected properties and membership changes, only `@removed`, or
 * (a large membership split over entries) only `members@delta`.
 */
export interface GraphDeltaGroup extends GraphGroup, GraphRemoved {
  'members@delta'?: DeltaMemberRef[] | null;
}

export interface GraphRoleDefinition {
  id: string;
  templateId?: string | null;
  displayName?: string | null;
  isBuiltIn?: boolean | null;
}

/** A role assignment or a PIM eligibility schedule instance, with `$expand=principal`. */
export interface GraphRoleGrant {
  id: string;
  principalId?: string | null;
  roleDefinitionId?: string | null;
  directoryScopeId?: string | null;
  principal?: DirectoryObjectRef | null;
}

export interface GraphConditionalAccessPolicy {
  id: string;
  displayName?: string | null;
  state?: string | null;
  conditions?: {
    users?: {
      includeUsers?: string[] | null;
      excludeUsers?: string[] | null;
      includeGroups?: string[] | null;
      excludeGroups?: string[] | null;
      includeRoles?: string[] | null;
      excludeRoles?: string[] | null;
      includeGuestsOrExternalUsers?: unknown;
      excludeGuestsOrExternalUsers?: unknown;
    } | null;
    applications?: { includeApplications?: string[] | null; excludeApplications?: string[] | null } | null;
    clientAppTypes?: string[] | null;
    signInRiskLevels?: string[] | null;
    userRiskLevels?: string[] | null;
  } | null;
  grantControls?: {
    operator?: string | null;
    builtInControls?: string[] | null;
    authenticationStrength?: { id?: string | null; displayName?: string | null } | null;
  } | null;
}

export interface GraphSignIn {
  id: string;
  createdDateTime?: string | null;
  userId?: string | null;
  userPrincipalName?: string | null;
  appId?: string | null;
  appDisplayName?: string | null;
  ipAddress?: string | null;
  clientAppUsed?: string | null;
  riskLevelAggregated?: string | null;
  riskLevelDuringSignIn?: string | null;
  riskState?: string | null;
  riskDetail?: string | null;
  riskEventTypes_v2?: string[] | null;
  status?: { errorCode?: number | null } | null;
  location?: { city?: string | null; state?: string | null; countryOrRegion?: string | null } | null;
  deviceDetail?: { operatingSystem?: string | null; browser?: string | null } | null;
}

export interface GraphCredential {
  endDateTime?: string | null;
}

export interface GraphApplication {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  signInAudience?: string | null;
  web?: { redirectUris?: string[] | null } | null;
  passwordCredentials?: GraphCredential[] | null;
  keyCredentials?: GraphCredential[] | null;
}

export interface GraphAppRole {
  id: string;
  value?: string | null;
}

export interface GraphServicePrincipal {
  id: string;
  appId?: string | null;
  displayName?: string | null;
  servicePrincipalType?: string | null;
  preferredSingleSignOnMode?: string | null;
  loginUrl?: string | null;
  replyUrls?: string[] | null;
  accountEnabled?: boolean | null;
  appOwnerOrganizationId?: string | null;
  passwordCredentials?: GraphCredential[] | null;
  keyCredentials?: GraphCredential[] | null;
  appRoles?: GraphAppRole[] | null;
}

export interface GraphAppRoleAssignment {
  id: string;
  appRoleId?: string | null;
  resourceId?: string | null;
  principalType?: string | null;
}

export interface GraphPermissionGrant {
  id: string;
  clientId?: string | null;
  resourceId?: string | null;
  scope?: string | null;
}
