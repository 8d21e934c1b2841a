/**
 * The extractors the eval compares, each returning the same shape per page: ours, Readability and trafilatura.
 *
 * The peers are slow (Readability + jsdom ≈ 95 ms/page, trafilatura ≈ 20–60 ms/page), so their outputs are
 * cached under .cache/eval-extraction/<peer>/ by a hash of everything that decides them: the peer's version
 * and settings, the page URL and the exact input it is given. A rerun only runs pages whose input changed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractArticles } from '@newsflow/extraction';
import type { EvalPage } from './datasets.js';

export interface Extraction {
  text: string;
  title?: string;
  authors: string[];
  /** ISO date or date-time, as the extractor gives it. */
  published?: string;
}

export const EXTRACTORS = ['ours', 'readability', 'trafilatura'] as const;
export type ExtractorName = (typeof EXTRACTORS)[number];
export const EXTRACTOR_LABEL: Record<ExtractorName, string> = {
  ours: 'ours',
  readability: 'Readability 0.6 + jsdom 27',
  trafilatura: 'trafilatura 2.3.1',
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TRAFILATURA_REQUIREMENTS = path.join(HERE, 'trafilatura-requirements.txt');
const TRAFILATURA_SCRIPT = path.join(HERE, 'trafilatura-extract.py');
export const TRAFILATURA_TIME_SCRIPT = path.join(HERE, 'trafilatura-time.py');
/** Readability's own version is in the key through this string; bump it when the pinned packages change. */
const READABILITY_KEY = 'readability-0.6.0+jsdom-27.0.0';

const sha256 = (...parts: (string | Buffer)[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

/** Ours over the pages; the wall time is the eval's "ms/page incl. metadata". */
export function runOurs(pages: readonly EvalPage[]): {
  out: Map<string, Extraction>;
  errors: number;
  ms: number;
} {
  const out = new Map<string, Extraction>();
  let errors = 0;
  const t0 = performance.now();
  for (const p of pages) {
    try {
      const r = extractArticles({ body: p.html, contentType: 'text/html', ...(p.url && { url: p.url }) });
      const first = r.articles[0];
      out.set(p.key, {
        text: r.articles
          .map((a) => a.text)
          .filter(Boolean)
          .join('\n\n'),
        ...(first?.title && { title: first.title }),
        authors: [...(first?.authors ?? [])],
        ...(first?.publishedAt && { published: first.publishedAt }),
      });
    } catch {
      errors++;
      out.set(p.key, { text: '', authors: [] });
    }
  }
  return { out, errors, ms: performance.now() - t0 };
}

/** Readability's title, byline (one author string, as it gives it) and publishedTime. */
export async function runReadability(
  pages: readonly EvalPage[],
  cacheDir: string,
): Promise<{ out: Map<string, Extraction>; ran: number }> {
  const dir = path.join(cacheDir, 'readability');
  mkdirSync(dir, { recursive: true });
  const out = new Map<string, Extraction>();
  const virtualConsole = new VirtualConsole();
  let ran = 0;
  for (const p of pages) {
    const file = path.join(dir, `${sha256(READABILITY_KEY, p.url ?? '', p.html)}.json`);
    if (!existsSync(file)) {
      let result: Extraction = { text: '', authors: [] };
      try {
        const dom = new JSDOM(p.html, { url: p.url ?? 'https://example.com/', virtualConsole });
        const parsed = new Readability(dom.window.document).parse();
        dom.window.close();
        if (parsed)
          result = {
            text: parsed.textContent ?? '',
            ...(parsed.title && { title: parsed.title }),
            authors: parsed.byline ? [parsed.byline] : [],
            ...(parsed.publishedTime && { published: parsed.publishedTime }),
          };
      } catch {
        // A crash scores as an empty extraction.
      }
      writeFileSync(file, JSON.stringify(result));
      if (++ran % 100 === 0) process.stderr.write(`readability: ${ran} pages run\n`);
      // jsdom holds memory until the event loop turns.
      await new Promise((resolve) => setImmediate(resolve));
    }
    out.set(p.key, JSON.parse(readFileSync(file, 'utf8')) as Extraction);
  }
  return { out, ran };
}

/** Creates (once) a venv with the pinned trafilatura, like training/ner/run.sh does for the tagger. */
export function ensureTrafilaturaVenv(venv: string, python: string): string {
  const stamp = path.join(venv, '.requirements.txt');
  const py = path.join(venv, 'bin/python');
  const same =
    existsSync(stamp) && readFileSync(stamp, 'utf8') === readFileSync(TRAFILATURA_REQUIREMENTS, 'utf8');
  if (!existsSync(py) || !same) {
    process.stderr.write(`creating ${venv} with trafilatura (once)…\n`);
    execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(path.join(venv, 'bin/pip'), ['install', '--quiet', '-r', TRAFILATURA_REQUIREMENTS], {
      stdio: 'inherit',
    });
    copyFileSync(TRAFILATURA_REQUIREMENTS, stamp);
  }
  return py;
}

interface TrafilaturaResult {
  text: string;
  title: string | null;
  authors: string[];
  published: string | null;
}

/** trafilatura with its default settings (see trafilatura-extract.py), given the raw bytes as fetched. */
export function runTrafilatura(
  pages: readonly EvalPage[],
  opts: { cacheDir: string; venv: string; python: string },
): { out: Map<string, Extraction>; ran: number } {
  const dir = path.join(opts.cacheDir, 'trafilatura');
  mkdirSync(dir, { recursive: true });
  const settings = readFileSync(TRAFILATURA_REQUIREMENTS, 'utf8') + readFileSync(TRAFILATURA_SCRIPT, 'utf8');
  const files = new Map(
    pages.map((p) => [p.key, path.join(dir, `${sha256(settings, p.url ?? '', p.bytes)}.json`)]),
  );
  const jobs = pages
    .filter((p) => !existsSync(files.get(p.key)!))
    .map((p) => ({ file: p.file, url: p.url ?? null, out: files.get(p.key)! }));
  if (jobs.length) {
    const py = ensureTrafilaturaVenv(opts.venv, opts.python);
    process.stderr.write(`trafilatura: running ${jobs.length} pages not in the cache…\n`);
    const r = spawnSync(py, [TRAFILATURA_SCRIPT], {
      input: JSON.stringify(jobs),
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`trafilatura-extract.py exited with ${r.status ?? r.signal}`);
  }
  const out = new Map<string, Extraction>();
  for (const p of pages) {
    const r = JSON.parse(readFileSync(files.get(p.key)!, 'utf8')) as TrafilaturaResult;
    out.set(p.key, {
      text: r.text,
      ...(r.title && { title: r.title }),
      authors: r.authors,
      ...(r.published && { published: r.published }),
    });
  }
  return { out, ran: jobs.length };
}
