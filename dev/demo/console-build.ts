/**
 * Builds the admin console (console/ → console/dist, which the API serves at /) when the build is missing
 * or older than any of its sources: `npm run demo` and the browser tests call it, so a fresh clone needs
 * no separate step.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const CONSOLE = path.resolve(import.meta.dirname, '../../console');
const BUILT = path.join(CONSOLE, 'dist', 'index.html');

function newestSource(): number {
  let newest = 0;
  const visit = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['index.html', 'vite.config.ts', 'src']) visit(path.join(CONSOLE, p));
  return newest;
}

export function consoleIsStale(): boolean {
  return !existsSync(BUILT) || statSync(BUILT).mtimeMs < newestSource();
}

/** Builds console/dist if needed; true when it built. */
export async function ensureConsoleBuilt(log: (msg: string) => void = console.log): Promise<boolean> {
  if (!consoleIsStale()) return false;
  log('building the admin console (console/ → console/dist)...');
  const { build } = await import('vite');
  await build({ configFile: path.join(CONSOLE, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
