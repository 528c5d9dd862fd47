/**
 * CPU time of processes, read from /proc/<pid>/stat (utime + stime, in clock ticks of `getconf CLK_TCK`),
 * summed over each process and its descendants (the dev server's launcher runs the server as a child).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

let ticksPerSecond: number | undefined;

export function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return ticksPerSecond;
}

/** utime + stime in ticks from one /proc/<pid>/stat line (fields 14 and 15; the name may hold spaces). */
export function ticksFromStat(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state): utime is field 14 → rest[11], stime field 15 → rest[12]
  return Number(rest[11]) + Number(rest[12]);
}

function children(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (list) out.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return out;
}

/** Pids and all their descendants alive now. */
export function processTree(pids: readonly number[]): number[] {
  const seen = new Set<number>();
  const todo = [...pids];
  while (todo.length) {
    const pid = todo.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    todo.push(...children(pid));
  }
  return [...seen];
}

/** CPU milliseconds used so far by pids and their descendants (processes that exited are missed). */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of processTree(pids)) {
    try {
      ticks += ticksFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      // exited
    }
  }
  return (ticks * 1000) / clockTicks();
}
