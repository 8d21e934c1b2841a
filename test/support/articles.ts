import type { ArticleCleaned } from '@newsflow/contracts';
import { SCHEMA_VERSION } from '@newsflow/contracts';

/** A valid `article.cleaned` message with the given text, for feeding later stages in tests. */
export function makeArticleCleaned(
  overrides: Partial<ArticleCleaned> & Pick<ArticleCleaned, 'text'>,
): ArticleCleaned {
  const now = new Date().toISOString();
  return {
    schemaVersion: SCHEMA_VERSION,
    articleId: 'a_test',
    pageId: 'p_test',
    part: 0,
    url: 'https://news.example/story',
    finalUrl: 'https://news.example/story',
    canonicalUrl: 'https://news.example/story',
    title: '',
    authors: [],
    tags: [],
    wordCount: overrides.text.split(/\s+/).filter(Boolean).length,
    provenance: {},
    extractor: { name: 'newsflow', version: 'test' },
    fetchedAt: now,
    processedAt: now,
    ...overrides,
  };
}
