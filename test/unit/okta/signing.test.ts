/**
 * Issue 12: "a DPoP proof is signed on the event loop per request". Every Okta request of a service app
 * carries a fresh DPoP proof; signing one with a 4096-bit RSA key takes milliseconds of CPU. jose signs
 * through WebCrypto, whose signatures Node computes on libuv's thread pool: the event loop only builds the
 * JWT around it. Measured here against the Okta simulator, through the auth the connector uses; a signature
 * made on the loop instead (node:crypto's sign without a callback) fails this test.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK } from 'jose';
import { EXAMPLE_ORG_SCOPES, exampleOrg } from '../../../dev/simulators/okta/example-org.js';
import { startOktaSimulator, type OktaSimulator } from '../../../dev/simulators/okta/server.js';
import { HttpClient } from '../../../src/ingest/http.js';
import { ServiceAppAuth } from '../../../src/ingest/okta/auth.js';
import { parsePrivateKey } from '../../../src/ingest/okta/private-key.js';

const CLIENT_ID = '0oasigningtest01';
const PROOFS = 40;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 4096 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let sim: OktaSimulator;
let http: HttpClient;

beforeAll(async () => {
  const org = exampleOrg();
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k4096', alg: 'RS256', use: 'sig' };
  org.serviceApps.push({ clientId: CLIENT_ID, publicJwks: [jwk], grantedScopes: EXAMPLE_ORG_SCOPES, requireDpop: true });
  sim = await startOktaSimulator({ org });
  http = new HttpClient({ extraCaPem: sim.caCertPem, userAgent: 'identity-twin-test' });
});

afterAll(async () => {
  await http?.close();
  await sim?.close();
});

/**
 * How long the event loop was held, in stalls longer than `thresholdMs`, while `work` ran: a signature computed
 * on the loop holds it for its whole length; one computed on the thread pool does not hold it at all.
 */
async function loopHeldMs(work: () => Promise<unknown>, thresholdMs: number): Promise<number> {
  let held = 0;
  let last = performance.now();
  let running = true;
  const spin = (): void => {
    const now = performance.now();
    if (now - last > thresholdMs) held += now - last;
    last = now;
    if (running) setImmediate(spin);
  };
  setImmediate(spin);
  await work();
  running = false;
  spin();
  return held;
}

describe('DPoP proofs', () => {
  it('are signed off the event loop, a fresh one for every request', async () => {
    const auth = new ServiceAppAuth({ http, orgUrl: sim.orgUrl, clientId: CLIENT_ID, key: parsePrivateKey(privatePem), keyId: 'k4096', scopes: EXAMPLE_ORG_SCOPES });
    await auth.authenticate();
    const url = `${sim.orgUrl}/api/v1/users`;
    const proof = async (): Promise<string> => (await auth.headers('GET', url)).dpop ?? '';
    await proof(); // warm: the key's WebCrypto import happens once

    // What one signature costs on this machine, on the loop.
    const data = Buffer.from('x'.repeat(300));
    const t0 = performance.now();
    for (let i = 0; i < 10; i += 1) sign('sha256', data, privateKey);
    const signMs = (performance.now() - t0) / 10;

    // One request after another, as a connector's requests go: the thread pool then never starves the loop of
    // a core (a burst of proofs on two cores would, whatever thread signs them).
    const proofs: string[] = [];
    const held = await loopHeldMs(async () => {
      for (let i = 0; i < PROOFS; i += 1) proofs.push(await proof());
    }, signMs / 2);
    expect(new Set(proofs).size).toBe(PROOFS);
    expect(proofs.every((p) => p.split('.').length === 3)).toBe(true);
    // On the loop, the proofs would hold it at least PROOFS × signMs; off it, only a busy machine's stalls
    // remain (a loaded CI machine showed a third of that).
    expect(held, `the event loop was held ${held.toFixed(0)} ms while ${PROOFS} proofs of ${signMs.toFixed(1)} ms were signed`).toBeLessThan(0.6 * PROOFS * signMs);

    // And without timing: a signature computed on the loop resolves through microtasks alone, so a macrotask
    // queued before the proof could not run until it is done; one computed on the thread pool lets it run.
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    await proof();
    expect(turned, 'the event loop took a turn while the proof was signed').toBe(true);
  });
});
