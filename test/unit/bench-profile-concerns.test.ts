import { strict as assert } from 'node:assert';
import {
  addConcernTimes,
  concernOfSource,
  selfTimeByConcern,
  type CpuProfile,
} from '../../bench/profile-concerns.js';

const frame = (functionName: string, url = '', lineNumber = 0, columnNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber,
});

const NM = '/work/x/node_modules';
const BUNDLE = 'file:///work/x/.data/bundle/workflow-bundle.js';

/** root → worker.js → JSON.parse; root → logger → redact → RegExp; the bundle; the promise hook; GC; idle. */
const PROFILE: CpuProfile = {
  startTime: 0,
  endTime: 100_000,
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 4, 7, 9, 11, 12, 13] },
    { id: 2, callFrame: frame('handleActivation', `${NM}/@temporalio/worker/lib/worker.js`), children: [3] },
    { id: 3, callFrame: frame('parse') },
    { id: 4, callFrame: frame('log', 'file:///work/x/src/observability/logger.ts'), children: [5] },
    { id: 5, callFrame: frame('redactText', 'file:///work/x/src/observability/redact.ts'), children: [6] },
    { id: 6, callFrame: frame('RegExp: x') },
    { id: 7, callFrame: frame('decide', BUNDLE, 10, 4), children: [8] },
    { id: 8, callFrame: frame('scheduleActivity', BUNDLE, 20, 2) },
    { id: 9, callFrame: frame('initAll', 'node:internal/promise_hooks'), children: [10] },
    { id: 10, callFrame: frame('formatCallsiteName', `${NM}/@temporalio/worker/lib/workflow/vm-shared.js`) },
    { id: 11, callFrame: frame('(garbage collector)') },
    { id: 12, callFrame: frame('(idle)') },
    { id: 13, callFrame: frame('safeParse', `${NM}/zod/v4/classic/parse.js`) },
  ],
  // sample i's self time is timeDeltas[i + 1] (µs)
  samples: [3, 6, 7, 8, 10, 11, 12, 13, 1],
  timeDeltas: [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000],
};

/** The bundle's source map, as the report builds it: line 10 is ours, line 20 the SDK's workflow package. */
const resolve = (url: string, line: number): string | undefined =>
  url === BUNDLE
    ? line === 10
      ? '/work/x/src/workflows/charge.ts'
      : `${NM}/@temporalio/workflow/src/workflow.ts`
    : undefined;

describe('bench CPU profile: self time per concern', () => {
  it('gives each sample to the frame’s concern, builtins to their caller’s, bundle frames by source map', () => {
    const t = selfTimeByConcern(PROFILE, resolve);
    assert.equal(t.sdk, 1 + 4); // JSON.parse under the SDK's worker.js; the bundle's SDK frame
    assert.equal(t.logger, 2); // a RegExp builtin under redact.ts
    assert.equal(t.workflow, 3); // resolved to src/workflows/charge.ts
    assert.equal(t['sdk-stacks'], 5); // under the promise hook
    assert.equal(t.gc, 6);
    assert.equal(t.idle, 7);
    assert.equal(t.zod, 8);
    assert.equal(t.program, 0); // the last sample has no next delta
    assert.equal(t.other, 0);
  });

  it('without a source map, bundle frames count as the SDK (the bundle is mostly SDK code)', () => {
    const t = selfTimeByConcern(PROFILE);
    assert.equal(t.workflow, 0);
    assert.equal(t.sdk, 1 + 3 + 4);
  });

  it('a package’s own src/ is never taken for ours', () => {
    assert.equal(concernOfSource(`${NM}/@opentelemetry/sdk-trace-base/src/Tracer.ts`), 'otel');
    assert.equal(concernOfSource(`${NM}/@temporalio/client/src/client.ts`), 'sdk');
    assert.equal(concernOfSource(`${NM}/some-lib/src/activities/x.js`), undefined);
    assert.equal(concernOfSource('/work/x/src/activities/transactions.ts'), 'activity');
    assert.equal(concernOfSource('/work/x/src/gateway/transport.ts'), 'http');
    assert.equal(concernOfSource('/work/x/src/codec/encryption-codec.ts'), 'codec');
    assert.equal(concernOfSource('/work/x/src/observability/business-metrics.ts'), 'metrics');
    assert.equal(concernOfSource('node:internal/deps/undici/undici'), 'http');
    assert.equal(concernOfSource('node:internal/crypto/cipher'), 'codec');
  });

  it('adds the threads of one process', () => {
    const a = selfTimeByConcern(PROFILE, resolve);
    assert.equal(addConcernTimes(a, a).zod, 16);
  });
});
