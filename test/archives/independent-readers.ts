import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { WARCParser } from 'warcio';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');

/** The Python warcio release the check installs (PyPI). */
const PYTHON_WARCIO = 'warcio==1.8.1';

/** Where the virtual environment lives: the cache deploy/local also uses. */
export const warcioVenv = join(process.env.NEWSFLOW_CACHE_DIR ?? join(root, '.cache'), 'warcio-venv');

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with padding, as WARC digests are written. */
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

const sha256 = (bytes: Uint8Array): string => `sha256:${base32(createHash('sha256').update(bytes).digest())}`;

/**
 * Reads a WARC with warcio's own parser (not the importer's read path): record counts, target URIs, and each
 * response's block and payload digests recomputed from the bytes.
 */
export async function readWithWarcioJs(file: Buffer): Promise<{
  warcinfo: number;
  responses: number;
  targets: string[];
  digestMismatches: string[];
}> {
  let warcinfo = 0;
  let responses = 0;
  const targets: string[] = [];
  const digestMismatches: string[] = [];
  for await (const record of new WARCParser([file], { parseHttp: false })) {
    if (record.warcType === 'warcinfo') warcinfo += 1;
    if (record.warcType !== 'response') continue;
    responses += 1;
    const uri = record.warcTargetURI ?? '?';
    targets.push(uri);
    const block = await record.readFully();
    const headEnd = Buffer.from(block).indexOf('\r\n\r\n');
    const payload = block.subarray(headEnd + 4);
    if (sha256(block) !== record.warcBlockDigest) digestMismatches.push(`${uri} block`);
    if (sha256(payload) !== record.warcPayloadDigest) digestMismatches.push(`${uri} payload`);
  }
  return { warcinfo, responses, targets, digestMismatches };
}

const READ_SCRIPT = `
import base64, hashlib, json, sys
from warcio.archiveiterator import ArchiveIterator
counts, ok, bad = {}, 0, []
with open(sys.argv[1], 'rb') as f:
    for rec in ArchiveIterator(f):
        counts[rec.rec_type] = counts.get(rec.rec_type, 0) + 1
        if rec.rec_type == 'response':
            payload = rec.raw_stream.read()
            got = 'sha256:' + base64.b32encode(hashlib.sha256(payload).digest()).decode()
            if got == rec.rec_headers.get_header('WARC-Payload-Digest'):
                ok += 1
            else:
                bad.append(rec.rec_headers.get_header('WARC-Target-URI'))
counts.update(payloadDigestsOk=ok, bad=bad)
print(json.dumps(counts))
`;

export type PythonReading =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'read'; check: number; checkOutput: string; read: Record<string, unknown> };

/**
 * Reads a WARC with Python's warcio (installed from PyPI into a virtual environment under the cache on first
 * use): `warcio check` (block and payload digests) and an ArchiveIterator pass. `unavailable` with the reason
 * when Python or the package cannot be had here.
 */
export async function readWithPythonWarcio(path: string): Promise<PythonReading> {
  const python = join(warcioVenv, 'bin', 'python');
  try {
    if (!existsSync(python)) await run('python3', ['-m', 'venv', warcioVenv], { timeout: 120_000 });
    await run(python, ['-c', 'import warcio']).catch(() =>
      run(join(warcioVenv, 'bin', 'pip'), ['install', '--quiet', PYTHON_WARCIO], { timeout: 300_000 }),
    );
  } catch (error) {
    return { kind: 'unavailable', reason: (error as Error).message.split('\n')[0] ?? 'unknown' };
  }
  const check = await run(join(warcioVenv, 'bin', 'warcio'), ['check', '-v', path]).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : 1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
  const { stdout } = await run(python, ['-c', READ_SCRIPT, path]);
  return {
    kind: 'read',
    check: check.code,
    checkOutput: check.output,
    read: JSON.parse(stdout) as Record<string, unknown>,
  };
}
