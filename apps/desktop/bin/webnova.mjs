#!/usr/bin/env node
// The `webnova` command. It runs the built CLI; build it first with `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('webnova: the app is not built yet. Run `npm run build` (or `npm run launch`) first.');
  process.exit(1);
}
await import(cli.href);
