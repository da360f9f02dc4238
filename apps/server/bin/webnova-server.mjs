#!/usr/bin/env node
// The `webnova-server` command. It runs the TypeScript sources through tsx: the server has no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
await main(process.argv.slice(2));
