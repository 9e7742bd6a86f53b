/**
 * The service app's private key: PEM (PKCS#8, or the older PKCS#1 / SEC1 forms) or a JWK, RSA or EC.
 * Parsed with node:crypto so one code path serves validation and signing; error messages describe
 * the problem and never include any of the key material.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { badInput } from '../../errors.js';

export type SigningAlg = 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512';

export interface SigningKey {
  key: KeyObject;
  alg: SigningAlg;
  /** The JWK's own `kid`, when the key came as a JWK that has one. */
  jwkKid: string | undefined;
  /** Public half, for the DPoP proof header. */
  publicJwk: JsonWebKey;
}

const EC_ALG: Record<string, SigningAlg> = {
  prime256v1: 'ES256',
  'P-256': 'ES256',
  secp384r1: 'ES384',
  'P-384': 'ES384',
};

/**
 * RSA sizes accepted: Okta needs 2048 bits at least, and a key far larger than 4096 bits makes every
 * signature (one per token request and per DPoP proof) slow enough to stall the event loop.
 */
const RSA_BITS = { min: 2048, max: 4096 };

const RSA_ALGS = new Set<string>(['RS256', 'RS384', 'RS512']);

function fail(message: string): never {
  throw badInput(`privateKey: ${message}`, 'privateKey');
}

function parseJwk(text: string): { key: KeyObject; jwk: JsonWebKey } {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    fail('looks like JSON but does not parse; give a PEM (-----BEGIN PRIVATE KEY-----) or a JWK object');
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) fail('a JWK must be a JSON object');
  const j = jwk as JsonWebKey;
  if ('keys' in j) fail('give one JWK, not a JWK set');
  if (j.kty !== 'RSA' && j.kty !== 'EC') fail('the JWK must have kty RSA or EC');
  if (typeof j.d !== 'string') fail('the JWK is a public key; the private key (with "d") is needed to sign');
  try {
    return { key: createPrivateKey({ key: j, format: 'jwk' }), jwk: j };
  } catch {
    fail(`the ${j.kty} JWK is incomplete or invalid`);
  }
}

function parsePem(text: string): KeyObject {
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) {
    fail('the PEM is encrypted; give an unencrypted PKCS#8 key (openssl pkcs8 -topk8 -nocrypt)');
  }
  if (/-----BEGIN (RSA |EC )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(text)) {
    fail('this is a public key or certificate; give the private key');
  }
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(text)) {
    fail('expected a PEM private key (-----BEGIN PRIVATE KEY-----) or a JWK (JSON)');
  }
  try {
    return createPrivateKey({ key: text, format: 'pem' });
  } catch {
    fail('the PEM does not parse as a private key');
  }
}

/** Parses and classifies the key; throws BAD_USER_INPUT (field privateKey) when it cannot sign. */
export function parsePrivateKey(text: string): SigningKey {
  const trimmed = text.trim();
  if (trimmed === '') fail('is empty');
  const fromJwk = trimmed.startsWith('{') ? parseJwk(trimmed) : null;
  const key = fromJwk ? fromJwk.key : parsePem(trimmed);
  const type = key.asymmetricKeyType;
  let alg: SigningAlg;
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < RSA_BITS.min) fail(`the RSA key has ${bits} bits; Okta needs at least ${RSA_BITS.min}`);
    if (bits > RSA_BITS.max) fail(`the RSA key has ${bits} bits; use ${RSA_BITS.min} to ${RSA_BITS.max} bits`);
    const wanted: unknown = fromJwk?.jwk.alg;
    alg = typeof wanted === 'string' && RSA_ALGS.has(wanted) ? (wanted as SigningAlg) : 'RS256';
  } else if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const ecAlg = EC_ALG[curve];
    if (!ecAlg) fail('the EC key must be on P-256 or P-384');
    alg = ecAlg;
  } else {
    fail(`the key type is ${type ?? 'unknown'}; Okta service apps use RSA or EC keys`);
  }
  const pub = createPublicKey(key).export({ format: 'jwk' });
  const publicJwk: JsonWebKey = pub.kty === 'RSA' ? { kty: pub.kty, n: pub.n, e: pub.e } : { kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y };
  const kid: unknown = fromJwk?.jwk.kid;
  return { key, alg, jwkKid: typeof kid === 'string' && kid !== '' ? kid : undefined, publicJwk };
}
