/**
 * Reads the .cpuprofile files of one scenario (bench/profiler-agent.ts) and sums self time per concern
 * (bench/profile-concerns.ts); frames of the workflow bundle are mapped to their original files through the
 * bundle's source map. Also usable on its own: `npx tsx bench/profile-report.ts <bundle.js> <files…>`.
 */
import { readFileSync } from 'node:fs';
import { SourceMapConsumer } from 'source-map';
import { inlineSourceMap } from './bundle.js';
import {
  CONCERNS,
  CONCERN_LABELS,
  addConcernTimes,
  selfTimeByConcern,
  type CpuProfile,
  type ProfileConcern,
  type SourceResolver,
} from './profile-concerns.js';

/** A resolver for frames of the given bundle files (path → source map JSON). */
export async function bundleResolver(bundles: ReadonlyMap<string, string>): Promise<{
  resolve: SourceResolver;
  close: () => void;
}> {
  const consumers = new Map<string, SourceMapConsumer>();
  for (const [file, map] of bundles) if (map) consumers.set(file, await new SourceMapConsumer(map));
  const cache = new Map<string, string | undefined>();
  const resolve: SourceResolver = (url, line, column) => {
    const file = url.startsWith('file://') ? new URL(url).pathname : url;
    const consumer = consumers.get(file);
    if (!consumer) return undefined;
    const key = `${file}:${line}:${column}`;
    if (cache.has(key)) return cache.get(key);
    const source = consumer.originalPositionFor({ line: line + 1, column }).source ?? undefined;
    cache.set(key, source);
    return source;
  };
  return { resolve, close: () => consumers.forEach((c) => c.destroy()) };
}

/** Self ms per concern over several profile files. */
export async function concernTimes(
  files: readonly string[],
  bundles: ReadonlyMap<string, string>,
): Promise<Record<ProfileConcern, number>> {
  const { resolve, close } = await bundleResolver(bundles);
  try {
    return addConcernTimes(
      ...files.map((f) => selfTimeByConcern(JSON.parse(readFileSync(f, 'utf8')) as CpuProfile, resolve)),
    );
  } finally {
    close();
  }
}

/** The table: ms per charge and share of the busy (non-idle) time, biggest first. */
export function concernTable(times: Record<ProfileConcern, number>, charges: number): string {
  const busy = CONCERNS.filter((c) => c !== 'idle').reduce((sum, c) => sum + times[c], 0);
  const rows = [...CONCERNS]
    .sort((a, b) => times[b] - times[a])
    .map((c) => {
      const share = c === 'idle' ? '' : `${((100 * times[c]) / Math.max(busy, 1e-9)).toFixed(1)} %`;
      return `  ${CONCERN_LABELS[c].padEnd(40)} ${(times[c] / charges).toFixed(2).padStart(8)} ms  ${share.padStart(7)}`;
    });
  return [
    `  ${'concern'.padEnd(40)} ${'ms/charge'.padStart(11)} ${'of busy'.padStart(8)}`,
    ...rows,
    `  ${'busy (all but idle)'.padEnd(40)} ${(busy / charges).toFixed(2).padStart(8)} ms`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [bundle, ...files] = process.argv.slice(2);
  if (!bundle || files.length === 0) {
    console.error('usage: npx tsx bench/profile-report.ts <workflow-bundle.js> <file.cpuprofile…>');
    process.exit(2);
  }
  const map = inlineSourceMap(readFileSync(bundle, 'utf8')) ?? '';
  const times = await concernTimes(files, new Map([[bundle, map]]));
  console.log(concernTable(times, 1));
}
