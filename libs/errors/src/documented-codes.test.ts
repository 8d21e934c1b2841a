// The test reads the repository's sources and docs; the library itself does no I/O.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const CODE = String.raw`'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'`;

/**
 * Where a code is written in the source: the first argument of an error's constructor (`new XError('CODE'`,
 * `super('CODE'`), a constant named `…_CODE`, or an entry of an `…ErrorCode` table (an `as const` object or a
 * union type). Codes of other libraries that we only compare with (`ENOTFOUND`) are not ours to list.
 */
const CODE_SITES = [
  new RegExp(String.raw`(?:\bsuper|Error)\(\s*${CODE}`, 'g'),
  new RegExp(String.raw`\b[A-Z_]*CODE\s*=\s*${CODE}`, 'g'),
];
const CODE_TABLE = /ErrorCode\s*=\s*(\{[^}]*\}\s*as const|(?:\s*\|?\s*'[A-Z0-9_]+')+)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The non-test sources of every library and service. */
function allSourceFiles(): string[] {
  return ['libs', 'services']
    .flatMap((top) => readdirSync(join(root, top)).map((name) => join(root, top, name, 'src')))
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => sourceFiles(dir));
}

/** Every error code the libraries and services throw, with the first file that names it. */
function codesInSource(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of allSourceFiles()) {
    const text = readFileSync(file, 'utf8');
    const found = [
      ...CODE_SITES.flatMap((site) => [...text.matchAll(site)].map((m) => m[1]!)),
      ...[...text.matchAll(CODE_TABLE)].flatMap((m) =>
        [...m[1]!.matchAll(new RegExp(CODE, 'g'))].map((c) => c[1]!),
      ),
    ];
    for (const code of found) if (!codes.has(code)) codes.set(code, relative(root, file));
  }
  return codes;
}

/** The codes of docs/errors.md: the first cell of each table row, in backticks. */
function codesInDocs(): Set<string> {
  const doc = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  return new Set([...doc.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((m) => m[1]!));
}

describe('docs/errors.md', () => {
  const inSource = codesInSource();
  const inDocs = codesInDocs();

  it('finds the codes it should (the scan itself works)', () => {
    for (const code of [
      'CONTRACT_SCHEMA',
      'MESSAGE_TOO_LARGE',
      'CONFIG_INVALID',
      'SIMHASH_FORMAT',
      'UNEXPECTED',
    ])
      expect(inSource.has(code), code).toBe(true);
    expect(inSource.size).toBeGreaterThan(40);
  });

  it('lists every code the code throws', () => {
    const missing = [...inSource]
      .filter(([code]) => !inDocs.has(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists no code that the code no longer has', () => {
    const text = allSourceFiles()
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const stale = [...inDocs].filter((code) => !text.includes(`'${code}'`));
    expect(stale).toEqual([]);
  });
});
