/**
 * Every environment variable the product reads, parsed once into one typed object.
 * A bad value stops the process with a message naming the variable and what it expects.
 */
import { isIP } from 'node:net';
import path from 'node:path';

export type ApiRole = 'admin' | 'analyst';

export interface ApiKey {
  role: ApiRole;
  key: string;
}

export interface Config {
  port: number;
  host: string;
  neo4j: { uri: string; username: string | undefined; password: string | undefined; database: string | undefined };
  dataDir: string;
  /** Undefined when TWIN_API_KEYS is unset: open access, allowed on loopback only. */
  apiKeys: ApiKey[] | undefined;
  /** 32-byte key from TWIN_ENCRYPTION_KEY, or undefined to use the generated key file. */
  encryptionKey: Buffer | undefined;
  entra: { authorityHost: string; graphEndpoint: string };
  /** Extra CA certificates (PEM) trusted for outbound HTTPS, e.g. a corporate proxy's or the simulators'. */
  tlsCaFile: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Hard cap on any list argument `first`. */
  maxPageSize: number;
}

export class ConfigError extends Error {
  constructor(variable: string, expected: string, value?: string) {
    super(
      `${variable}${value === undefined ? '' : `=${JSON.stringify(value)}`} is invalid: expected ${expected}`,
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `an integer from ${min} to ${max}`, raw);
  }
  return n;
}

function httpsUrl(env: Env, name: string, fallback: string): string {
  const raw = str(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'an https:// URL', raw);
  }
  if (url.protocol !== 'https:') throw new ConfigError(name, 'an https:// URL', raw);
  return url.origin;
}

function neo4jUri(env: Env): string {
  const raw = str(env, 'NEO4J_URI') ?? 'bolt://127.0.0.1:7687';
  if (!/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^/\s]+/.test(raw)) {
    throw new ConfigError('NEO4J_URI', 'a bolt:// or neo4j:// URI (optionally +s or +ssc)', raw);
  }
  return raw;
}

/** `admin:KEY1,analyst:KEY2`: any number of keys, each with its role. */
export function parseApiKeys(raw: string): ApiKey[] {
  const expected = 'comma-separated role:key pairs, role admin or analyst, keys of 16+ characters';
  const keys = raw.split(',').map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const idx = pair.indexOf(':');
    const role = pair.slice(0, idx);
    const key = pair.slice(idx + 1);
    if (idx < 0 || (role !== 'admin' && role !== 'analyst') || key.length < 16) {
      // The value is a secret: never echo it.
      throw new ConfigError('TWIN_API_KEYS', expected);
    }
    return { role, key } as ApiKey;
  });
  if (keys.length === 0) throw new ConfigError('TWIN_API_KEYS', expected);
  return keys;
}

function encryptionKey(env: Env): Buffer | undefined {
  const raw = str(env, 'TWIN_ENCRYPTION_KEY');
  if (raw === undefined) return undefined;
  const expected = '32 bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)';
  const buf = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (buf.length !== 32) throw new ConfigError('TWIN_ENCRYPTION_KEY', expected);
  return buf;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

export function loadConfig(env: Env = process.env): Config {
  const host = str(env, 'HOST') ?? '127.0.0.1';
  if (host !== 'localhost' && isIP(host) === 0) throw new ConfigError('HOST', 'an IP address or localhost', host);
  const rawKeys = str(env, 'TWIN_API_KEYS');
  const apiKeys = rawKeys === undefined ? undefined : parseApiKeys(rawKeys);
  if (apiKeys === undefined && !isLoopback(host)) {
    throw new ConfigError(
      'TWIN_API_KEYS',
      `role:key pairs when HOST is not a loopback address (HOST=${host}); open access is allowed on loopback only`,
    );
  }
  const logLevel = str(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', LOG_LEVELS.join(', '), logLevel);
  }
  return {
    port: int(env, 'PORT', 4000, 0, 65535),
    host,
    neo4j: {
      uri: neo4jUri(env),
      username: str(env, 'NEO4J_USERNAME'),
      password: str(env, 'NEO4J_PASSWORD'),
      database: str(env, 'NEO4J_DATABASE'),
    },
    dataDir: path.resolve(str(env, 'TWIN_DATA_DIR') ?? '.data'),
    apiKeys,
    encryptionKey: encryptionKey(env),
    entra: {
      authorityHost: httpsUrl(env, 'ENTRA_AUTHORITY_HOST', 'https://login.microsoftonline.com'),
      graphEndpoint: httpsUrl(env, 'ENTRA_GRAPH_ENDPOINT', 'https://graph.microsoft.com'),
    },
    tlsCaFile: str(env, 'TWIN_TLS_CA_FILE'),
    logLevel: logLevel as Config['logLevel'],
    maxPageSize: int(env, 'TWIN_MAX_PAGE_SIZE', 500, 1, 10_000),
  };
}
