/**
 * Self time of a V8 CPU profile (.cpuprofile) by concern: which part of the worker spent the CPU. Pure: the
 * caller passes a resolver that maps a frame of the webpack workflow bundle to its original source file.
 *
 * A frame is categorised by its source file. Frames without an own concern (V8 builtins such as JSON.parse,
 * Node internals such as timers and promise queues) count for the nearest caller that has one, so
 * `JSON.stringify` called by the logger is the logger's time. Node's own HTTP, socket and crypto internals have
 * a concern of their own (HTTP client and signing, payload codec). The SDK's promise hook, which records a
 * source-mapped stack trace for every promise workflow code creates (for the `__stack_trace` query), is
 * counted apart: it is SDK code, but its cost grows with the promises our workflow code creates.
 */

export const CONCERNS = [
  'sdk',
  'sdk-stacks',
  'codec',
  'otel',
  'logger',
  'zod',
  'http',
  'metrics',
  'workflow',
  'activity',
  'gc',
  'idle',
  'program',
  'other',
] as const;
export type ProfileConcern = (typeof CONCERNS)[number];

export const CONCERN_LABELS: Record<ProfileConcern, string> = {
  sdk: 'SDK (core bridge, activation, sandbox)',
  'sdk-stacks': 'SDK: stack trace of each workflow promise',
  codec: 'payload codec',
  otel: 'OpenTelemetry interceptors',
  logger: 'logger and redaction',
  zod: 'zod',
  http: 'HTTP client and signing',
  metrics: 'metrics sinks',
  workflow: 'our workflow code',
  activity: 'our activity code',
  gc: 'GC',
  idle: 'idle',
  program: '(program)',
  other: 'other',
};

/** The fields of a .cpuprofile this module reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
      readonly columnNumber: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Maps a bundle frame (url, 0-based line and column) to its original source path; undefined if none. */
export type SourceResolver = (url: string, line: number, column: number) => string | undefined;

/** Packages and Node internals (checked first: a package's own src/ is not ours). */
const PACKAGE_RULES: readonly [RegExp, ProfileConcern][] = [
  [/@opentelemetry\/|interceptors-opentelemetry/, 'otel'],
  [/node_modules\/zod\//, 'zod'],
  [
    /node_modules\/ky\/|undici|node:internal\/(deps\/undici|http|net|stream|streams|dns|url)|node:(net|http|https|stream|url)$/,
    'http',
  ],
  [/node:internal\/crypto\/(hash|mac|hkdf)/, 'http'],
  [/node:internal\/crypto\/(cipher|random)/, 'codec'],
  [/better-sqlite3/, 'activity'],
  [
    /@temporalio\/|protobufjs|node_modules\/(long|ms|nexus-rpc|rxjs|source-map)\/|node:internal\/(worker|vm|promise_hooks|source_map)|node:vm|wasm:\/\/|webpack\/(runtime|bootstrap)/,
    'sdk',
  ],
];

/** This repository's files, by directory. */
const OWN_RULES: readonly [RegExp, ProfileConcern][] = [
  [/src\/codec\//, 'codec'],
  [/src\/observability\/(logger|redact|activity-log)\.ts/, 'logger'],
  [/src\/observability\/(business-metrics|workflow-metrics|webhook-metrics|prometheus-text)\.ts/, 'metrics'],
  [/src\/observability\//, 'otel'],
  [/src\/gateway\//, 'http'],
  [/src\/workflows\//, 'workflow'],
  [/src\/(activities|customers|client|domain|ids|money|outcomes|config)|bench\//, 'activity'],
  // a bundle frame the source map did not resolve (e.g. the floor worker's in-memory bundle): SDK code
  [/workflow-bundle/, 'sdk'],
];

/** The concern of one source path, or undefined when the caller's concern applies. */
export function concernOfSource(path: string): ProfileConcern | undefined {
  for (const [pattern, concern] of PACKAGE_RULES) if (pattern.test(path)) return concern;
  if (path.includes('/node_modules/')) return undefined;
  for (const [pattern, concern] of OWN_RULES) if (pattern.test(path)) return concern;
  return undefined;
}

function specialFrame(functionName: string): ProfileConcern | undefined {
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return 'program';
  // native frames of the SDK's Rust core bridge (symbol names such as temporal_sdk_typescript_bridge::…)
  if (functionName.includes('::')) return 'sdk';
  return undefined;
}

/** Self time in ms per concern over the whole profile. */
export function selfTimeByConcern(
  profile: CpuProfile,
  resolve: SourceResolver = () => undefined,
): Record<ProfileConcern, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const own = new Map<number, ProfileConcern | undefined>();
  const ownConcern = (id: number): ProfileConcern | undefined => {
    if (own.has(id)) return own.get(id);
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    const special = specialFrame(functionName);
    const source = url ? (resolve(url, lineNumber, columnNumber) ?? url) : '';
    const concern = special ?? (source ? concernOfSource(source) : undefined);
    own.set(id, concern);
    return concern;
  };
  const hooked = new Map<number, boolean>();
  const underPromiseHook = (id: number): boolean => {
    const known = hooked.get(id);
    if (known !== undefined) return known;
    const { functionName, url } = byId.get(id)!.callFrame;
    const up = parent.get(id);
    const result =
      (functionName === 'initAll' && url === 'node:internal/promise_hooks') ||
      (up !== undefined && underPromiseHook(up));
    hooked.set(id, result);
    return result;
  };
  const resolved = new Map<number, ProfileConcern>();
  const concernOf = (id: number): ProfileConcern => {
    if (underPromiseHook(id)) return 'sdk-stacks';
    const known = resolved.get(id);
    if (known) return known;
    const path: number[] = [];
    let at: number | undefined = id;
    let found: ProfileConcern = 'other';
    while (at !== undefined) {
      const c = resolved.get(at) ?? ownConcern(at);
      if (c) {
        found = c;
        break;
      }
      path.push(at);
      at = parent.get(at);
    }
    for (const p of path) resolved.set(p, found);
    resolved.set(id, found);
    return found;
  };
  const out = Object.fromEntries(CONCERNS.map((c) => [c, 0])) as Record<ProfileConcern, number>;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i + 1] is the time from sample i to the next: sample i's self time
  for (let i = 0; i < samples.length; i++) {
    const us = deltas[i + 1] ?? 0;
    out[concernOf(samples[i]!)] += us / 1000;
  }
  return out;
}

/** Adds per-concern times (e.g. a process's main thread and its workflow threads). */
export function addConcernTimes(
  ...parts: readonly Record<ProfileConcern, number>[]
): Record<ProfileConcern, number> {
  const out = Object.fromEntries(CONCERNS.map((c) => [c, 0])) as Record<ProfileConcern, number>;
  for (const p of parts) for (const c of CONCERNS) out[c] += p[c];
  return out;
}
