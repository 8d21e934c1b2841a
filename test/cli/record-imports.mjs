// node --import ./test/cli/record-imports.mjs …: appends the URL of every module the process imports, one a
// line, to the file NEWSFLOW_IMPORTS_LOG names, so a test can tell which libraries a command loaded.
// The same file is the hooks module: registered from the main thread, it runs in Node's hooks thread.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let logFile;

if (isMainThread) register(import.meta.url, { data: process.env.NEWSFLOW_IMPORTS_LOG });

/** Receives the log file's path from the main thread. */
export function initialize(file) {
  logFile = file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (logFile) appendFileSync(logFile, `${resolved.url}\n`);
  return resolved;
}
