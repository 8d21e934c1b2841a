/**
 * The three development sets in one shape, each page assigned to the "tune" or "held-out" half.
 *
 * The split is by site, not by page, so held-out pages come from sites that rules were not written on:
 * scrapinghub and WCXB by host (without "www."), fundus-dev by publisher. A site's half is a bit of
 * sha256(SPLIT_SALT + set + site), so it never changes when pages are added or the set is re-ordered.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeBytes } from '@newsflow/normalize';

export const SETS = ['scrapinghub', 'wcxb', 'fundus'] as const;
export type SetName = (typeof SETS)[number];
export const HALVES = ['tune', 'held-out'] as const;
export type Half = (typeof HALVES)[number];

/** Changing it reshuffles the halves: every figure reported before becomes incomparable. */
const SPLIT_SALT = 'newsflow-eval-split-v1';

export interface Truth {
  text: string;
  title?: string;
  /** fundus-dev: the full author list. */
  authors?: string[];
  /** WCXB: one free-text author string. */
  author?: string;
  published?: string;
  /** WCXB: snippets that must be in the text, and boilerplate snippets that must not. */
  with?: string[];
  without?: string[];
}

/** A page of a set, before it is read: what `npm run dump:extraction` needs too. */
export interface SetPage {
  set: SetName;
  id: string;
  /** `${set}/${id}`: unique over all sets. */
  key: string;
  file: string;
  url: string | undefined;
  /** Host or publisher: the unit of the split. */
  site: string;
  half: Half;
  truth: Truth;
}

export interface EvalPage extends SetPage {
  /** The page as fetched (trafilatura decodes it itself). */
  bytes: Buffer;
  /** Decoded by @newsflow/normalize, as the cleaner service does (ours and Readability get this). */
  html: string;
}

export function halfOf(set: SetName, site: string): Half {
  const byte = createHash('sha256').update(`${SPLIT_SALT}:${set}:${site}`).digest()[0]!;
  return byte & 1 ? 'held-out' : 'tune';
}

function hostOf(url: string | undefined, fallback: string): string {
  if (!url) return fallback;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return fallback;
  }
}

interface RawTruth {
  truth: Truth;
  url: string | undefined;
  site?: string;
}

function loadTruth(data: string, set: SetName): Map<string, RawTruth> {
  const out = new Map<string, RawTruth>();
  if (set === 'scrapinghub') {
    const gt = JSON.parse(readFileSync(path.join(data, 'scrapinghub/ground-truth.json'), 'utf8')) as Record<
      string,
      { url?: string; articleBody: string }
    >;
    for (const [id, v] of Object.entries(gt)) out.set(id, { truth: { text: v.articleBody }, url: v.url });
  } else if (set === 'wcxb') {
    const dir = path.join(data, 'wcxb-dev-articles/ground-truth');
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const d = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as {
        url?: string;
        ground_truth: {
          title?: string;
          author?: string | null;
          publish_date?: string | null;
          main_content?: string;
          with?: string[];
          without?: string[];
        };
      };
      const gt = d.ground_truth;
      out.set(f.replace(/\.json$/, ''), {
        url: d.url,
        truth: {
          text: gt.main_content ?? '',
          ...(gt.title && { title: gt.title }),
          ...(gt.author && { author: gt.author }),
          ...(gt.publish_date && { published: gt.publish_date }),
          ...(gt.with && { with: gt.with }),
          ...(gt.without && { without: gt.without }),
        },
      });
    }
  } else {
    const gt = JSON.parse(readFileSync(path.join(data, 'fundus-dev/truth.json'), 'utf8')) as Record<
      string,
      {
        url?: string;
        publisher: string;
        text: string;
        title?: string;
        authors?: string[];
        published?: string;
      }
    >;
    for (const [id, v] of Object.entries(gt)) {
      out.set(id, {
        url: v.url,
        site: v.publisher,
        truth: {
          text: v.text,
          ...(v.title && { title: v.title }),
          ...(v.authors?.length && { authors: v.authors }),
          ...(v.published && { published: v.published }),
        },
      });
    }
  }
  return out;
}

const HTML_DIR: Record<SetName, string> = {
  scrapinghub: 'scrapinghub/html',
  wcxb: 'wcxb-dev-articles/html',
  fundus: 'fundus-dev/html',
};

/** Pages of one set that have truth, sorted by id, with their URL and half; `limit` keeps the first N. */
export function listSet(data: string, set: SetName, limit = Infinity): SetPage[] {
  const truth = loadTruth(data, set);
  const dir = path.join(data, HTML_DIR[set]);
  const files = readdirSync(dir)
    .filter((f) => /\.html(\.gz)?$/.test(f) && truth.has(f.replace(/\.html(\.gz)?$/, '')))
    .sort()
    .slice(0, limit);
  return files.map((f) => {
    const id = f.replace(/\.html(\.gz)?$/, '');
    const t = truth.get(id)!;
    const site = t.site ?? hostOf(t.url, id);
    return {
      set,
      id,
      key: `${set}/${id}`,
      file: path.join(dir, f),
      url: t.url,
      site,
      half: halfOf(set, site),
      truth: t.truth,
    };
  });
}

/** {@link listSet}'s pages, read and decoded. */
export function loadSet(data: string, set: SetName, limit = Infinity): EvalPage[] {
  return listSet(data, set, limit).map((page) => {
    const raw = readFileSync(page.file);
    const bytes = page.file.endsWith('.gz') ? gunzipSync(raw) : raw;
    return { ...page, bytes, html: decodeBytes(bytes).text };
  });
}
