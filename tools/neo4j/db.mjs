#!/usr/bin/env node
// Local embedded Neo4j Community for development and tests.
//
//   node tools/neo4j/db.mjs start | stop | restart | reset | status
//
// NEO4J_BOLT_PORT  Bolt port on 127.0.0.1 (default 7687)
// NEO4J_DATA_DIR   Neo4j home: store, logs, pid file (default .data/neo4j, relative to the repo root)
// NEO4J_HEAP       JVM heap, -Xms and -Xmx (default 1g)
// NEO4J_PAGECACHE, NEO4J_TX_MEMORY_MAX, NEO4J_TX_MEMORY_PER_TX: read by Launcher.java (page cache, default 1g;
//                  transaction memory limits). The README's "Sizing Neo4j" says what a tenant of a given size
//                  needs. They apply when Neo4j starts: `stop` first to change them on a running one.
// NEO4J_JVM_OPTIONS More JVM options, space-separated (e.g. -XX:StartFlightRecording=... to profile Neo4j).
//
// `start` fetches the Neo4j jars with Maven (tools/neo4j/pom.xml -> tools/neo4j/lib, only when missing
// or stale), compiles tools/neo4j/Launcher.java (-> tools/neo4j/classes, only when missing or stale),
// starts it detached and waits until Bolt answers. Needs a JDK 17+ and Maven; the alternatives are
// `docker compose up neo4j` or pointing NEO4J_URI at an existing Neo4j.
// Files in the data dir: neo4j.pid (pid, port), neo4j.log (launcher + JVM output), logs/debug.log.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, parse as parsePath, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { boltAnswers as probeBolt } from './bolt.mjs';

const TOOL_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(TOOL_DIR, '..', '..');
const POM = join(TOOL_DIR, 'pom.xml');
const LAUNCHER_SRC = join(TOOL_DIR, 'Launcher.java');
const LIB_DIR = join(TOOL_DIR, 'lib');
const CLASSES_DIR = join(TOOL_DIR, 'classes');
const STAMP = '.stamp';

const DATA_DIR = resolve(ROOT, process.env.NEO4J_DATA_DIR?.trim() || join('.data', 'neo4j'));
const PID_FILE = join(DATA_DIR, 'neo4j.pid');
const LOG_FILE = join(DATA_DIR, 'neo4j.log');
const LOCK_FILE = join(DATA_DIR, 'start.lock');

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const DEFAULT_HEAP = '1g';
const INSTALL_HINT =
  'install a JDK 17+ (java, javac) and Maven (mvn) and put them on PATH, ' +
  'or run `docker compose up neo4j`, or set NEO4J_URI to an existing Neo4j';

const say = (msg) => console.log(`neo4j: ${msg}`);
const warn = (msg) => console.error(`neo4j: ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rel = (p) => {
  const r = relative(ROOT, p);
  return r === '' ? '.' : r.startsWith('..') ? p : r;
};

class Fatal extends Error {}

const MIB_PER_UNIT = { '': 1 / 2 ** 20, k: 1 / 1024, m: 1, g: 1024 };

/** A memory size from the environment, in the JVM's and Neo4j's notation (768m, 2g). */
function memorySize(name, fallback) {
  const raw = process.env[name]?.trim() || fallback;
  const m = /^(\d+)([kmg]?)$/i.exec(raw);
  if (!m || Number(m[1]) * MIB_PER_UNIT[m[2].toLowerCase()] < 64) {
    throw new Fatal(`${name} must be a size of at least 64m, such as 768m or 2g, got "${raw}"`);
  }
  return raw;
}

function javaOptions() {
  const heap = memorySize('NEO4J_HEAP', DEFAULT_HEAP);
  // Launcher.java reads these; checked here too for a clear message before Java starts.
  for (const name of ['NEO4J_PAGECACHE', 'NEO4J_TX_MEMORY_MAX', 'NEO4J_TX_MEMORY_PER_TX']) {
    if (process.env[name]?.trim()) memorySize(name, '');
  }
  return [
    // Initial = maximum heap, as Neo4j recommends (no resizing pauses; it warns otherwise).
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+ExitOnOutOfMemoryError',
    // Lets the page cache use direct buffers without its slower fallback (Neo4j's own start scripts pass it too).
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '-Dfile.encoding=UTF-8',
    ...(process.env.NEO4J_JVM_OPTIONS?.trim() ? process.env.NEO4J_JVM_OPTIONS.trim().split(/\s+/) : []),
  ];
}

function boltPort() {
  const raw = process.env.NEO4J_BOLT_PORT?.trim() || '7687';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Fatal(`NEO4J_BOLT_PORT must be a TCP port (1-65535), got "${raw}"`);
  }
  return port;
}

// ---------------------------------------------------------------- process helpers

function isAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (err.code !== 'EPERM') return false;
  }
  try {
    // A zombie still "exists" for kill(0); it is not running.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

/** True unless /proc shows that the pid belongs to something other than our Launcher (pid reuse). */
function looksLikeLauncher(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('Launcher');
  } catch {
    return true;
  }
}

function readPidFile() {
  let text;
  try {
    text = readFileSync(PID_FILE, 'utf8');
  } catch {
    return undefined;
  }
  const [pidLine, portLine] = text.split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || pid <= 0) return { pid: undefined, port: undefined };
  return { pid, port: Number.isInteger(port) && port > 0 ? port : undefined };
}

/** The live Launcher recorded in the pid file, or undefined (removing a stale pid file). */
function runningInstance() {
  const rec = readPidFile();
  if (!rec) return undefined;
  if (rec.pid && isAlive(rec.pid) && looksLikeLauncher(rec.pid)) return rec;
  rmSync(PID_FILE, { force: true });
  return undefined;
}

function findOnPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, cmd);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function requireTools(tools) {
  const missing = tools.filter((t) => !findOnPath(t));
  if (missing.length === 0 && tools.includes('java')) {
    const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
    const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
    const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
    if (major < 17) missing.push(`java 17+ (found ${m ? m[0].slice(9) : 'unknown version'})`);
  }
  if (missing.length > 0) {
    throw new Fatal(`cannot start a local Neo4j, missing ${missing.join(', ')}: ${INSTALL_HINT}.`);
  }
}

// ---------------------------------------------------------------- Bolt probe

let neo4jModule;
async function driverModule() {
  if (!neo4jModule) {
    try {
      neo4jModule = (await import('neo4j-driver')).default;
    } catch {
      throw new Fatal(`the neo4j-driver package is not installed; run \`npm ci\` in ${ROOT}`);
    }
  }
  return neo4jModule;
}

const boltAnswers = (port) => probeBolt(port, driverModule);

// ---------------------------------------------------------------- build (jars + Launcher)

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

function neo4jVersion(pomText) {
  const m = /<neo4j\.version>\s*([^<\s]+)\s*<\/neo4j\.version>/.exec(pomText);
  if (!m) throw new Fatal(`no <neo4j.version> in ${rel(POM)}`);
  return m[1];
}

function readStamp(dir) {
  try {
    return readFileSync(join(dir, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function jarsStamp() {
  const pomText = readFileSync(POM, 'utf8');
  const version = neo4jVersion(pomText);
  return { version, stamp: `neo4j ${version} pom ${sha256(pomText).slice(0, 16)}` };
}

const classesStamp = (libStamp) => `launcher ${sha256(readFileSync(LAUNCHER_SRC), libStamp).slice(0, 16)}`;

/** Which of java / javac / mvn this start needs: mvn only to fetch jars, javac only to compile. */
function neededTools() {
  const { stamp } = jarsStamp();
  const jarsFresh = readStamp(LIB_DIR) === stamp;
  const classesFresh =
    jarsFresh && readStamp(CLASSES_DIR) === classesStamp(stamp) && existsSync(join(CLASSES_DIR, 'Launcher.class'));
  return ['java', ...(classesFresh ? [] : ['javac']), ...(jarsFresh ? [] : ['mvn'])];
}

function ensureJars() {
  const { version, stamp } = jarsStamp();
  if (readStamp(LIB_DIR) === stamp) return stamp;

  say(`fetching Neo4j ${version} jars with Maven into ${rel(LIB_DIR)} (first run or pom changed)...`);
  const tmp = `${LIB_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const t0 = Date.now();
  const r = spawnSync(
    'mvn',
    ['-q', '-B', '-Dstyle.color=never', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`],
    { cwd: TOOL_DIR, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (r.error || r.status !== 0) {
    // -q keeps successful runs silent (bar stray ANSI resets), so only show output on failure.
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    rmSync(tmp, { recursive: true, force: true });
    throw new Fatal(`Maven could not fetch the Neo4j jars (${r.error?.message ?? `exit ${r.status}`}); see output above`);
  }
  const jars = readdirSync(tmp).filter((f) => f.endsWith('.jar'));
  if (!jars.some((f) => f === `neo4j-${version}.jar`)) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Fatal(`Maven finished but neo4j-${version}.jar is not in the output`);
  }
  writeFileSync(join(tmp, STAMP), `${stamp}\n`);
  replaceDir(tmp, LIB_DIR, stamp);
  say(`fetched ${jars.length} jars in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return stamp;
}

/** Move a freshly built dir into place; if a concurrent start got there first with the same stamp, keep that. */
function replaceDir(tmp, target, stamp) {
  rmSync(target, { recursive: true, force: true });
  try {
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (readStamp(target) !== stamp) throw err;
  }
}

function ensureClasses(libStamp) {
  const stamp = classesStamp(libStamp);
  if (readStamp(CLASSES_DIR) === stamp && existsSync(join(CLASSES_DIR, 'Launcher.class'))) return;

  say(`compiling ${rel(LAUNCHER_SRC)}...`);
  const tmp = `${CLASSES_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const r = spawnSync('javac', ['-nowarn', '-cp', join(LIB_DIR, '*'), '-d', tmp, LAUNCHER_SRC], {
    cwd: TOOL_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.error || r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Fatal(`javac failed (${r.error?.message ?? `exit ${r.status}`}); see output above`);
  }
  writeFileSync(join(tmp, STAMP), `${stamp}\n`);
  replaceDir(tmp, CLASSES_DIR, stamp);
}

// ---------------------------------------------------------------- log helpers

function logSize() {
  try {
    return statSync(LOG_FILE).size;
  } catch {
    return 0;
  }
}

/** The log written since fromOffset (at most the last 64 KiB). */
function logText(fromOffset) {
  try {
    const size = logSize();
    const start = Math.max(fromOffset, size - 64 * 1024);
    const fd = openSync(LOG_FILE, 'r');
    const buf = Buffer.alloc(Math.max(0, size - start));
    readSync(fd, buf, 0, buf.length, start);
    closeSync(fd);
    return buf.toString('utf8');
  } catch {
    return '';
  }
}

function printLogTail(fromOffset, lines = 40) {
  const text = logText(fromOffset);
  const tail = text.trimEnd().split('\n').slice(-lines);
  if (tail.length === 0 || (tail.length === 1 && tail[0] === '')) {
    warn(`(nothing in ${rel(LOG_FILE)})`);
    return;
  }
  warn(`last lines of ${rel(LOG_FILE)} (more in ${rel(join(DATA_DIR, 'logs', 'debug.log'))}):`);
  for (const line of tail) console.error(`  | ${line}`);
}

// ---------------------------------------------------------------- commands

async function waitForBolt(port, { pid, child, logOffset }) {
  let exited;
  child?.once('exit', (code, signal) => {
    exited = signal ?? `exit code ${code}`;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError;
  while (Date.now() < deadline) {
    if (exited || (!child && !isAlive(pid))) {
      rmSync(PID_FILE, { force: true });
      warn(`Neo4j (pid ${pid}) died during startup (${exited ?? 'exited'})`);
      printLogTail(logOffset);
      if (logText(logOffset).includes('Address already in use')) {
        warn(`port ${port} is taken by another program; free it or set NEO4J_BOLT_PORT`);
      }
      return false;
    }
    const probe = await boltAnswers(port);
    if (probe.ok) return true;
    lastError = probe.error;
    await sleep(500);
  }
  warn(
    `Bolt on 127.0.0.1:${port} did not answer within ${START_TIMEOUT_MS / 1000} s` +
      (lastError ? ` (last error: ${lastError.message})` : ''),
  );
  printLogTail(logOffset);
  warn(`stopping pid ${pid}`);
  await terminate(pid);
  rmSync(PID_FILE, { force: true });
  return false;
}

async function start() {
  const port = boltPort();
  mkdirSync(DATA_DIR, { recursive: true });
  await acquireStartLock();
  try {
    return await startLocked(port);
  } finally {
    rmSync(LOCK_FILE, { force: true });
  }
}

/** One `start` at a time per data dir, so parallel starts don't race for the port and the pid file. */
async function acquireStartLock() {
  const deadline = Date.now() + 2 * START_TIMEOUT_MS;
  let announced = false;
  for (;;) {
    try {
      writeFileSync(LOCK_FILE, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder;
    try {
      holder = Number(readFileSync(LOCK_FILE, 'utf8').trim());
    } catch {
      continue; // released meanwhile
    }
    if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
      rmSync(LOCK_FILE, { force: true }); // left behind by a start that was killed
      continue;
    }
    if (Date.now() > deadline) throw new Fatal(`another start (pid ${holder}) holds ${rel(LOCK_FILE)}`);
    if (!announced) say(`waiting for another start (pid ${holder}) to finish...`);
    announced = true;
    await sleep(500);
  }
}

async function startLocked(port) {
  const running = runningInstance();
  if (running) {
    const runPort = running.port ?? port;
    if (runPort !== port) {
      throw new Fatal(
        `a Neo4j for ${rel(DATA_DIR)} already runs on port ${runPort} (pid ${running.pid}), ` +
          `not ${port}; run \`node tools/neo4j/db.mjs stop\` first`,
      );
    }
    if ((await boltAnswers(port)).ok) {
      say(`already running (pid ${running.pid}) on bolt://127.0.0.1:${port}, data ${rel(DATA_DIR)}`);
      return 0;
    }
    say(`pid ${running.pid} is running but Bolt does not answer yet; waiting...`);
    const t0 = Date.now();
    if (!(await waitForBolt(port, { pid: running.pid, logOffset: 0 }))) return 1;
    say(`ready on bolt://127.0.0.1:${port} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return 0;
  }

  const other = await boltAnswers(port);
  if (other.ok) {
    say(
      `something already answers Bolt on 127.0.0.1:${port} (not started by this script` +
        `${other.authRequired ? ', requires auth' : ''}); using it. Set NEO4J_BOLT_PORT to start a separate one.`,
    );
    return 0;
  }

  const t0 = Date.now();
  const javaOpts = javaOptions();
  requireTools(neededTools());
  const libStamp = ensureJars();
  ensureClasses(libStamp);

  const logOffset = logSize();
  const logFd = openSync(LOG_FILE, 'a');
  writeFileSync(logFd, `---- ${new Date().toISOString()} db.mjs start (port ${port})\n`);
  const classpath = [CLASSES_DIR, join(LIB_DIR, '*')].join(delimiter);
  const child = spawn(
    'java',
    [...javaOpts, '-cp', classpath, 'Launcher', '--port', String(port), '--data-dir', DATA_DIR],
    { cwd: ROOT, detached: true, stdio: ['ignore', logFd, logFd], env: process.env },
  );
  closeSync(logFd);
  const spawnError = await new Promise((r) => {
    child.once('spawn', () => r(undefined));
    child.once('error', r);
  });
  if (spawnError) throw new Fatal(`could not run java: ${spawnError.message}`);
  child.unref();
  writeFileSync(PID_FILE, `${child.pid}\n${port}\n`);
  say(
    `starting Neo4j (pid ${child.pid}) on bolt://127.0.0.1:${port}, data ${rel(DATA_DIR)}, ` +
      `heap ${javaOpts[1].slice(4)}, page cache ${process.env.NEO4J_PAGECACHE?.trim() || '1g'}...`,
  );

  if (!(await waitForBolt(port, { pid: child.pid, child, logOffset }))) return 1;
  say(`ready on bolt://127.0.0.1:${port} in ${((Date.now() - t0) / 1000).toFixed(1)} s (no auth)`);
  return 0;
}

async function terminate(pid) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch (err) {
    if (err.code === 'ESRCH') return true;
    throw err;
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(200);
  }
  warn(`pid ${pid} did not exit within ${STOP_TIMEOUT_MS / 1000} s; sending SIGKILL`);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  return !isAlive(pid);
}

async function stop() {
  const rec = readPidFile();
  if (!rec) {
    say(`not running (no pid file in ${rel(DATA_DIR)})`);
    return 0;
  }
  if (!rec.pid || !isAlive(rec.pid) || !looksLikeLauncher(rec.pid)) {
    rmSync(PID_FILE, { force: true });
    say('not running (removed stale pid file)');
    return 0;
  }
  const t0 = Date.now();
  say(`stopping Neo4j (pid ${rec.pid})...`);
  if (!(await terminate(rec.pid))) {
    warn(`pid ${rec.pid} is still alive`);
    return 1;
  }
  rmSync(PID_FILE, { force: true });
  say(`stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

/** Refuse to rm -rf something that is obviously not a Neo4j data dir. */
function assertDeletable(dir) {
  const forbidden = [parsePath(dir).root, homedir(), ROOT, TOOL_DIR].map((p) => resolve(p));
  if (forbidden.includes(dir) || ROOT.startsWith(dir + sep)) {
    throw new Fatal(`refusing to delete ${dir} (NEO4J_DATA_DIR points at a root, home or repo directory)`);
  }
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir);
  const known = new Set(['data', 'logs', 'neo4j.log', 'neo4j.pid', 'start.lock', 'plugins', 'import', 'licenses', 'metrics']);
  const unknown = entries.filter((e) => !known.has(e));
  if (entries.length > 0 && !entries.includes('data') && !entries.includes('neo4j.log')) {
    throw new Fatal(`refusing to delete ${dir}: it does not look like a Neo4j data dir (${entries.slice(0, 5).join(', ')})`);
  }
  if (unknown.length > 0) {
    warn(`note: ${rel(dir)} also contains ${unknown.slice(0, 5).join(', ')}; deleting anyway`);
  }
}

async function reset() {
  assertDeletable(DATA_DIR);
  const stopped = await stop();
  if (stopped !== 0) return stopped;
  say(`deleting ${rel(DATA_DIR)}`);
  rmSync(DATA_DIR, { recursive: true, force: true });
  return start();
}

/** Stop and start again, e.g. so that new NEO4J_HEAP / NEO4J_PAGECACHE settings apply. */
async function restart() {
  const stopped = await stop();
  return stopped === 0 ? start() : stopped;
}

async function status() {
  const rec = runningInstance();
  if (!rec) {
    say(`not running (data ${rel(DATA_DIR)})`);
    return 0;
  }
  const port = rec.port ?? boltPort();
  const probe = await boltAnswers(port);
  say(
    `running (pid ${rec.pid}) on bolt://127.0.0.1:${port}, data ${rel(DATA_DIR)}` +
      (probe.ok ? '' : ' - but Bolt does not answer (starting up or unhealthy)'),
  );
  return 0;
}

// ---------------------------------------------------------------- main

const commands = { start, stop, restart, reset, status };
const cmd = process.argv[2];
if (!commands[cmd] || process.argv.length > 3) {
  console.error('usage: node tools/neo4j/db.mjs start | stop | restart | reset | status');
  process.exit(2);
}
let code;
try {
  code = await commands[cmd]();
} catch (err) {
  if (err instanceof Fatal) {
    warn(err.message);
  } else {
    console.error(err);
  }
  code = 1;
}
// Exit explicitly: a Bolt probe against a port held by something that is not Neo4j can leave
// sockets open inside neo4j-driver even after driver.close(), which would keep us alive.
process.exit(code);
