/**
 * `configureOkta` input → what is stored: the normalized org URL, the credential kind in clear, and
 * the one secret sealed. Exactly one credential kind; messages name the field and never echo secrets.
 */
import { badInput } from '../../errors.js';
import type { OktaConfigValues, ValidatedConfig } from '../connector.js';
import { normalizeOrgUrl } from './org-url.js';
import { parsePrivateKey } from './private-key.js';

export type OktaCredentialKind = 'apiToken' | 'privateKey';

function present(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** What the API token field may hold: Okta tokens are URL-safe base64-ish; an `SSWS ` prefix is forgiven. */
function normalizeApiToken(raw: string): string {
  const token = raw.replace(/^SSWS\s+/i, '');
  if (!/^[A-Za-z0-9_\-.~+/=]{20,200}$/.test(token)) {
    throw badInput('apiToken: does not look like an Okta API token (20+ letters, digits, - or _, no spaces)', 'apiToken');
  }
  return token;
}

export function validateOktaConfig(input: OktaConfigValues): ValidatedConfig {
  const tenant = normalizeOrgUrl(input.orgUrl ?? '');
  const apiToken = present(input.apiToken);
  const clientId = present(input.clientId);
  const privateKey = present(input.privateKey);
  const keyId = present(input.keyId);

  if (apiToken && (clientId || privateKey)) {
    throw badInput('give either apiToken, or clientId with privateKey, not both', apiToken && privateKey ? 'privateKey' : 'clientId');
  }
  if (apiToken) {
    if (keyId) throw badInput('keyId: only used with a private key, not with an API token', 'keyId');
    return { tenant, clientId: null, settings: { credentialKind: 'apiToken' }, credentials: { apiToken: normalizeApiToken(apiToken) } };
  }
  if (!clientId && !privateKey) {
    throw badInput('give an apiToken, or a clientId with a privateKey (OAuth service app)', 'apiToken');
  }
  if (!clientId) throw badInput('clientId: required with a privateKey (the service app\'s client id, 0oa…)', 'clientId');
  if (!privateKey) throw badInput('privateKey: required with a clientId (PEM PKCS#8 or JWK of the service app\'s key)', 'privateKey');
  if (!/^[A-Za-z0-9_-]{5,100}$/.test(clientId)) throw badInput('clientId: expected the service app\'s client id, e.g. 0oa1b2c3d4E5f6G7h8i9', 'clientId');
  if (keyId !== null && !/^[\x21-\x7e]{1,200}$/.test(keyId)) throw badInput('keyId: must be printable characters without spaces', 'keyId');
  const parsed = parsePrivateKey(privateKey);
  const kid = keyId ?? parsed.jwkKid;
  return {
    tenant,
    clientId,
    settings: { credentialKind: 'privateKey', ...(kid ? { keyId: kid } : {}) },
    credentials: { privateKey },
  };
}
