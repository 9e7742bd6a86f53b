/** The Entra ID / Microsoft Graph simulator: what tests, the demo and benchmarks import. */
export { startEntraSimulator, type EntraSimulator, type EntraSimulatorOptions, type IssueTokenOptions } from './server.js';
export type * from './fixture.js';
export { exampleTenant, exampleIds, roleTemplates, graphAppRoleIds } from './example-tenant.js';
export type { EntraFaults, FaultHandle, FaultScope, PathMatcher, StatusFaultSpec, ThrottleFaultSpec, MalformedFaultSpec } from './faults.js';
export type { RequestLogEntry, EntraStats } from './request-log.js';
export { realisticThrottling, realisticThrottlingFor, generousThrottling, type ThrottlingConfig, type BucketConfig } from './throttling.js';
