import { Parser } from 'htmlparser2';
import { resolveHttpUrl } from './discovered-item.js';

/** Feed media types a `<link rel="alternate">` may name (RSS, Atom, RDF, JSON Feed). */
const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  'application/x.atom+xml',
  'application/x-atom+xml',
  'text/xml',
  'application/xml',
]);

/** Paths tried, in order, when a home page links no feed: the ones CMSs publish (WordPress, Ghost, Hugo, Blogger…). */
export const COMMON_FEED_PATHS: readonly string[] = [
  '/feed',
  '/rss',
  '/rss.xml',
  '/atom.xml',
  '/feed.xml',
  '/index.xml',
  '/feed.json',
  '/feeds/posts/default',
];

/** Paths tried when robots.txt names no sitemap. */
export const COMMON_SITEMAP_PATHS: readonly string[] = [
  '/sitemap.xml',
  '/sitemap_index.xml',
  '/news-sitemap.xml',
];

/** Feeds a page links that are about comments, not articles (WordPress adds one to every page). */
const COMMENT_FEED = /\/comments\/feed|comments?\s+feed/i;

export interface FeedLink {
  readonly url: string;
  readonly type: string;
  readonly title?: string;
}

function parseHtml(html: string, handlers: ConstructorParameters<typeof Parser>[0]): void {
  const parser = new Parser(handlers, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  });
  parser.write(html);
  parser.end();
}

/**
 * The feeds a page announces with `<link rel="alternate" type="application/rss+xml" href="…">` (RSS, Atom, RDF,
 * JSON Feed), resolved against `<base href>` or `pageUrl`, comment feeds left out, in page order.
 */
export function findFeedLinks(html: string, pageUrl: string): FeedLink[] {
  let base = pageUrl;
  const found: FeedLink[] = [];
  const seen = new Set<string>();
  parseHtml(html, {
    onopentag(name, attrs) {
      if (name === 'base' && attrs.href) base = resolveHttpUrl(attrs.href, pageUrl) ?? base;
      if (name !== 'link') return;
      const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
      const type = (attrs.type ?? '').toLowerCase().split(';')[0]!.trim();
      if (!rel.includes('alternate') || !FEED_TYPES.has(type)) return;
      const url = resolveHttpUrl(attrs.href, base);
      const title = attrs.title?.trim();
      if (!url || seen.has(url) || COMMENT_FEED.test(url) || (title && COMMENT_FEED.test(title))) return;
      seen.add(url);
      found.push({ url, type, ...(title ? { title } : {}) });
    },
  });
  return found;
}

/** Path segments of pages that list or describe, not articles. */
const NOT_ARTICLE_SEGMENTS = new Set([
  'tag',
  'tags',
  'category',
  'categories',
  'author',
  'authors',
  'topic',
  'topics',
  'page',
  'search',
  'login',
  'signin',
  'sign-in',
  'register',
  'subscribe',
  'subscription',
  'account',
  'about',
  'about-us',
  'contact',
  'contact-us',
  'privacy',
  'privacy-policy',
  'terms',
  'cookies',
  'cookie-policy',
  'feed',
  'rss',
  'wp-admin',
  'wp-login.php',
  'wp-content',
  'wp-json',
  'cdn-cgi',
  'static',
  'assets',
  'newsletter',
  'newsletters',
  'help',
  'faq',
  'careers',
  'jobs',
  'advertise',
  'sitemap',
  'archive',
  'archives',
  'shop',
  'store',
  'events',
]);

/** Files that are not pages. */
const NOT_PAGE_EXTENSION =
  /\.(?:jpe?g|png|gif|webp|svg|ico|pdf|css|js|json|xml|rss|zip|gz|mp3|mp4|m4a|mov|avi|webm|woff2?|ttf|txt|csv|docx?|xlsx?)$/i;

/** A date in the path: `/2025/06/03/`, `/2025/06/`, `/2025-06-03`, `/20250603/`. */
const DATED_PATH =
  /\/(?:19|20)\d{2}\/(?:0?[1-9]|1[0-2])(?:\/|$)|\/(?:19|20)\d{2}-\d{2}-\d{2}|\/(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}(?:\/|$)/;
/** An article id: five or more digits as a segment or at the end of a slug (`/123456`, `-123456.html`). */
const NUMERIC_ID = /(?:\/|[-_])\d{5,}(?:\.s?html?)?\/?$/;
/** Words in a slug: three or more (`/why-the-rate-rise-matters`). */
const MIN_SLUG_WORDS = 3;

function sameSite(host: string, siteHost: string): boolean {
  const strip = (h: string) => h.toLowerCase().replace(/^www\./, '');
  const a = strip(host);
  const b = strip(siteHost);
  return a === b || a.endsWith(`.${b}`);
}

/** A path segment percent-decoded, or as written when its escapes are broken (`/%`, `/a%zz`, a cut UTF-8 byte). */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Whether a same-site URL looks like an article rather than navigation: a dated path, a numeric article id,
 * or a slug of several words; never a tag, category, author, search, account or legal page, a file, or the
 * home page.
 */
export function looksLikeArticleUrl(url: URL): boolean {
  const path = url.pathname;
  if (path === '/' || path === '') return /^\?(?:p|id)=\d+$/.test(url.search);
  if (NOT_PAGE_EXTENSION.test(path)) return false;
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((s) => decodedSegment(s).toLowerCase());
  if (segments.some((s) => NOT_ARTICLE_SEGMENTS.has(s))) return false;
  if (DATED_PATH.test(path) || NUMERIC_ID.test(path)) return true;
  const last = (segments.at(-1) ?? '').replace(/\.s?html?$/, '');
  return last.split(/[-_]+/).filter((w) => /\p{L}/u.test(w)).length >= MIN_SLUG_WORDS;
}

/**
 * Links of a home or section page that look like articles: same site (subdomains count), outside `<nav>`
 * and `<footer>`, passing {@link looksLikeArticleUrl}; fragments dropped, each URL once, in page order.
 */
export function findArticleLinks(html: string, pageUrl: string): string[] {
  const site = new URL(pageUrl).hostname;
  let base = pageUrl;
  let navDepth = 0;
  const navStack: boolean[] = [];
  const found: string[] = [];
  const seen = new Set<string>([pageUrl]);
  parseHtml(html, {
    onopentag(name, attrs) {
      const isNav =
        name === 'nav' || name === 'footer' || attrs.role === 'navigation' || attrs.role === 'contentinfo';
      navStack.push(isNav);
      if (isNav) navDepth++;
      if (name === 'base' && attrs.href) base = resolveHttpUrl(attrs.href, pageUrl) ?? base;
      if (name !== 'a' || navDepth > 0 || !attrs.href) return;
      const href = resolveHttpUrl(attrs.href, base);
      if (!href) return;
      const url = new URL(href);
      url.hash = '';
      if (!sameSite(url.hostname, site) || seen.has(url.href) || !looksLikeArticleUrl(url)) return;
      seen.add(url.href);
      found.push(url.href);
    },
    onclosetag() {
      if (navStack.pop()) navDepth--;
    },
  });
  return found;
}
