/** Nagle off on the driver's Bolt sockets (src/neo4j/no-delay.ts), and only on those. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { boltPort, noDelayOnBolt } from '../../src/neo4j/no-delay.js';

const servers: net.Server[] = [];
async function listen(): Promise<number> {
  const server = net.createServer((s) => s.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

let bolt: number;
let other: number;
beforeAll(async () => {
  [bolt, other] = await Promise.all([listen(), listen()]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('noDelayOnBolt', () => {
  it('reads the port of a Bolt URI', () => {
    expect(boltPort('bolt://127.0.0.1:7697')).toBe(7697);
    expect(boltPort('neo4j+s://db.example.com')).toBe(7687);
    expect(boltPort('bolt://[::1]:7688')).toBe(7688);
  });

  it('sets no delay on sockets opened to a Bolt port the way the driver opens them, and not on others', async () => {
    noDelayOnBolt(bolt);
    const spy = vi.spyOn(net.Socket.prototype, 'setNoDelay');
    try {
      const toBolt = net.connect(bolt, '127.0.0.1');
      expect(spy).toHaveBeenCalledTimes(1);
      const elsewhere = net.connect(other, '127.0.0.1');
      expect(spy).toHaveBeenCalledTimes(1);
      await Promise.all([toBolt, elsewhere].map((s) => new Promise((r) => s.on('close', r))));
    } finally {
      spy.mockRestore();
    }
  });
});
