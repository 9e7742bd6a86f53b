/** The Okta org simulator: start it on a fixture, point a connector at `orgUrl`. */
export { startOktaSimulator } from './server';
export type { OktaSimulator, OktaSimulatorOptions, OktaSimulatorStats, RateLimitOverrides, RequestLogEntry } from './server';
export { OktaFaults } from './faults';
export type { FaultScope, PathMatcher } from './faults';
export { generousRateLimits, realisticRateLimits } from './rate-limits';
export type { BucketLimit, RateLimitBucket, RateLimitConfig } from './rate-limits';
export * from './example-org';
export type * from './fixture';
export { OKTA_POLICY_TYPES } from './fixture';
