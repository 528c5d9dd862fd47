/**
 * Peak resident memory of each process of a long run, by role: this process (simulator, store, driver) and every
 * process below it (workers, webhook, the Temporal dev server), sampled from /proc. A killed and restarted worker
 * counts as the same role; its peak is the highest any of its lives reached. Linux only; elsewhere it reports
 * nothing.
 */
import { readFileSync, readdirSync } from 'node:fs';

export type PeakRss = Record<string, number>;

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Resident set in MiB, or undefined when the process is gone. */
function rssMiB(pid: number): number | undefined {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readProc(pid, 'status') ?? '');
  return m ? Number(m[1]) / 1024 : undefined;
}

/** What a process is, from its command line. */
export function roleOf(cmdline: string): string {
  if (/\btemporal\b.*\bserver\b.*start-dev/.test(cmdline)) return 'temporal dev server';
  if (/\bworker$/.test(cmdline) || /\sworker\s/.test(`${cmdline} `)) return 'worker';
  if (/\bwebhook\b/.test(cmdline)) return 'webhook';
  return cmdline.split(' ')[0]?.split('/').pop() ?? 'other';
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), 'stat');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (!Number.isFinite(ppid)) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/** Starts sampling every `intervalMs`; `stop()` returns the peak MiB per role. */
export function samplePeakRss(intervalMs = 2000): { stop(): PeakRss } {
  const peak: PeakRss = {};
  const note = (role: string, mib: number | undefined): void => {
    if (mib !== undefined && mib > (peak[role] ?? 0)) peak[role] = mib;
  };
  const sample = (): void => {
    if (process.platform !== 'linux') return;
    note('soak (simulator, store, driver)', rssMiB(process.pid));
    for (const pid of descendants(process.pid)) {
      const cmdline = (readProc(pid, 'cmdline') ?? '').split('\0').join(' ').trim();
      if (cmdline) note(roleOf(cmdline), rssMiB(pid));
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      // A helper caught as it started or ended (git, sh) shows well under a MiB: not a process of the run.
      return Object.fromEntries(
        Object.entries(peak)
          .filter(([, v]) => v >= 1)
          .map(([k, v]) => [k, Math.round(v)]),
      );
    },
  };
}
