/** The Okta org simulator: start it on a fixture, point a connector at `orgUrl`. */
export { startOktaSimulator } from './server.js';
export type { OktaSimulator, OktaSimulatorOptions, OktaSimulatorStats, RateLimitOverrides, RequestLogEntry } from './server.js';
export { OktaFaults } from './faults.js';
export type { FaultScope, PathMatcher } from './faults.js';
export { generousRateLimits, realisticRateLimits } from './rate-limits.js';
export type { BucketLimit, RateLimitBucket, RateLimitConfig } from './rate-limits.js';
export * from './example-org.js';
export type * from './fixture.js';
export { OKTA_POLICY_TYPES } from './fixture.js';
