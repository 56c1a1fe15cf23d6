#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a checkout works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli.ts');
process.exitCode = await main(process.argv.slice(2));
