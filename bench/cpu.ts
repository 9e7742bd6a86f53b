/** CPU time of the processes a benchmark measures (Linux /proc), for the bench and the profiles. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** utime + stime in seconds from a /proc stat file. */
function statSeconds(file: string): number {
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** utime + stime of a process (all its threads) in seconds, or undefined (no such process, not Linux). */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    return statSeconds(`/proc/${pid}/stat`);
  } catch {
    return undefined;
  }
}

/** This process's CPU seconds: the simulators serving the pages, and the bare client when it fetches. */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** The local launcher's Neo4j process in `home` (its pid file), or undefined. */
export function launcherPid(home: string | undefined): number | undefined {
  if (!home) return undefined;
  try {
    return Number(readFileSync(path.join(home, 'neo4j.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of a JVM's JIT compiler threads (HotSpot names them "C1 CompilerThread0", "C2 CompilerThread0"...;
 * Linux keeps the first 15 characters), or undefined. A just-started Neo4j spends as much on them during its
 * first heavy writes as on the writes themselves.
 */
export function jitCpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        if (!/^C[12] CompilerThre/.test(readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8'))) continue;
        // The task's own stat: /proc/<tid>/stat would be the whole process's.
        total += statSeconds(`/proc/${pid}/task/${tid}/stat`);
      } catch {
        // the thread ended meanwhile (HotSpot starts and stops compiler threads as needed)
      }
    }
    return total;
  } catch {
    return undefined;
  }
}
