#!/usr/bin/env node
// Run a command with a Neo4j available:  node tools/with-neo4j.mjs <command> [args...]
//
// - NEO4J_URI set: run the command as is (you brought your own Neo4j).
// - otherwise, if Bolt answers on 127.0.0.1:${NEO4J_BOLT_PORT:-7687}: run the command.
// - otherwise: `node tools/neo4j/db.mjs start` first (the local embedded Neo4j is left running).
// When NEO4J_URI is unset the command gets NEO4J_URI=bolt://127.0.0.1:<port>.
// The command is looked up in node_modules/.bin first (e.g. `vitest run`, `tsx bench/run.ts`);
// stdio is inherited and we exit with the command's status.

import { spawn, spawnSync } from 'node:child_process';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as osConstants } from 'node:os';
import { boltAnswers } from './neo4j/bolt.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => console.error(`with-neo4j: ${msg}`);

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node tools/with-neo4j.mjs <command> [args...]');
  process.exit(2);
}

const env = { ...process.env };
env.PATH = [join(ROOT, 'node_modules', '.bin'), env.PATH].filter(Boolean).join(delimiter);

async function ensureNeo4j() {
  if (process.env.NEO4J_URI?.trim()) return 0;
  const port = process.env.NEO4J_BOLT_PORT?.trim() || '7687';
  env.NEO4J_URI = `bolt://127.0.0.1:${port}`;
  // Tells the tests this is the local launcher's database, which they may wipe.
  env.TWIN_LOCAL_NEO4J = '1';
  const probe = await boltAnswers(port);
  if (probe.ok) {
    if (probe.authRequired && !process.env.NEO4J_PASSWORD) {
      say(`the Neo4j on 127.0.0.1:${port} requires auth; set NEO4J_USERNAME and NEO4J_PASSWORD`);
    }
    return 0;
  }
  const r = spawnSync(process.execPath, [join(ROOT, 'tools', 'neo4j', 'db.mjs'), 'start'], {
    stdio: 'inherit',
    env: process.env,
  });
  if (r.error) {
    say(`could not run tools/neo4j/db.mjs: ${r.error.message}`);
    return 1;
  }
  return r.status ?? 1;
}

const started = await ensureNeo4j();
if (started !== 0) {
  say(`no Neo4j available; not running: ${[cmd, ...args].join(' ')}`);
  process.exit(started);
}

const child = spawn(cmd, args, { stdio: 'inherit', env });
const forward = (signal) => () => child.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward(signal));
child.on('error', (err) => {
  say(`could not run ${cmd}: ${err.message}`);
  process.exit(err.code === 'ENOENT' ? 127 : 1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (osConstants.signals[signal] ?? 1));
});
