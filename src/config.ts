/**
 * Every environment variable the product reads, parsed once into one typed object.
 * A bad value stops the process with a message naming the variable and what it expects.
 */
import { isIP } from 'node:net';
import path from 'node:path';

export type ApiRole = 'admin' | 'analyst';

export interface ApiKey {
  /** Who holds it, as logs and the audit trail name it (never the key itself). */
  name: string;
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
  /** Keys credentials may still be sealed with (TWIN_ENCRYPTION_KEY_PREVIOUS, comma-separated): re-sealed at start-up. */
  previousEncryptionKeys: Buffer[];
  entra: { authorityHost: string; graphEndpoint: string };
  /** Extra CA certificates (PEM) trusted for outbound HTTPS, e.g. a corporate proxy's or the simulators'. */
  tlsCaFile: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Hard cap on any list argument `first`. */
  maxPageSize: number;
  /** Schema introspection for key holders (TWIN_INTROSPECTION, default on); never without a key. */
  introspection: boolean;
  /** Longest a read transaction serving the API may run (TWIN_QUERY_TIMEOUT_MS, default 10 s). */
  queryTimeoutMs: number;
  /** Requests a minute each API key may make (TWIN_RATE_LIMIT_PER_MINUTE, default 600). */
  rateLimitPerMinute: number;
  /** A sync's lease in Neo4j expires this long after its holder's last heartbeat (TWIN_SYNC_LEASE_SECONDS, default 45). */
  syncLeaseSeconds: number;
  /** Longest a sync run may take (TWIN_SYNC_DEADLINE_MINUTES, default 240); then its unfinished data sets fail. */
  syncDeadlineMinutes: number;
  /** Sync schedules (setSyncSchedule): whether this replica starts scheduled runs, and how often it looks. */
  scheduler: SchedulerConfig;
}

export interface SchedulerConfig {
  /** TWIN_SCHEDULER=off: this replica never starts a scheduled run (the others still do). */
  enabled: boolean;
  /** How often this replica looks for a due schedule (TWIN_SCHEDULER_TICK_SECONDS, default 15). */
  tickMs: number;
  /**
   * The length of a schedule's minute (TWIN_SCHEDULE_MINUTE_MS, default 60000). Tests only: it lets a test
   * run "every 5 minutes" in seconds without faking the clock of separate replica processes.
   */
  minuteMs: number;
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

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, 'true or false', raw);
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, 'on or off', raw);
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

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * `name:role:key` or `role:key` entries, comma-separated: `ci-bot:admin:KEY1,analyst:KEY2`. A key without
 * a name is called `<role>-<n>` (its position), so logs and the audit trail can still tell keys apart.
 */
export function parseApiKeys(raw: string): ApiKey[] {
  const expected = 'comma-separated name:role:key or role:key entries; role admin or analyst; names of letters, digits and ._@-; keys of 16+ characters';
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  const keys = entries.map((entry, i): ApiKey => {
    const parts = entry.split(':');
    const [first, second] = parts;
    const named = first !== 'admin' && first !== 'analyst';
    const role = named ? second : first;
    const key = parts.slice(named ? 2 : 1).join(':');
    const name = named ? first : `${role}-${i + 1}`;
    if ((role !== 'admin' && role !== 'analyst') || !name || !KEY_NAME.test(name) || key.length < 16) {
      // The value holds secrets: never echo it.
      throw new ConfigError('TWIN_API_KEYS', expected);
    }
    return { name, role, key };
  });
  if (keys.length === 0) throw new ConfigError('TWIN_API_KEYS', expected);
  if (new Set(keys.map((k) => k.name)).size !== keys.length) throw new ConfigError('TWIN_API_KEYS', 'a distinct name for every key');
  return keys;
}

const KEY_EXPECTED = '32 bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)';

function parseKey(name: string, raw: string): Buffer {
  const buf = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  // The value is a secret: never echo it.
  if (buf.length !== 32) throw new ConfigError(name, KEY_EXPECTED);
  return buf;
}

function encryptionKey(env: Env): Buffer | undefined {
  const raw = str(env, 'TWIN_ENCRYPTION_KEY');
  return raw === undefined ? undefined : parseKey('TWIN_ENCRYPTION_KEY', raw);
}

function previousEncryptionKeys(env: Env): Buffer[] {
  const raw = str(env, 'TWIN_ENCRYPTION_KEY_PREVIOUS');
  if (raw === undefined) return [];
  return raw.split(',').map((k) => k.trim()).filter(Boolean).map((k) => parseKey('TWIN_ENCRYPTION_KEY_PREVIOUS', `${k}`));
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
    previousEncryptionKeys: previousEncryptionKeys(env),
    entra: {
      authorityHost: httpsUrl(env, 'ENTRA_AUTHORITY_HOST', 'https://login.microsoftonline.com'),
      graphEndpoint: httpsUrl(env, 'ENTRA_GRAPH_ENDPOINT', 'https://graph.microsoft.com'),
    },
    tlsCaFile: str(env, 'TWIN_TLS_CA_FILE'),
    logLevel: logLevel as Config['logLevel'],
    maxPageSize: int(env, 'TWIN_MAX_PAGE_SIZE', 500, 1, 10_000),
    introspection: bool(env, 'TWIN_INTROSPECTION', true),
    queryTimeoutMs: int(env, 'TWIN_QUERY_TIMEOUT_MS', 10_000, 100, 600_000),
    rateLimitPerMinute: int(env, 'TWIN_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    syncLeaseSeconds: int(env, 'TWIN_SYNC_LEASE_SECONDS', 45, 2, 3600),
    syncDeadlineMinutes: int(env, 'TWIN_SYNC_DEADLINE_MINUTES', 240, 1, 10_080),
    scheduler: {
      enabled: onOff(env, 'TWIN_SCHEDULER', true),
      tickMs: int(env, 'TWIN_SCHEDULER_TICK_SECONDS', 15, 1, 3600) * 1000,
      minuteMs: int(env, 'TWIN_SCHEDULE_MINUTE_MS', 60_000, 100, 60_000),
    },
  };
}
