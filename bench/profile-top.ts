import { readFileSync } from 'node:fs';
import { bundleResolver } from './profile-report.js';
import { inlineSourceMap } from './bundle.js';
const [bundle, ...files] = process.argv.slice(2);
const { resolve } = await bundleResolver(new Map([[bundle!, inlineSourceMap(readFileSync(bundle!, 'utf8'))!]]));
const agg = new Map<string, number>();
for (const f of files) {
  const p = JSON.parse(readFileSync(f, 'utf8'));
  const self = new Map<number, number>();
  p.samples.forEach((s: number, i: number) => self.set(s, (self.get(s) ?? 0) + (p.timeDeltas[i + 1] ?? 0)));
  for (const n of p.nodes) {
    const cf = n.callFrame;
    const src = cf.url ? (resolve(cf.url, cf.lineNumber, cf.columnNumber) ?? cf.url) : '';
    const k = `${cf.functionName || '(anon)'} ${src.replace(/.*node_modules\//, 'nm/').replace(/.*\/src\//, 'src/')}`;
    agg.set(k, (agg.get(k) ?? 0) + (self.get(n.id) ?? 0) / 1000);
  }
}
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 40))) console.log(v.toFixed(0).padStart(7), k);
