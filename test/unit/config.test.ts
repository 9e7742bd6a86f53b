import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseApiKeys } from '../../src/config.js';

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      neo4j: { uri: 'bolt://127.0.0.1:7687' },
      apiKeys: undefined,
      entra: { authorityHost: 'https://login.microsoftonline.com', graphEndpoint: 'https://graph.microsoft.com' },
      logLevel: 'info',
      scheduler: { enabled: true, tickMs: 15_000, minuteMs: 60_000 },
    });
    expect(c.dataDir.endsWith('.data')).toBe(true);
  });

  it.each([
    ['PORT', 'abc', /PORT="abc" is invalid: expected an integer/],
    ['PORT', '70000', /PORT/],
    ['NEO4J_URI', 'http://x', /NEO4J_URI.*bolt/],
    ['ENTRA_AUTHORITY_HOST', 'http://login.example', /ENTRA_AUTHORITY_HOST.*https/],
    ['ENTRA_GRAPH_ENDPOINT', 'nonsense', /ENTRA_GRAPH_ENDPOINT/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['HOST', 'not a host', /HOST/],
    ['TWIN_ENCRYPTION_KEY', 'short', /TWIN_ENCRYPTION_KEY.*32 bytes/],
    ['TWIN_SCHEDULER', 'sometimes', /TWIN_SCHEDULER="sometimes" is invalid: expected on or off/],
    ['TWIN_SCHEDULER_TICK_SECONDS', '0', /TWIN_SCHEDULER_TICK_SECONDS.*from 1 to 3600/],
    ['TWIN_SCHEDULE_MINUTE_MS', '120000', /TWIN_SCHEDULE_MINUTE_MS.*from 100 to 60000/],
  ])('names %s when its value is bad', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('turns the scheduler off with TWIN_SCHEDULER=off, and reads its tick in seconds', () => {
    expect(loadConfig({ TWIN_SCHEDULER: 'off', TWIN_SCHEDULER_TICK_SECONDS: '2' }).scheduler).toEqual({ enabled: false, tickMs: 2_000, minuteMs: 60_000 });
    expect(loadConfig({ TWIN_SCHEDULER: 'ON' }).scheduler.enabled).toBe(true);
  });

  it('parses any number of role:key pairs and never echoes a key in errors', () => {
    expect(parseApiKeys('admin:aaaaaaaaaaaaaaaa, analyst:bbbbbbbbbbbbbbbb,analyst:cccccccccccccccc')).toHaveLength(3);
    try {
      parseApiKeys('root:supersecretvalue123456');
      expect.unreachable();
    } catch (err) {
      expect(String(err)).toMatch(/TWIN_API_KEYS/);
      expect(String(err)).not.toContain('supersecretvalue123456');
    }
  });

  it('accepts a hex or base64 encryption key of 32 bytes', () => {
    expect(loadConfig({ TWIN_ENCRYPTION_KEY: 'a'.repeat(64) }).encryptionKey?.length).toBe(32);
    expect(loadConfig({ TWIN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).encryptionKey?.length).toBe(32);
  });

  it('refuses open access on a non-loopback address', () => {
    expect(() => loadConfig({ HOST: '10.1.2.3' })).toThrow(/TWIN_API_KEYS/);
    expect(loadConfig({ HOST: '::1' }).apiKeys).toBeUndefined();
  });
});
