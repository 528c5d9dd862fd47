/** A live progress line for billing runs, fed by the billingProgress query. */
import type { BillingProgress } from '../contract/messages.js';

export function progressLine(p: BillingProgress, width = 30): string {
  const total = Math.max(p.scheduled + (p.pagesExhausted ? 0 : 1), 1);
  const ratio = p.pagesExhausted ? p.done / Math.max(p.scheduled, 1) : p.done / total;
  const filled = Math.round(Math.min(ratio, 1) * width);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
  const pct = p.pagesExhausted ? `${Math.floor(Math.min(ratio, 1) * 100)}%` : ' ..';
  return (
    `[${bar}] ${pct} ${p.done}/${p.scheduled}${p.pagesExhausted ? '' : '+'} ` +
    `ok=${p.succeeded} declined=${p.declined} failed=${p.failed} dunning=${p.inDunning} in-flight=${p.inFlight} ${p.phase}`
  );
}

/** Polls until the run is done; redraws one line on a terminal, prints a line every few seconds otherwise. */
export async function followProgress(
  query: () => Promise<BillingProgress>,
  done: Promise<unknown>,
  out: NodeJS.WriteStream = process.stdout,
): Promise<void> {
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => undefined);
  let lastPrint = 0;
  while (!finished) {
    const p = await query().catch(() => undefined);
    if (p) {
      const line = progressLine(p);
      if (out.isTTY) out.write(`\r${line.padEnd(out.columns ? out.columns - 1 : line.length)}`);
      else if (Date.now() - lastPrint > 5000) {
        out.write(`${line}\n`);
        lastPrint = Date.now();
      }
    }
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
  }
  if (out.isTTY) out.write('\n');
}

/** What a waiting `charge` shows of its charge: the phase and attempt, from the chargeState query. */
export interface PhaseView {
  readonly phase: string;
  readonly attempt: number;
  readonly nextAttemptAt?: string | undefined;
}

export function phaseLine(s: PhaseView): string {
  const next = s.phase === 'in-dunning' && s.nextAttemptAt ? `, next attempt at ${s.nextAttemptAt}` : '';
  return `phase: ${s.phase} (attempt ${s.attempt}${next})`;
}

/**
 * On a terminal, prints a line each time the charge's phase (or attempt) changes, until `done` settles; prints
 * nothing elsewhere, so piped output stays the result alone. Polls every `intervalMs`.
 */
export async function followPhases(
  query: () => Promise<PhaseView>,
  done: Promise<unknown>,
  out: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr,
  intervalMs = 500,
): Promise<void> {
  if (!out.isTTY) return;
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => undefined);
  let last = '';
  while (!finished) {
    const s = await query().catch(() => undefined);
    if (s && !finished) {
      const line = phaseLine(s);
      if (line !== last) out.write(`${line}\n`);
      last = line;
    }
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, intervalMs))]);
  }
}
