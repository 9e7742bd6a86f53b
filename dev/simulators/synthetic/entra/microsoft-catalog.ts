/**
 * Well-known Microsoft identifiers: directory role templates (reference §4), Microsoft Graph's
 * application and delegated permission ids (reference §7 plus Graph's published ids), and the
 * first-party service principals every tenant has.
 */

/** Microsoft's own tenant, the owner of first-party service principals. */
export const MICROSOFT_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

export interface RoleTemplate {
  id: string;
  displayName: string;
  description: string;
  actions: readonly string[];
}

export const ROLE = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  privilegedRoleAdministrator: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  sharePointAdministrator: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  conditionalAccessAdministrator: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  privilegedAuthenticationAdministrator: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  authenticationAdministrator: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  intuneAdministrator: '3a2c62db-5318-420d-8d74-23affee5d9d5',
  hybridIdentityAdministrator: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  passwordAdministrator: '966707d0-3269-4727-9be2-8c3a10f19b9d',
  securityOperator: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
  reportsReader: '4a5d8f65-41da-4de4-8968-e035b65339cf',
  directoryReaders: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
  directorySynchronizationAccounts: 'd29b2b05-8046-44ba-8758-1e26182fcf32',
} as const;

export const ROLE_TEMPLATES: readonly RoleTemplate[] = [
  { id: ROLE.globalAdministrator, displayName: 'Global Administrator', description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.', actions: ['microsoft.directory/allEntities/allProperties/allTasks'] },
  { id: ROLE.securityAdministrator, displayName: 'Security Administrator', description: 'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.', actions: ['microsoft.directory/conditionalAccessPolicies/standard/read', 'microsoft.directory/identityProtection/allProperties/allTasks'] },
  { id: ROLE.privilegedRoleAdministrator, displayName: 'Privileged Role Administrator', description: 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.', actions: ['microsoft.directory/roleAssignments/allProperties/allTasks', 'microsoft.directory/privilegedIdentityManagement/allProperties/allTasks'] },
  { id: ROLE.userAdministrator, displayName: 'User Administrator', description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.', actions: ['microsoft.directory/users/allProperties/allTasks', 'microsoft.directory/groups/allProperties/allTasks'] },
  { id: ROLE.applicationAdministrator, displayName: 'Application Administrator', description: 'Can create and manage all aspects of app registrations and enterprise apps.', actions: ['microsoft.directory/applications/allProperties/allTasks', 'microsoft.directory/servicePrincipals/allProperties/allTasks'] },
  { id: ROLE.cloudApplicationAdministrator, displayName: 'Cloud Application Administrator', description: 'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.', actions: ['microsoft.directory/applications/allProperties/allTasks'] },
  { id: ROLE.exchangeAdministrator, displayName: 'Exchange Administrator', description: 'Can manage all aspects of the Exchange product.', actions: ['microsoft.office365.exchange/allEntities/basic/allTasks'] },
  { id: ROLE.sharePointAdministrator, displayName: 'SharePoint Administrator', description: 'Can manage all aspects of the SharePoint service.', actions: ['microsoft.office365.sharePoint/allEntities/allTasks'] },
  { id: ROLE.conditionalAccessAdministrator, displayName: 'Conditional Access Administrator', description: 'Can manage Conditional Access capabilities.', actions: ['microsoft.directory/conditionalAccessPolicies/allProperties/allTasks'] },
  { id: ROLE.privilegedAuthenticationAdministrator, displayName: 'Privileged Authentication Administrator', description: 'Can access to view, set and reset authentication method information for any user (admin or non-admin).', actions: ['microsoft.directory/users/authenticationMethods/create', 'microsoft.directory/users/authenticationMethods/delete', 'microsoft.directory/users/password/update'] },
  { id: ROLE.helpdeskAdministrator, displayName: 'Helpdesk Administrator', description: 'Can reset passwords for non-administrators and Helpdesk Administrators.', actions: ['microsoft.directory/users/password/update', 'microsoft.directory/users/invalidateAllRefreshTokens'] },
  { id: ROLE.globalReader, displayName: 'Global Reader', description: 'Can read everything that a Global Administrator can, but not update anything.', actions: ['microsoft.directory/allEntities/allProperties/read'] },
  { id: ROLE.securityReader, displayName: 'Security Reader', description: 'Can read security information and reports in Microsoft Entra ID and Office 365.', actions: ['microsoft.directory/identityProtection/allProperties/read', 'microsoft.directory/auditLogs/allProperties/read'] },
  { id: ROLE.authenticationAdministrator, displayName: 'Authentication Administrator', description: 'Can access to view, set and reset authentication method information for any non-admin user.', actions: ['microsoft.directory/users/authenticationMethods/standard/restrictedAdmin/update'] },
  { id: ROLE.intuneAdministrator, displayName: 'Intune Administrator', description: 'Can manage all aspects of the Intune product.', actions: ['microsoft.intune/allEntities/allTasks'] },
  { id: ROLE.hybridIdentityAdministrator, displayName: 'Hybrid Identity Administrator', description: 'Can manage Microsoft Entra Connect, Pass-through Authentication, Password Hash Synchronization and federation settings.', actions: ['microsoft.directory/onPremisesSynchronization/standard/read', 'microsoft.directory/domains/federation/update'] },
  { id: ROLE.passwordAdministrator, displayName: 'Password Administrator', description: 'Can reset passwords for non-administrators and Password Administrators.', actions: ['microsoft.directory/users/password/update'] },
  { id: ROLE.securityOperator, displayName: 'Security Operator', description: 'Creates and manages security events.', actions: ['microsoft.directory/identityProtection/riskyUsers/update'] },
  { id: ROLE.reportsReader, displayName: 'Reports Reader', description: 'Can read sign-in and audit reports.', actions: ['microsoft.directory/auditLogs/allProperties/read', 'microsoft.directory/signInReports/allProperties/read'] },
  { id: ROLE.directoryReaders, displayName: 'Directory Readers', description: 'Can read basic directory information. Commonly used to grant directory read access to applications and guests.', actions: ['microsoft.directory/users/standard/read', 'microsoft.directory/groups/standard/read'] },
  { id: ROLE.directorySynchronizationAccounts, displayName: 'Directory Synchronization Accounts', description: 'Only used by Microsoft Entra Connect service.', actions: ['microsoft.directory/organization/dirSync/update', 'microsoft.directory/users/create'] },
];

/** Tier 0 per the contract's RoleHolders description. */
export const ENTRA_TIER0_ROLES: ReadonlySet<string> = new Set([
  ROLE.globalAdministrator,
  ROLE.privilegedRoleAdministrator,
  ROLE.privilegedAuthenticationAdministrator,
]);

/** Read-only roles are not privileged (contract); every other admin role is. */
export const ENTRA_READ_ONLY_ROLES: ReadonlySet<string> = new Set([
  ROLE.globalReader,
  ROLE.securityReader,
  ROLE.reportsReader,
  ROLE.directoryReaders,
]);

export interface PermissionDef {
  id: string;
  value: string;
  displayName: string;
}

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Microsoft Graph application permissions (appRoles). */
export const GRAPH_APP_ROLES: readonly PermissionDef[] = [
  { id: 'df021288-bdef-4463-88db-98f22de89214', value: 'User.Read.All', displayName: "Read all users' full profiles" },
  { id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', value: 'Directory.Read.All', displayName: 'Read directory data' },
  { id: 'b0afded3-3588-46d8-8b3d-9842eff778da', value: 'AuditLog.Read.All', displayName: 'Read all audit log data' },
  { id: '246dd0d5-5bd0-4def-940b-0421030a5b68', value: 'Policy.Read.All', displayName: "Read your organization's policies" },
  { id: '483bed4a-2ad3-4361-a73b-c83ccdbdc53c', value: 'RoleManagement.Read.Directory', displayName: 'Read all directory RBAC settings' },
  { id: 'c7fbd983-d9aa-4fa7-84b8-17382c103bc4', value: 'RoleManagement.Read.All', displayName: 'Read role management data for all RBAC providers' },
  { id: 'ff278e11-4a33-4d0c-83d2-d01dc58929a5', value: 'RoleEligibilitySchedule.Read.Directory', displayName: 'Read all eligible role assignments and role schedules' },
  { id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', value: 'Application.Read.All', displayName: 'Read all applications' },
  { id: '5b567255-7703-4780-807c-7be8301ae99b', value: 'Group.Read.All', displayName: 'Read all groups' },
  { id: '98830695-27a2-44f7-8c18-0c3ebc9698f6', value: 'GroupMember.Read.All', displayName: 'Read all group memberships' },
  { id: '38d9df27-64da-44fd-b7c5-a6fbac20248f', value: 'UserAuthenticationMethod.Read.All', displayName: "Read all users' authentication methods" },
  { id: '230c1aed-a721-4c5d-9cb4-a90514e508ef', value: 'Reports.Read.All', displayName: 'Read all usage reports' },
  { id: '81b4724a-58aa-41c1-8a55-84ef97466587', value: 'DelegatedPermissionGrant.Read.All', displayName: 'Read all delegated permission grants' },
  { id: '498476ce-e0fe-48b0-b801-37ba7e2685c6', value: 'Organization.Read.All', displayName: 'Read organization information' },
  { id: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', value: 'RoleManagement.ReadWrite.Directory', displayName: 'Read and write all directory RBAC settings' },
  { id: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', value: 'Directory.ReadWrite.All', displayName: 'Read and write directory data' },
  { id: '741f803b-c850-494e-b5df-cde7c675a1ca', value: 'User.ReadWrite.All', displayName: "Read and write all users' full profiles" },
  { id: '62a82d76-70ea-41e2-9197-370581804d09', value: 'Group.ReadWrite.All', displayName: 'Read and write all groups' },
  { id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', value: 'Application.ReadWrite.All', displayName: 'Read and write all applications' },
  { id: '06b708a9-e830-4db3-a914-8e69da51d44f', value: 'AppRoleAssignment.ReadWrite.All', displayName: 'Manage app permission grants and app role assignments' },
  { id: '810c84a8-4a9e-49e6-bf7d-12d183f40d01', value: 'Mail.Read', displayName: 'Read mail in all mailboxes' },
  { id: 'e2a3a72e-5f79-4c64-b1b1-878b674786c9', value: 'Mail.ReadWrite', displayName: 'Read and write mail in all mailboxes' },
  { id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', value: 'Mail.Send', displayName: 'Send mail as any user' },
  { id: '75359482-378d-4052-8f01-80520e7db3cd', value: 'Files.ReadWrite.All', displayName: 'Read and write files in all site collections' },
  { id: '9492366f-7969-46a4-8d15-ed1a20078fff', value: 'Sites.ReadWrite.All', displayName: 'Read and write items in all site collections' },
];

/** Microsoft Graph delegated permissions (oauth2PermissionScopes). */
export const GRAPH_SCOPES: ReadonlyArray<PermissionDef & { type: 'User' | 'Admin' }> = [
  { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', value: 'User.Read', displayName: 'Sign in and read user profile', type: 'User' },
  { id: '37f7f235-527c-4136-accd-4a02d197296e', value: 'openid', displayName: 'Sign users in', type: 'User' },
  { id: '14dad69e-099b-42c9-810b-d002981feec1', value: 'profile', displayName: "View users' basic profile", type: 'User' },
  { id: '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0', value: 'email', displayName: "View users' email address", type: 'User' },
  { id: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182', value: 'offline_access', displayName: 'Maintain access to data you have given it access to', type: 'User' },
  { id: '570282fd-fa5c-430d-a7fd-fc8dc98a9dca', value: 'Mail.Read', displayName: 'Read user mail', type: 'User' },
  { id: 'e383f46e-2787-4529-855e-0e479a3ffac0', value: 'Mail.Send', displayName: 'Send mail as a user', type: 'User' },
  { id: '465a38f9-76ea-45b9-9f34-9e8b0d4b0b42', value: 'Calendars.Read', displayName: 'Read user calendars', type: 'User' },
  { id: 'a154be20-db9c-4678-8ab7-66f6cc099a59', value: 'User.Read.All', displayName: "Read all users' full profiles", type: 'Admin' },
  { id: '06da0dbc-49e2-44d2-8312-53f166ab848a', value: 'Directory.Read.All', displayName: 'Read directory data', type: 'Admin' },
  { id: '5f8c59db-677d-491f-a6b8-5f174b11ec1d', value: 'Group.Read.All', displayName: 'Read all groups', type: 'Admin' },
  { id: 'df85f4d6-205c-4ac5-a5ea-6bf408dba283', value: 'Files.Read.All', displayName: 'Read all files that user can access', type: 'User' },
  { id: '205e70e5-aba6-4c52-a976-6d2d46c48043', value: 'Sites.Read.All', displayName: 'Read items in all site collections', type: 'User' },
];

const GRAPH_ROLES_BY_VALUE = new Map(GRAPH_APP_ROLES.map((r) => [r.value, r]));

/** A Graph application permission by value; undefined for values this catalogue lacks. */
export function graphRole(value: string): PermissionDef | undefined {
  return GRAPH_ROLES_BY_VALUE.get(value);
}

export interface FirstPartyApp {
  appId: string;
  displayName: string;
  appRoles: readonly PermissionDef[];
  /** Appears in users' sign-ins, with this weight. */
  signInWeight: number;
  /** The resource a sign-in to this client usually targets. */
  resource: { appId: string; displayName: string } | null;
}

const EXCHANGE = { appId: '00000002-0000-0ff1-ce00-000000000000', displayName: 'Office 365 Exchange Online' };
const SHAREPOINT = { appId: '00000003-0000-0ff1-ce00-000000000000', displayName: 'Office 365 SharePoint Online' };
const GRAPH = { appId: GRAPH_APP_ID, displayName: 'Microsoft Graph' };
const AZURE_AD = { appId: '00000002-0000-0000-c000-000000000000', displayName: 'Windows Azure Active Directory' };

export const FIRST_PARTY_APPS: readonly FirstPartyApp[] = [
  { ...GRAPH, appRoles: GRAPH_APP_ROLES, signInWeight: 0, resource: null },
  {
    ...EXCHANGE,
    appRoles: [
      { id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', value: 'full_access_as_app', displayName: 'Use Exchange Web Services with full access to all mailboxes' },
      { id: 'dc50a0fb-09a3-484d-be87-e023b12c6440', value: 'Exchange.ManageAsApp', displayName: 'Manage Exchange As Application' },
    ],
    signInWeight: 0.22,
    resource: EXCHANGE,
  },
  { ...SHAREPOINT, appRoles: [], signInWeight: 0.1, resource: SHAREPOINT },
  { ...AZURE_AD, appRoles: [], signInWeight: 0, resource: null },
  { appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264', displayName: 'Microsoft Teams', appRoles: [], signInWeight: 0.2, resource: { appId: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe', displayName: 'Microsoft Teams Services' } },
  { appId: '4765445b-32c6-49b0-83e6-1d93765276ca', displayName: 'OfficeHome', appRoles: [], signInWeight: 0.14, resource: GRAPH },
  { appId: '2793995e-0a7d-40d7-bd35-6968ba142197', displayName: 'My Apps', appRoles: [], signInWeight: 0.04, resource: GRAPH },
  { appId: 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c', displayName: 'Azure Portal', appRoles: [], signInWeight: 0.03, resource: { appId: '797f4846-ba00-4fd7-ba43-dac1f8f63013', displayName: 'Windows Azure Service Management API' } },
  { appId: '0000000a-0000-0000-c000-000000000000', displayName: 'Microsoft Intune', appRoles: [], signInWeight: 0, resource: null },
  { appId: 'c5393580-f805-4401-95e8-94b7a6ef2fc2', displayName: 'Office 365 Management APIs', appRoles: [], signInWeight: 0, resource: null },
];

export const EXCHANGE_APP_ID = EXCHANGE.appId;
