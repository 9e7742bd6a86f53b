/**
 * measureWriteFloorBeside's child (write-floor.ts): replays argv[2] (a FloorOf) in NEO4J_URI once untimed, reads
 * the copies again, prints "ready", waits for "go" on stdin, replays them and prints the figures as one JSON line.
 */
import readline from 'node:readline';
import { loadConfig } from '../src/config.js';
import { createGraph } from '../src/neo4j/driver.js';
import { FLOORS, isFloorOf, measureWriteFloor, type FloorOf } from './write-floor.js';

const of = process.argv[2];
if (!isFloorOf(of)) {
  console.error(`write-floor-child: expected one of ${FLOORS.join(', ')}, got ${of}`);
  process.exit(2);
}
const floorOf: FloorOf = of;
const graph = createGraph(loadConfig({ NEO4J_URI: process.env.NEO4J_URI }).neo4j);
const input = readline.createInterface({ input: process.stdin });
try {
  // Once before, as the bench's own replays: the second meets a JIT-compiled driver and open connections.
  await measureWriteFloor(graph, floorOf);
  const figures = await measureWriteFloor(graph, floorOf, {
    beforeClock: async () => {
      process.stdout.write('ready\n');
      for await (const line of input) if (line === 'go') return;
      throw new Error('write-floor-child: stdin closed before "go"');
    },
  });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  input.close();
  await graph.close();
}
