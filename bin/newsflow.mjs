#!/usr/bin/env node
// The `newsflow` command: registers the TypeScript loader, then hands argv to the CLI package.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../libs/cli/src/index.ts');
process.exitCode = await main(process.argv.slice(2));
