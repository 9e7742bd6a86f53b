#!/usr/bin/env node
// `npm run docker:dry-run`: builds the Dockerfile's image without a Docker engine, as far as a plain
// machine allows, and checks what would be in it.
//
// It reads Dockerfile and .dockerignore (it does not keep its own copy of the steps): the build context
// is this repository filtered by .dockerignore; every stage is a folder standing in for the stage's
// filesystem; COPY copies what the COPY lines copy (from the context or --from another stage); RUN runs
// the same command with `sh -c` in the stage's WORKDIR with the stage's ENV. Then it checks the final
// stage (only dist/, console/dist, package files and node_modules; no devDependency of package-lock.json; no dev/,
// test/ or TypeScript source; no import of a package outside "dependencies"), starts its CMD with its
// ENV (HOST and PORT overridden to a free loopback port) against the Neo4j in NEO4J_URI, runs its
// HEALTHCHECK command, sends a GraphQL query and stops it with SIGTERM.
//
// What it cannot check: the base image itself (this runs the host's node and npm; DRY_RUN_NODE=/path/to/node
// runs another Node, e.g. the image's major version), file ownership and USER (chown is a logged no-op
// here), and VOLUME/EXPOSE. Downloads the production dependencies from the npm registry (npm's cache
// helps). KEEP=1 keeps the temp folder.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { escapingImports, undeclaredImports } from './imports.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const t0 = Date.now();
const say = (msg) => console.log(`docker:dry-run: ${msg}`);
const failures = [];
function check(ok, what, detail = '') {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? ` (${detail})` : ''}`);
  if (!ok) failures.push(what);
}
function die(msg) {
  console.error(`docker:dry-run: ${msg}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------
// Dockerfile

/** Splits a line into words, honouring "double", 'single' quotes and backslash escapes (for ENV). */
function words(text) {
  const out = [];
  let cur = '';
  let quote = null;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      any = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      any = true;
    } else if (/\s/.test(c)) {
      if (any || cur) out.push(cur);
      cur = '';
      any = false;
    } else {
      cur += c;
      any = true;
    }
  }
  if (any || cur) out.push(cur);
  return out;
}

/** Instructions of a Dockerfile: comments dropped, continuation lines joined. */
function parseDockerfile(text) {
  const lines = text.split('\n').filter((l) => !/^\s*#/.test(l));
  const instructions = [];
  let buf = '';
  for (const line of lines) {
    if (/\\\s*$/.test(line)) {
      buf += line.replace(/\\\s*$/, ' ');
      continue;
    }
    buf += line;
    if (buf.trim()) {
      const m = /^\s*(\w+)\s*(.*)$/s.exec(buf);
      if (!m) die(`cannot parse Dockerfile line: ${buf}`);
      instructions.push({ op: m[1].toUpperCase(), args: m[2].trim() });
    }
    buf = '';
  }
  return instructions;
}

function substitute(text, vars) {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (all, a, b) => vars[a ?? b] ?? all);
}

/** ["exec", "form"] or a shell command. */
function commandOf(args) {
  return args.startsWith('[') ? { exec: JSON.parse(args) } : { shell: args };
}

/** Leading --flag=value options of COPY/HEALTHCHECK. */
function flags(args) {
  const opts = {};
  let rest = args;
  for (let m; (m = /^--([\w-]+)=(\S+)\s+/.exec(rest)); rest = rest.slice(m[0].length)) opts[m[1]] = m[2];
  return { opts, rest };
}

// ---------------------------------------------------------------------------------------------------
// .dockerignore (Docker's rules: Go filepath.Match globs plus **, `!` exceptions, last match wins, a
// pattern matching a parent folder matches what is inside it)

function ignoreRules(text) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = path.posix.normalize((negate ? l.slice(1) : l).trim()).replace(/^\/+|\/+$/g, '');
      const re = pattern
        .split('/')
        .map((seg) => (seg === '**' ? '.*' : seg.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
        .join('/')
        .replace(/\.\*\//g, '(?:.*/)?');
      return { negate, pattern, re: new RegExp(`^${re}$`) };
    });
}

function ignored(rules, rel) {
  const parts = rel.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let out = false;
  for (const rule of rules) if (candidates.some((c) => rule.re.test(c))) out = !rule.negate;
  return out;
}

/** Copies the repository into `dest` as Docker would send it: filtered by .dockerignore. */
function buildContext(rules, dest) {
  const files = [];
  const walk = (rel) => {
    for (const entry of readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      const skip = ignored(rules, r);
      if (entry.isDirectory()) {
        // Like Docker: only look inside an excluded folder when an exception could re-include something there.
        if (!skip || rules.some((x) => x.negate && (x.pattern.startsWith(`${r}/`) || x.pattern.includes('**')))) walk(r);
      } else if (!skip && (entry.isFile() || entry.isSymbolicLink())) {
        mkdirSync(path.join(dest, rel), { recursive: true });
        cpSync(path.join(ROOT, r), path.join(dest, r));
        files.push(r);
      }
    }
  };
  walk('');
  return files;
}

// ---------------------------------------------------------------------------------------------------
// processes

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function du(dir) {
  let bytes = 0;
  let files = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        bytes += statSync(full).size;
        files++;
      }
    }
  };
  walk(dir);
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB in ${files} files`;
}

// ---------------------------------------------------------------------------------------------------

const dockerfile = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
const rules = ignoreRules(readFileSync(path.join(ROOT, '.dockerignore'), 'utf8'));
const work = mkdtempSync(path.join(tmpdir(), 'twin-docker-dry-run-'));
const cleanup = () => {
  if (process.env.KEEP === '1') say(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanup);

// RUN gets the stage's ENV, the chosen node first on PATH, and a chown that only says what it skipped
// (the image's `node` user does not exist here).
const shims = path.join(work, 'shims');
mkdirSync(shims);
writeFileSync(path.join(shims, 'chown'), '#!/bin/sh\necho "docker:dry-run: chown $* (skipped: ownership is not checked here)"\n');
chmodSync(path.join(shims, 'chown'), 0o755);
const nodeBin = process.env.DRY_RUN_NODE ? path.resolve(process.env.DRY_RUN_NODE) : process.execPath;
const basePath = [shims, path.dirname(nodeBin), process.env.PATH].join(path.delimiter);
const nodeVersion = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: basePath } }).stdout.trim();

say(`Dockerfile: ${dockerfile.length} instructions; work folder ${work}`);
const context = path.join(work, 'context');
const contextFiles = buildContext(rules, context);
const top = [...new Set(contextFiles.map((f) => f.split('/')[0]))].sort();
say(`build context: ${contextFiles.length} files: ${top.join(', ')}`);
for (const p of ['node_modules', '.data', '.env', '.git', 'dev', 'test', 'bench', 'tools', 'dist', 'docs', 'coverage']) {
  check(!top.includes(p), `.dockerignore keeps ${p} out of the context`);
}

const args = {};
const stages = [];
let stage;
const abs = (p) => path.join(stage.root, p);
const inStage = (p) => (p.startsWith('/') ? abs(p) : path.join(abs(stage.workdir), p));

for (const [i, { op, args: raw }] of dockerfile.entries()) {
  const label = stage ? `[${stage.name} ${i + 1}/${dockerfile.length}]` : `[${i + 1}/${dockerfile.length}]`;
  const vars = { ...args, ...(stage?.env ?? {}) };
  switch (op) {
    case 'ARG': {
      const [name, ...value] = raw.split('=');
      if (!(name in args) || value.length) args[name] = process.env[`DRY_RUN_ARG_${name}`] ?? value.join('=');
      break;
    }
    case 'FROM': {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(substitute(raw, args));
      if (!m) die(`FROM ${raw}`);
      const name = m[2] ?? String(stages.length);
      stage = { name, image: m[1], root: path.join(work, 'stages', name), workdir: '/', env: {}, user: 'root', cmd: undefined, healthcheck: undefined };
      mkdirSync(stage.root, { recursive: true });
      stages.push(stage);
      say(`${label} FROM ${stage.image} AS ${name}`);
      break;
    }
    case 'WORKDIR':
      stage.workdir = path.posix.resolve(stage.workdir, substitute(raw, vars));
      mkdirSync(abs(stage.workdir), { recursive: true });
      break;
    case 'ENV': {
      const ws = words(raw);
      if (ws.length >= 2 && !ws[0].includes('=')) stage.env[ws[0]] = substitute(raw.slice(raw.indexOf(ws[0]) + ws[0].length).trim(), vars);
      else for (const w of ws) {
        const at = w.indexOf('=');
        stage.env[w.slice(0, at)] = substitute(w.slice(at + 1), vars);
      }
      break;
    }
    case 'COPY': {
      const { opts, rest } = flags(raw);
      const parts = rest.startsWith('[') ? JSON.parse(rest) : words(substitute(rest, vars));
      const dest = parts.pop();
      const from = opts.from ? stages.find((s) => s.name === opts.from) : undefined;
      if (opts.from && !from) die(`COPY --from=${opts.from}: no such stage`);
      say(`${label} COPY ${rest}${opts.from ? ` (from ${opts.from})` : ''}`);
      for (const src of parts) {
        if (/[*?[]/.test(src)) die(`COPY ${src}: wildcards are not supported by the dry run`);
        const source = from ? path.join(from.root, src) : path.join(context, src);
        if (!existsSync(source)) die(`COPY ${src}: not in ${from ? `stage ${from.name}` : 'the build context (see .dockerignore)'}`);
        const target = inStage(dest);
        const into = dest.endsWith('/') || parts.length > 1 ? path.join(target, path.basename(src)) : target;
        mkdirSync(path.dirname(into), { recursive: true });
        cpSync(source, into, { recursive: true, verbatimSymlinks: true });
      }
      break;
    }
    case 'RUN': {
      const cmd = commandOf(raw);
      say(`${label} RUN ${raw}`);
      const started = Date.now();
      const env = { PATH: basePath, HOME: process.env.HOME ?? work, ...args, ...stage.env };
      const r = cmd.exec
        ? spawnSync(cmd.exec[0], cmd.exec.slice(1), { cwd: abs(stage.workdir), env, stdio: 'inherit' })
        : spawnSync('sh', ['-c', cmd.shell], { cwd: abs(stage.workdir), env, stdio: 'inherit' });
      if (r.status !== 0) die(`${label} RUN ${raw}: exit ${r.status ?? r.signal}`);
      say(`${label} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      break;
    }
    case 'USER':
      stage.user = substitute(raw, vars);
      break;
    case 'CMD':
      stage.cmd = commandOf(raw);
      break;
    case 'HEALTHCHECK': {
      const { opts, rest } = flags(raw);
      if (!/^CMD\s/i.test(rest)) die(`HEALTHCHECK ${raw}: expected CMD`);
      stage.healthcheck = { opts, cmd: commandOf(rest.replace(/^CMD\s+/i, '')) };
      break;
    }
    case 'EXPOSE':
    case 'VOLUME':
    case 'LABEL':
      break;
    default:
      die(`the dry run does not know the ${op} instruction; teach tools/docker/dry-run.mjs before using it`);
  }
}

// ---------------------------------------------------------------------------------------------------
// the final stage: what the image would hold

const image = stages.at(-1);
const app = abs(image.workdir);
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
console.log();
say(`final stage "${image.name}" (${image.image}), WORKDIR ${image.workdir}, USER ${image.user}`);
const entries = readdirSync(app).sort();
console.log(`  ${image.workdir}: ${entries.join(', ')}`);
console.log(`  dist: ${du(path.join(app, 'dist'))}; node_modules: ${du(path.join(app, 'node_modules'))}`);
check(entries.every((e) => ['dist', 'console', 'node_modules', 'package.json', 'package-lock.json', '.data'].includes(e)), 'only dist/, console/, node_modules/, package files and .data in the app folder');
// The admin console: only its built static files (no source, no node_modules of its own).
const consoleEntries = existsSync(path.join(app, 'console')) ? readdirSync(path.join(app, 'console')) : [];
check(consoleEntries.length === 1 && consoleEntries[0] === 'dist', 'console/ holds only the built dist/', consoleEntries.join(', '));
check(existsSync(path.join(app, 'console', 'dist', 'index.html')), 'console/dist/index.html exists');
const consoleFiles = [];
const walkConsole = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walkConsole(path.join(d, e.name));
    else consoleFiles.push(e.name);
  }
};
if (existsSync(path.join(app, 'console', 'dist'))) walkConsole(path.join(app, 'console', 'dist'));
check(consoleFiles.every((f) => /\.(html|js|css|svg|png|ico|woff2?)$/.test(f)), 'console/dist holds only static files (html, js, css, images)', consoleFiles.filter((f) => !/\.(html|js|css|svg|png|ico|woff2?)$/.test(f)).slice(0, 3).join(', '));
check(existsSync(path.join(app, 'dist', 'main.js')), 'dist/main.js exists');
const stray = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const full = path.join(d, e.name);
    if (e.isDirectory()) walk(full);
    else if (/\.(ts|mts|cts)$/.test(e.name) && !/\.d\.(m|c)?ts$/.test(e.name)) stray.push(path.relative(app, full));
  }
};
walk(path.join(app, 'dist'));
check(stray.length === 0, 'no TypeScript source in dist/', stray.slice(0, 3).join(', '));
check(!['dev', 'test', 'src', 'bench', 'tools'].some((d) => existsSync(path.join(app, 'dist', d))), 'no dev/, test/, bench/ or tools/ compiled into dist/');

const devOnly = Object.entries(lock.packages ?? {}).filter(([p, meta]) => p && meta.dev === true).map(([p]) => p);
const present = devOnly.filter((p) => existsSync(path.join(app, p)));
check(present.length === 0, `none of the lockfile's ${devOnly.length} dev-only packages installed`, present.slice(0, 5).join(', '));
for (const name of ['tsx', 'vitest', 'typescript', 'node-forge', 'eslint', '@graphql-codegen/cli', 'esbuild']) {
  check(!existsSync(path.join(app, 'node_modules', name)), `node_modules has no ${name}`);
}
const prod = Object.entries(lock.packages ?? {}).filter(([p, m]) => p.startsWith('node_modules/') && !m.dev && !m.devOptional && !m.optional && !m.peer);
const missing = prod.filter(([p]) => !existsSync(path.join(app, p))).map(([p]) => p);
check(missing.length === 0, `all ${prod.length} production packages of the lockfile installed`, missing.slice(0, 5).join(', '));
const undeclared = undeclaredImports(path.join(app, 'dist'), pkg);
check(undeclared.length === 0, 'dist/ imports only Node builtins and "dependencies"', undeclared.map((u) => `${u.specifier} in ${u.files[0]}`).join(', '));
const escaping = escapingImports(path.join(app, 'dist'));
check(escaping.length === 0, 'dist/ imports nothing outside dist/', escaping.map((u) => `${u.specifier} in ${u.file}`).join(', '));

check(image.env.NODE_ENV === 'production', 'ENV NODE_ENV=production', `NODE_ENV=${image.env.NODE_ENV}`);
check(image.user !== 'root' && image.user !== '0', 'runs as a non-root USER', image.user);
check(Boolean(image.healthcheck), 'has a HEALTHCHECK');
const cmd = image.cmd?.exec;
check(Array.isArray(cmd) && cmd[0] === 'node' && !cmd.some((a) => /tsx|npm|ts-node/.test(a)), 'CMD is node on compiled JavaScript (exec form, no npm or tsx)', JSON.stringify(cmd));

// ---------------------------------------------------------------------------------------------------
// start the CMD and probe it

const port = await freePort();
const key = randomBytes(18).toString('hex');
const runEnv = {
  PATH: basePath,
  ...image.env,
  // Loopback and a free port here; the image listens on 0.0.0.0:4000.
  HOST: '127.0.0.1',
  PORT: String(port),
  TWIN_API_KEYS: `admin:${key}`,
  NEO4J_URI: process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
  ...(process.env.NEO4J_USERNAME ? { NEO4J_USERNAME: process.env.NEO4J_USERNAME } : {}),
  ...(process.env.NEO4J_PASSWORD ? { NEO4J_PASSWORD: process.env.NEO4J_PASSWORD } : {}),
  ...(process.env.NEO4J_DATABASE ? { NEO4J_DATABASE: process.env.NEO4J_DATABASE } : {}),
};
console.log();
say(`CMD ${JSON.stringify(cmd)} with ${nodeBin === process.execPath ? 'this' : 'DRY_RUN_NODE'} node ${nodeVersion} (npm ${npmVersion}); the image is ${image.image}`);
const imageMajor = /node:(\d+)/.exec(image.image)?.[1];
if (imageMajor && `v${imageMajor}` !== nodeVersion.split('.')[0]) {
  say(`note: node ${nodeVersion} here, ${imageMajor}.x in the image: set DRY_RUN_NODE to a Node ${imageMajor} binary to run the image's major`);
}
const resolveBin = (exe) => (exe === 'node' ? nodeBin : exe);
const server = spawn(resolveBin(cmd[0]), cmd.slice(1), { cwd: app, env: runEnv, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
server.stdout.on('data', (d) => (log += d));
server.stderr.on('data', (d) => (log += d));
const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
const base = `http://127.0.0.1:${port}`;
const started = Date.now();
let healthy = false;
while (Date.now() - started < 60_000 && server.exitCode === null) {
  healthy = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
  if (healthy) break;
  await new Promise((r) => setTimeout(r, 250));
}
check(healthy, `GET /healthz answers 200`, `${Date.now() - started} ms after start`);
if (healthy) {
  const hc = image.healthcheck.cmd;
  const h = hc.exec
    ? spawnSync(resolveBin(hc.exec[0]), hc.exec.slice(1), { env: runEnv, encoding: 'utf8', timeout: 10_000 })
    : spawnSync('sh', ['-c', hc.shell], { env: runEnv, encoding: 'utf8', timeout: 10_000 });
  check(h.status === 0, 'the HEALTHCHECK command exits 0', `exit ${h.status ?? h.signal}`);
  const ready = await fetch(`${base}/readyz`);
  check(ready.status === 200, 'GET /readyz answers 200 (Neo4j reachable, migrations applied)', await ready.text());
  const gql = async (query, auth = true) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, body: await res.json() };
  };
  const q = await gql('{ people(first: 1) { totalCount } identityPosture { crossIdp { inBoth onlyInEntra onlyInOkta } } }');
  check(typeof q.body.data?.people?.totalCount === 'number' && !q.body.errors, 'a GraphQL query answers', JSON.stringify(q.body).slice(0, 160));
  const anon = await gql('{ people(first: 1) { totalCount } }', false);
  check(anon.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED', 'a request without a key is refused', anon.body.errors?.[0]?.extensions?.code);
  const page = await fetch(`${base}/`);
  check(page.status === 200 && (page.headers.get('content-type') ?? '').includes('text/html') && /<div id="root">/.test(await page.text()), 'GET / serves the admin console');
  const deep = await fetch(`${base}/people/some-id`);
  check(deep.status === 200 && (deep.headers.get('content-type') ?? '').includes('text/html'), 'a console path (GET /people/some-id) gets index.html');
  const malformed = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": oops' });
  const text = await malformed.text();
  check(malformed.status === 400 && !/SyntaxError|JSON\.parse|node_modules/.test(text), 'a malformed body gets a 400 without a stack trace (NODE_ENV=production reached Express)', `${malformed.status}`);
}
server.kill('SIGTERM');
const stopped = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 15_000))]);
if (!stopped) server.kill('SIGKILL');
check(stopped?.code === 0, 'SIGTERM drains and exits 0', JSON.stringify(stopped ?? 'still running after 15 s'));
if (failures.length || process.env.DRY_RUN_VERBOSE === '1') console.log(`\n--- server log ---\n${log.trim()}\n---`);

console.log();
if (failures.length) {
  say(`${failures.length} check(s) failed in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${failures.join('; ')}`);
  process.exit(1);
}
say(`all checks passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
