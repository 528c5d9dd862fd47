/**
 * The functions with the most self time in .cpuprofile files, bundle frames mapped to their original files:
 *   npx tsx bench/profile-top.ts <workflow-bundle.js> <file.cpuprofile…>   (TOP=40 rows by default)
 */
import { readFileSync } from 'node:fs';
import { inlineSourceMap } from './bundle.js';
import type { CpuProfile } from './profile-concerns.js';
import { bundleResolver } from './profile-report.js';

const [bundle, ...files] = process.argv.slice(2);
if (!bundle || files.length === 0) {
  console.error('usage: npx tsx bench/profile-top.ts <workflow-bundle.js> <file.cpuprofile…>');
  process.exit(2);
}
const { resolve, close } = await bundleResolver(
  new Map([[bundle, inlineSourceMap(readFileSync(bundle, 'utf8')) ?? '']]),
);
const total = new Map<string, number>();
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i + 1] ?? 0)));
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const source = url ? (resolve(url, lineNumber, columnNumber) ?? url) : '';
    const key = `${functionName || '(anonymous)'} ${source.replace(/.*\/node_modules\//, '')}`;
    total.set(key, (total.get(key) ?? 0) + (self.get(node.id) ?? 0) / 1000);
  }
}
close();
const rows = [...total].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env['TOP'] ?? 40));
for (const [key, ms] of rows) console.log(`${ms.toFixed(0).padStart(8)} ms  ${key}`);
