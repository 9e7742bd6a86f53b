/** The Entra ID / Microsoft Graph simulator: what tests, the demo and benchmarks import. */
export { startEntraSimulator, type EntraSimulator, type EntraSimulatorOptions, type IssueTokenOptions } from './server';
export type * from './fixture';
export { exampleTenant, exampleIds, roleTemplates, graphAppRoleIds } from './example-tenant';
export type { EntraFaults, FaultHandle, FaultScope, PathMatcher, StatusFaultSpec, ThrottleFaultSpec, MalformedFaultSpec } from './faults';
export type { RequestLogEntry, EntraStats } from './request-log';
export { realisticThrottling, realisticThrottlingFor, generousThrottling, type ThrottlingConfig, type BucketConfig } from './throttling';
