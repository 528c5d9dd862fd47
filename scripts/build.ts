// `npm run build`: dist/ from scratch: the compiled sources with their .d.ts, the failure converter (CommonJS,
// not compiled) and the workflow bundle.
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(`${root}dist`, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
copyFileSync(`${root}src/codec/failure-converter.cjs`, `${root}dist/codec/failure-converter.cjs`);
await import('./build-bundle.js');
