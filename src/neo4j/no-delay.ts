/**
 * Turns Nagle's algorithm off on the Neo4j driver's sockets.
 *
 * The JavaScript driver (5.x) leaves it on (Neo4j's Python driver sets TCP_NODELAY), and a Bolt exchange
 * writes a request in more than one segment: with Nagle on, a later segment waits for the server's delayed
 * ACK, up to 40 ms on Linux, and a read that should take a few milliseconds takes 40 more. Measured on a
 * 100k-people twin: the explorer's four edge reads of a page of 50 people took 55 ms together with Nagle on,
 * 14 ms with it off. The driver has no option for it, so the sockets it opens to the Bolt ports the twin is
 * configured with get setNoDelay(true) as they are created (plain and TLS); other sockets are left alone.
 */
import net from 'node:net';
import tls from 'node:tls';

const boltPorts = new Set<number>();
let installed = false;

/** The port of a bolt:// or neo4j:// URI (7687 when none is given). */
export function boltPort(uri: string): number {
  const port = new URL(uri.replace(/^[a-z+]+:\/\//i, 'http://')).port;
  return port === '' ? 7687 : Number(port);
}

/** From now on, sockets this process opens to `port` (the driver's connect(port, host, …)) have no delay. */
export function noDelayOnBolt(port: number): void {
  boltPorts.add(port);
  if (installed) return;
  installed = true;
  for (const mod of [net, tls]) {
    const original = mod.connect;
    Object.defineProperty(mod, 'connect', {
      configurable: true,
      writable: true,
      value: function connect(...args: unknown[]): net.Socket {
        const socket: net.Socket = Reflect.apply(original, mod, args);
        if (typeof args[0] === 'number' && boltPorts.has(args[0])) socket.setNoDelay(true);
        return socket;
      },
    });
  }
}
