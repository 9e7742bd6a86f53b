/**
 * What Graph knows about each entity type: its OData name, the properties `$select` and
 * `$filter` accept, and the default property set returned without `$select`.
 *
 * Property lists follow the v1.0 CSDL metadata closely enough that a connector selecting a
 * real property never gets a spurious 400, while a typo does get the real 400.
 */

export type EntityKind =
  | 'user'
  | 'group'
  | 'servicePrincipal'
  | 'application'
  | 'roleDefinition'
  | 'roleAssignment'
  | 'roleEligibilityScheduleInstance'
  | 'conditionalAccessPolicy'
  | 'signIn'
  | 'userRegistrationDetails'
  | 'appRoleAssignment'
  | 'oauth2PermissionGrant'
  | 'organization';

export interface EntityType {
  /** Without the `#microsoft.graph.` prefix, e.g. `user`. */
  odataType: string;
  /** Canonical property names, looked up case-insensitively. */
  properties: ReadonlyMap<string, string>;
  /** Returned when there is no `$select`; absent = every stored property. */
  defaultSelect?: readonly string[];
  /** Properties that exist but cannot be selected on a collection (Graph answers 501). */
  collectionUnsupported?: ReadonlySet<string>;
}

function props(...names: string[]): ReadonlyMap<string, string> {
  return new Map(names.map((n) => [n.toLowerCase(), n]));
}

const directoryObject = ['id', 'deletedDateTime'];

const userCollectionUnsupported = [
  'aboutMe', 'birthday', 'hireDate', 'interests', 'mySite', 'pastProjects',
  'preferredName', 'responsibilities', 'schools', 'skills', 'mailboxSettings',
];

export const entityTypes: Readonly<Record<EntityKind, EntityType>> = {
  user: {
    odataType: 'user',
    properties: props(
      ...directoryObject,
      'accountEnabled', 'ageGroup', 'assignedLicenses', 'assignedPlans', 'authorizationInfo',
      'businessPhones', 'city', 'companyName', 'consentProvidedForMinor', 'country',
      'createdDateTime', 'creationType', 'customSecurityAttributes', 'department', 'displayName',
      'employeeHireDate', 'employeeLeaveDateTime', 'employeeId', 'employeeOrgData', 'employeeType',
      'externalUserState', 'externalUserStateChangeDateTime', 'faxNumber', 'givenName',
      'identities', 'imAddresses', 'isManagementRestricted', 'isResourceAccount', 'jobTitle',
      'lastPasswordChangeDateTime', 'legalAgeGroupClassification', 'licenseAssignmentStates',
      'mail', 'mailNickname', 'mobilePhone', 'officeLocation', 'onPremisesDistinguishedName',
      'onPremisesDomainName', 'onPremisesExtensionAttributes', 'onPremisesImmutableId',
      'onPremisesLastSyncDateTime', 'onPremisesProvisioningErrors', 'onPremisesSamAccountName',
      'onPremisesSecurityIdentifier', 'onPremisesSyncEnabled', 'onPremisesUserPrincipalName',
      'otherMails', 'passwordPolicies', 'passwordProfile', 'postalCode', 'preferredDataLocation',
      'preferredLanguage', 'provisionedPlans', 'proxyAddresses', 'securityIdentifier',
      'serviceProvisioningErrors', 'showInAddressList', 'signInActivity',
      'signInSessionsValidFromDateTime', 'state', 'streetAddress', 'surname', 'usageLocation',
      'userPrincipalName', 'userType',
      ...userCollectionUnsupported,
    ),
    defaultSelect: [
      'businessPhones', 'displayName', 'givenName', 'id', 'jobTitle', 'mail', 'mobilePhone',
      'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName',
    ],
    collectionUnsupported: new Set(userCollectionUnsupported),
  },
  group: {
    odataType: 'group',
    properties: props(
      ...directoryObject,
      'assignedLabels', 'assignedLicenses', 'classification', 'createdDateTime', 'description',
      'displayName', 'expirationDateTime', 'groupTypes', 'isAssignableToRole', 'isManagementRestricted',
      'licenseProcessingState', 'mail', 'mailEnabled', 'mailNickname', 'membershipRule',
      'membershipRuleProcessingState', 'onPremisesDomainName', 'onPremisesLastSyncDateTime',
      'onPremisesNetBiosName', 'onPremisesProvisioningErrors', 'onPremisesSamAccountName',
      'onPremisesSecurityIdentifier', 'onPremisesSyncEnabled', 'preferredDataLocation',
      'preferredLanguage', 'proxyAddresses', 'renewedDateTime', 'securityEnabled',
      'securityIdentifier', 'serviceProvisioningErrors', 'theme', 'uniqueName', 'visibility',
    ),
  },
  servicePrincipal: {
    odataType: 'servicePrincipal',
    properties: props(
      ...directoryObject,
      'accountEnabled', 'addIns', 'alternativeNames', 'appDescription', 'appDisplayName', 'appId',
      'applicationTemplateId', 'appOwnerOrganizationId', 'appRoleAssignmentRequired', 'appRoles',
      'description', 'disabledByMicrosoftStatus', 'displayName', 'homepage', 'info', 'keyCredentials',
      'loginUrl', 'logoutUrl', 'notes', 'notificationEmailAddresses', 'oauth2PermissionScopes',
      'passwordCredentials', 'preferredSingleSignOnMode', 'preferredTokenSigningKeyThumbprint',
      'replyUrls', 'resourceSpecificApplicationPermissions', 'samlSingleSignOnSettings',
      'servicePrincipalNames', 'servicePrincipalType', 'signInAudience', 'tags',
      'tokenEncryptionKeyId', 'verifiedPublisher',
    ),
  },
  application: {
    odataType: 'application',
    properties: props(
      ...directoryObject,
      'addIns', 'api', 'appId', 'applicationTemplateId', 'appRoles', 'certification',
      'createdDateTime', 'defaultRedirectUri', 'description', 'disabledByMicrosoftStatus',
      'displayName', 'groupMembershipClaims', 'identifierUris', 'info', 'isDeviceOnlyAuthSupported',
      'isFallbackPublicClient', 'keyCredentials', 'logo', 'nativeAuthenticationApisEnabled', 'notes',
      'optionalClaims', 'parentalControlSettings', 'passwordCredentials', 'publicClient',
      'publisherDomain', 'requestSignatureVerification', 'requiredResourceAccess',
      'samlMetadataUrl', 'serviceManagementReference', 'servicePrincipalLockConfiguration',
      'signInAudience', 'spa', 'tags', 'tokenEncryptionKeyId', 'uniqueName', 'verifiedPublisher', 'web',
    ),
  },
  roleDefinition: {
    odataType: 'unifiedRoleDefinition',
    properties: props(
      'id', 'description', 'displayName', 'isBuiltIn', 'isEnabled', 'resourceScopes',
      'rolePermissions', 'templateId', 'version', 'inheritsPermissionsFrom',
    ),
  },
  roleAssignment: {
    odataType: 'unifiedRoleAssignment',
    properties: props(
      'id', 'appScopeId', 'condition', 'directoryScopeId', 'principalId', 'principalOrganizationId',
      'resourceScope', 'roleDefinitionId', 'principal', 'roleDefinition', 'appScope', 'directoryScope',
    ),
  },
  roleEligibilityScheduleInstance: {
    odataType: 'unifiedRoleEligibilityScheduleInstance',
    properties: props(
      'id', 'appScopeId', 'directoryScopeId', 'principalId', 'roleDefinitionId', 'startDateTime',
      'endDateTime', 'memberType', 'roleEligibilityScheduleId', 'principal', 'roleDefinition',
      'appScope', 'directoryScope',
    ),
  },
  conditionalAccessPolicy: {
    odataType: 'conditionalAccessPolicy',
    properties: props(
      'id', 'conditions', 'createdDateTime', 'description', 'displayName', 'grantControls',
      'modifiedDateTime', 'sessionControls', 'state', 'templateId',
    ),
  },
  signIn: {
    odataType: 'signIn',
    properties: props(
      'id', 'appDisplayName', 'appId', 'appliedConditionalAccessPolicies', 'clientAppUsed',
      'conditionalAccessStatus', 'correlationId', 'createdDateTime', 'deviceDetail', 'ipAddress',
      'isInteractive', 'location', 'resourceDisplayName', 'resourceId', 'riskDetail',
      'riskEventTypes', 'riskEventTypes_v2', 'riskLevelAggregated', 'riskLevelDuringSignIn',
      'riskState', 'status', 'userDisplayName', 'userId', 'userPrincipalName', 'userAgent',
      'homeTenantId', 'resourceTenantId', 'servicePrincipalId', 'servicePrincipalName',
    ),
  },
  userRegistrationDetails: {
    odataType: 'userRegistrationDetails',
    properties: props(
      'id', 'isAdmin', 'isMfaCapable', 'isMfaRegistered', 'isPasswordlessCapable', 'isSsprCapable',
      'isSsprEnabled', 'isSsprRegistered', 'isSystemPreferredAuthenticationMethodEnabled',
      'lastUpdatedDateTime', 'methodsRegistered', 'systemPreferredAuthenticationMethods',
      'userDisplayName', 'userPreferredMethodForSecondaryAuthentication', 'userPrincipalName', 'userType',
    ),
  },
  appRoleAssignment: {
    odataType: 'appRoleAssignment',
    properties: props(
      ...directoryObject,
      'appRoleId', 'createdDateTime', 'principalDisplayName', 'principalId', 'principalType',
      'resourceDisplayName', 'resourceId',
    ),
  },
  oauth2PermissionGrant: {
    odataType: 'oAuth2PermissionGrant',
    properties: props('id', 'clientId', 'consentType', 'principalId', 'resourceId', 'scope'),
  },
  organization: {
    odataType: 'organization',
    properties: props(
      ...directoryObject,
      'assignedPlans', 'businessPhones', 'city', 'country', 'countryLetterCode', 'createdDateTime',
      'defaultUsageLocation', 'displayName', 'marketingNotificationEmails', 'onPremisesLastSyncDateTime',
      'onPremisesSyncEnabled', 'postalCode', 'preferredLanguage', 'privacyProfile', 'provisionedPlans',
      'securityComplianceNotificationMails', 'securityComplianceNotificationPhones', 'state', 'street',
      'technicalNotificationMails', 'tenantType', 'verifiedDomains',
    ),
  },
};

/** Members and transitive members are directoryObjects of several concrete types. */
export const directoryObjectKinds = ['user', 'group', 'servicePrincipal'] as const;
export type DirectoryObjectKind = (typeof directoryObjectKinds)[number];
