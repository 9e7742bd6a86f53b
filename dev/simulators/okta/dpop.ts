/**
 * DPoP proof checks (RFC 9449) shared by the token endpoint and the Management API.
 */
import { createHash } from 'node:crypto';
import type { JWK } from 'jose';
import { EmbeddedJWK, calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from 'jose';
import type { ReplayCache } from './replay-cache.js';

export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

/** How far in the past a proof's `iat` may be, and how far in the future (clock skew). */
const MAX_PROOF_AGE_SECONDS = 300;
const MAX_PROOF_SKEW_SECONDS = 60;

export class DpopProofError extends Error {}

export interface ExpectedProof {
  htm: string;
  /** Absolute URL without query or fragment. */
  htu: string;
  /** base64url(SHA-256(access token)) on resource requests. */
  ath?: string;
  nowMs: number;
}

export interface VerifiedProof {
  /** JWK SHA-256 thumbprint of the proof key: the token's `cnf.jkt`. */
  jkt: string;
  nonce: string | undefined;
  jti: string;
  /** Until when the jti must be remembered (epoch ms): after that the proof is too old anyway. */
  jtiExpiresAt: number;
}

export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest('base64url');
}

export async function verifyDpopProof(proof: string, expected: ExpectedProof, usedJtis: ReplayCache): Promise<VerifiedProof> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopProofError('The DPoP proof JWT is malformed.');
  }
  if (header.typ !== 'dpop+jwt') throw new DpopProofError("The DPoP proof JWT header 'typ' must be 'dpop+jwt'.");
  if (!header.alg || !ASYMMETRIC_ALGORITHMS.includes(header.alg)) {
    throw new DpopProofError("The DPoP proof JWT header 'alg' is not supported.");
  }
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object') throw new DpopProofError("The DPoP proof JWT header 'jwk' is missing.");
  if ('d' in jwk) throw new DpopProofError("The DPoP proof JWT header 'jwk' must be a public key.");

  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: ASYMMETRIC_ALGORITHMS,
      currentDate: new Date(expected.nowMs),
    }));
  } catch {
    throw new DpopProofError('The DPoP proof JWT signature is invalid.');
  }

  if (payload.htm !== expected.htm) throw new DpopProofError("'htm' claim in the DPoP proof JWT is invalid.");
  if (payload.htu !== expected.htu) {
    throw new DpopProofError("'htu' claim in the DPoP proof JWT is invalid.");
  }
  const nowSeconds = Math.floor(expected.nowMs / 1000);
  if (typeof payload.iat !== 'number') throw new DpopProofError("'iat' claim in the DPoP proof JWT is missing.");
  if (payload.iat < nowSeconds - MAX_PROOF_AGE_SECONDS || payload.iat > nowSeconds + MAX_PROOF_SKEW_SECONDS) {
    throw new DpopProofError("'iat' claim in the DPoP proof JWT is not recent.");
  }
  if (expected.ath !== undefined && payload.ath !== expected.ath) {
    throw new DpopProofError("'ath' claim in the DPoP proof JWT is invalid.");
  }
  if (typeof payload.jti !== 'string' || payload.jti === '') throw new DpopProofError("'jti' claim in the DPoP proof JWT is missing.");
  const expiresAt = (payload.iat + MAX_PROOF_AGE_SECONDS + MAX_PROOF_SKEW_SECONDS) * 1000;
  if (usedJtis.has(payload.jti)) throw new DpopProofError("'jti' claim in the DPoP proof JWT has already been used.");

  const nonce = typeof payload.nonce === 'string' ? payload.nonce : undefined;
  const jkt = await calculateJwkThumbprint(jwk, 'sha256');
  // The caller records the jti once the whole request passed, so a proof refused only for its
  // nonce does not burn the client's jti.
  return { jkt, nonce, jti: payload.jti, jtiExpiresAt: expiresAt };
}
