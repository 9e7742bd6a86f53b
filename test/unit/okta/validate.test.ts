import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TwinError } from '../../../src/errors.js';
import { normalizeOrgUrl } from '../../../src/ingest/okta/org-url.js';
import { parsePrivateKey } from '../../../src/ingest/okta/private-key.js';
import { validateOktaConfig } from '../../../src/ingest/okta/validate.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsaPkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const rsaJwk = JSON.stringify({ ...rsa.privateKey.export({ format: 'jwk' }), kid: 'from-jwk' });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ec384Jwk = JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' }));
const TOKEN = '00aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789-_ab';

function badInput(fn: () => unknown): TwinError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TwinError);
    expect((err as TwinError).code).toBe('BAD_USER_INPUT');
    return err as TwinError;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('normalizeOrgUrl', () => {
  it.each([
    ['https://acme.okta.com', 'https://acme.okta.com'],
    ['https://acme.okta.com/', 'https://acme.okta.com'],
    ['  https://ACME.Okta.com//  ', 'https://acme.okta.com'],
    ['https://acme.okta.com/admin', 'https://acme.okta.com'],
    ['https://acme.okta.com/admin/dashboard', 'https://acme.okta.com'],
    ['acme.oktapreview.com', 'https://acme.oktapreview.com'],
    ['https://acme.okta-emea.com', 'https://acme.okta-emea.com'],
    ['https://login.acme-corp.com', 'https://login.acme-corp.com'],
    ['https://localhost:8443', 'https://localhost:8443'],
    ['https://127.0.0.1:9999/', 'https://127.0.0.1:9999'],
    ['https://[::1]:4443', 'https://[::1]:4443'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeOrgUrl(input)).toBe(expected);
  });

  it.each([
    ['http://acme.okta.com', /https/],
    ['https://acme-admin.okta.com', /Admin Console; use the org URL https:\/\/acme\.okta\.com/],
    ['https://acme-admin.oktapreview.com/admin/dashboard', /https:\/\/acme\.oktapreview\.com/],
    ['https://acme.okta.com/oauth2/default', /without a path/],
    ['https://acme.okta.com?x=1', /query/],
    ['https://okta.com', /subdomain/],
    ['https://10.0.0.1', /not an IP/],
    ['https://intranet', /fully qualified/],
    ['', /required/],
    ['https://user:pw@acme.okta.com', /user name/],
  ])('rejects %s', (input, message) => {
    const err = badInput(() => normalizeOrgUrl(input));
    expect(err.message).toMatch(message);
    expect(err.details).toEqual({ field: 'orgUrl' });
  });
});

describe('validateOktaConfig', () => {
  it('stores an API token as the only secret', () => {
    const v = validateOktaConfig({ orgUrl: 'https://acme.okta.com/', apiToken: ` SSWS ${TOKEN} ` });
    expect(v).toEqual({ tenant: 'https://acme.okta.com', clientId: null, settings: { credentialKind: 'apiToken' }, credentials: { apiToken: TOKEN } });
  });

  it('stores a service app with its key and key id', () => {
    const v = validateOktaConfig({ orgUrl: 'https://acme.okta.com', clientId: '0oa1b2c3d4E5f6G7h8i9', privateKey: rsaPem, keyId: 'kid-1', apiToken: '' });
    expect(v.tenant).toBe('https://acme.okta.com');
    expect(v.clientId).toBe('0oa1b2c3d4E5f6G7h8i9');
    expect(v.settings).toEqual({ credentialKind: 'privateKey', keyId: 'kid-1' });
    expect(v.credentials).toEqual({ privateKey: rsaPem.trim() });
  });

  it("takes the key id from the JWK when none is given", () => {
    const v = validateOktaConfig({ orgUrl: 'https://acme.okta.com', clientId: '0oa1b2c3d4E5f6G7h8i9', privateKey: rsaJwk });
    expect(v.settings).toEqual({ credentialKind: 'privateKey', keyId: 'from-jwk' });
  });

  it('accepts localhost with any port (simulator, demo)', () => {
    expect(validateOktaConfig({ orgUrl: 'https://localhost:41234', apiToken: TOKEN }).tenant).toBe('https://localhost:41234');
  });

  it('needs exactly one credential kind', () => {
    expect(badInput(() => validateOktaConfig({ orgUrl: 'https://a.okta.com', apiToken: TOKEN, clientId: '0oa1b2c3d4', privateKey: rsaPem })).message).toMatch(/not both/);
    expect(badInput(() => validateOktaConfig({ orgUrl: 'https://a.okta.com', apiToken: TOKEN, clientId: '0oa1b2c3d4' })).message).toMatch(/not both/);
    expect(badInput(() => validateOktaConfig({ orgUrl: 'https://a.okta.com' })).message).toMatch(/apiToken, or a clientId/);
    expect(badInput(() => validateOktaConfig({ orgUrl: 'https://a.okta.com', apiToken: '  ', clientId: null })).message).toMatch(/apiToken, or a clientId/);
    expect(badInput(() => validateOktaConfig({ orgUrl: 'https://a.okta.com', clientId: '0oa1b2c3d4' })).details).toEqual({ field: 'privateKey' });
    expect(badInput(() => validateOktaConfig({ orgUrl: 'https://a.okta.com', privateKey: rsaPem })).details).toEqual({ field: 'clientId' });
    expect(badInput(() => validateOktaConfig({ orgUrl: 'https://a.okta.com', apiToken: TOKEN, keyId: 'k' })).details).toEqual({ field: 'keyId' });
  });

  it('checks the org URL before the credential', () => {
    expect(badInput(() => validateOktaConfig({ orgUrl: 'https://acme-admin.okta.com', apiToken: TOKEN })).details).toEqual({ field: 'orgUrl' });
  });

  it('rejects a malformed token or key without echoing it', () => {
    const secretToken = 'not a token with spaces SECRET123';
    const e1 = badInput(() => validateOktaConfig({ orgUrl: 'https://a.okta.com', apiToken: secretToken }));
    expect(e1.message).not.toContain('SECRET123');
    const secretKey = '-----BEGIN PRIVATE KEY-----\nTOPSECRETMATERIAL\n-----END PRIVATE KEY-----';
    const e2 = badInput(() => validateOktaConfig({ orgUrl: 'https://a.okta.com', clientId: '0oa1b2c3d4', privateKey: secretKey }));
    expect(e2.message).not.toContain('TOPSECRET');
    expect(e2.details).toEqual({ field: 'privateKey' });
  });
});

describe('parsePrivateKey', () => {
  it('classifies RSA and EC keys in PEM and JWK', () => {
    expect(parsePrivateKey(rsaPem).alg).toBe('RS256');
    expect(parsePrivateKey(rsaPkcs1).alg).toBe('RS256');
    expect(parsePrivateKey(rsaJwk)).toMatchObject({ alg: 'RS256', jwkKid: 'from-jwk' });
    expect(parsePrivateKey(ecPem).alg).toBe('ES256');
    expect(parsePrivateKey(ec384Jwk).alg).toBe('ES384');
    expect(parsePrivateKey(rsaPem).publicJwk).toEqual({ kty: 'RSA', n: expect.any(String), e: 'AQAB' });
    expect(parsePrivateKey(ecPem).publicJwk).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String) });
  });

  it('explains what is wrong', () => {
    const pub = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(badInput(() => parsePrivateKey(pub)).message).toMatch(/public key/);
    const { d: _d, ...publicJwk } = JSON.parse(rsaJwk) as Record<string, string>;
    expect(badInput(() => parsePrivateKey(JSON.stringify(publicJwk))).message).toMatch(/public key/);
    expect(badInput(() => parsePrivateKey('{"keys":[]}')).message).toMatch(/not a JWK set/);
    expect(badInput(() => parsePrivateKey('{not json')).message).toMatch(/does not parse/);
    expect(badInput(() => parsePrivateKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\nabc\n-----END ENCRYPTED PRIVATE KEY-----')).message).toMatch(/encrypted/);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(badInput(() => parsePrivateKey(small)).message).toMatch(/2048/);
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(badInput(() => parsePrivateKey(ed)).message).toMatch(/RSA or EC/);
  });

  it('refuses keys too large to sign with quickly, and curves other than P-256 and P-384', () => {
    // Generating an 8192-bit key takes seconds; a 4608-bit one is over the cap all the same.
    const huge = generateKeyPairSync('rsa', { modulusLength: 4608 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(badInput(() => parsePrivateKey(huge)).message).toMatch(/2048 to 4096 bits/);
    const p521 = generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(badInput(() => parsePrivateKey(p521)).message).toMatch(/P-256 or P-384/);
    const rsa4096 = generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(parsePrivateKey(rsa4096).alg).toBe('RS256');
  });
});
