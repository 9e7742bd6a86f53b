/**
 * What every part of the generator shares: the options resolved into names and clocks, and the
 * seed from which each part derives its own PRNG stream.
 */
import { Rng } from './random.js';
import { guid } from './ids.js';

export interface ScenarioContext {
  seed: number;
  /** Epoch ms every date is relative to. */
  now: number;
  /** e.g. "Contoso Synth", from the domain. */
  organizationName: string;
  /** The company's verified domain, e.g. contoso-synth.com. */
  domain: string;
  /** The initial domain's prefix, e.g. contososynth (contososynth.onmicrosoft.com; Okta msftTenant). */
  tenantPrefix: string;
  initialDomain: string;
  tenantId: string;
  /** Okta ids end with the org cell's 3 characters, e.g. 1d7. */
  oktaSuffix: string;
  /** On-premises AD the hybrid users come from. */
  adDomain: string;
  adNetbios: string;
  /** The domain part of the AD's SIDs (S-1-5-21-{this}-{rid}). */
  sidDomain: string;
}

const OKTA_SUFFIXES = ['1d7', '0h7', '2p7', '5d7', '4x7', '3i7'];

export function createContext(seed: number, now: Date, domain: string, tenantId: string | undefined): ScenarioContext {
  const rng = new Rng(seed, 'context');
  const firstLabel = domain.split('.')[0] ?? domain;
  const tenantPrefix = firstLabel.toLowerCase().replace(/[^a-z0-9]/g, '') || 'contoso';
  const generatedTenant = guid(rng);
  const sidDomain = [rng.between(1_000_000_000, 4_000_000_000), rng.between(1_000_000_000, 4_000_000_000), rng.between(100_000_000, 999_999_999)].join('-');
  return {
    seed,
    now: now.getTime(),
    organizationName: firstLabel
      .split(/[^A-Za-z0-9]+/)
      .filter((w) => w.length > 0)
      .map((w) => w[0]?.toUpperCase() + w.slice(1))
      .join(' '),
    domain: domain.toLowerCase(),
    tenantPrefix,
    initialDomain: `${tenantPrefix}.onmicrosoft.com`,
    tenantId: tenantId ?? generatedTenant,
    oktaSuffix: rng.pick(OKTA_SUFFIXES),
    adDomain: `corp.${domain.toLowerCase()}`,
    adNetbios: tenantPrefix.slice(0, 15).toUpperCase(),
    sidDomain,
  };
}

/** The PRNG stream of one part of the scenario. */
export function streamOf(context: ScenarioContext, name: string): Rng {
  return new Rng(context.seed, name);
}
