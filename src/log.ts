/** Structured JSON logs. Secrets are redacted by key name wherever they appear in a logged object. */
import { pino, type Logger } from 'pino';

export type { Logger };

const SECRET_KEYS = [
  'clientSecret', 'client_secret', 'secret', 'apiToken', 'token', 'access_token', 'accessToken',
  'privateKey', 'private_key', 'password', 'authorization', 'Authorization', 'client_assertion', 'key',
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k.toLowerCase()}`]);

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'identity-twin' } },
    destination,
  );
}
