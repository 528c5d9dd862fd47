#!/usr/bin/env node
// Runs the compiled CLI (dist/, npm run build; the package ships it). In a checkout that was never built, the
// TypeScript sources run through tsx, a development dependency.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
const source = join(root, 'src', 'cli', 'main.ts');
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  console.error('ixopay-temporal: dist/cli/main.js is missing; run npm run build');
  process.exitCode = 1;
}
