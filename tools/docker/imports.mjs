// Which packages does compiled JavaScript import at run time? Shared by the Docker dry run and the
// production-build test: every bare import in dist/ must be a Node.js builtin or one of package.json's
// "dependencies" (a devDependency would be missing from the production image).
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

// Static `import … from 'x'` / `export … from 'x'` / `import 'x'` at the start of a statement, and
// `import('x')` / `require('x')` with a literal anywhere (tsc keeps the source's statements one per line).
const IMPORT = /^\s*(?:(?:import|export)\b[^;'"]*?\bfrom\s*|import\s*)(['"])([^'"\n]+)\1|\b(?:import|require)\s*\(\s*(['"])([^'"\n]+)\3/gm;

function specifiers(source) {
  return [...source.matchAll(IMPORT)].map((m) => m[2] ?? m[4]);
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(packageName(specifier));
}

function* jsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(full);
    else if (/\.(m|c)?js$/.test(entry.name)) yield full;
  }
}

/** Bare (package) imports of every .js file under `dir`: specifier → files importing it. */
export function bareImports(dir) {
  const found = new Map();
  for (const file of jsFiles(dir)) {
    for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      const files = found.get(specifier) ?? [];
      files.push(path.relative(dir, file));
      found.set(specifier, files);
    }
  }
  return found;
}

/** Imports under `dir` of packages that are not in `pkg.dependencies`, e.g. a devDependency. */
export function undeclaredImports(dir, pkg) {
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  const bad = [];
  for (const [specifier, files] of bareImports(dir)) {
    if (!deps.has(packageName(specifier))) bad.push({ specifier, files });
  }
  return bad;
}

/** Relative imports under `dir` that leave it (e.g. into dev/ or test/): the build must be self-contained. */
export function escapingImports(dir) {
  const bad = [];
  for (const file of jsFiles(dir)) {
    for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), specifier);
      if (path.relative(dir, target).startsWith('..')) bad.push({ specifier, file: path.relative(dir, file) });
    }
  }
  return bad;
}
