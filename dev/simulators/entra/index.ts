/** The Entra ID / Microsoft Graph simulator: what tests, the demo and benchmarks import. */
export { startEntraSimulator, type EntraSimulator, type EntraSimulatorOptions, type IssueTokenOptions } from './server.js';
export type * from './fixture.js';
export { exampleTenant, exampleIds, roleTemplates, graphAppRoleIds } from './example-tenant.js';
export type { EntraFaults, FaultHandle, FaultScope, PathMatcher, StatusFaultSpec, ThrottleFaultSpec, MalformedFaultSpec } from './faults.js';
export type { RequestLogEntry, EntraStats } from './request-log.js';
export { realisticThrottling, realisticThrottlingFor, generousThrottling, type ThrottlingConfig, type BucketConfig } from './throttling.js';
export { TenantMutations, type UserPatch, type GroupPatch, type RegistrationPatch, type SignInRecord } from './mutations.js';
export type { DeltaSettings } from './graph-delta.js';
export type { RemovalReason } from './change-log.js';
