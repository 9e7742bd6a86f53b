/**
 * `configureEntraId` input → what is stored: the tenant (GUID or verified domain, lower-cased), the client
 * id, and the secret sealed. Messages name the field and never echo the secret.
 */
import { badInput } from '../../errors.js';
import type { EntraConfigValues, ValidatedConfig } from '../connector.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A DNS name with at least two labels, e.g. contoso.onmicrosoft.com or contoso.com. */
const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function validateEntraConfig(input: EntraConfigValues): ValidatedConfig {
  const tenant = (input.tenantId ?? '').trim().toLowerCase();
  if (tenant === '') throw badInput('tenantId: required (the directory (tenant) id or a verified domain)', 'tenantId');
  if (['common', 'organizations', 'consumers'].includes(tenant)) {
    throw badInput(`tenantId: "${tenant}" is a multi-tenant alias; give your tenant's id or a verified domain`, 'tenantId');
  }
  if (!isGuid(tenant) && !DOMAIN.test(tenant)) {
    throw badInput(
      'tenantId: expected the directory (tenant) id, a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47, or a verified domain like contoso.onmicrosoft.com',
      'tenantId',
    );
  }
  const clientId = (input.clientId ?? '').trim().toLowerCase();
  if (!isGuid(clientId)) {
    throw badInput("clientId: expected the app registration's application (client) id, a GUID", 'clientId');
  }
  // Entra secrets never contain whitespace; what surrounds a pasted one is a copy-paste accident.
  const clientSecret = (input.clientSecret ?? '').trim();
  if (clientSecret === '') throw badInput('clientSecret: required (the Value of a client secret of the app registration)', 'clientSecret');
  if (isGuid(clientSecret)) {
    throw badInput("clientSecret: this looks like the secret's ID; paste the secret's Value instead", 'clientSecret');
  }
  return { tenant, clientId, settings: {}, credentials: { clientSecret } };
}
