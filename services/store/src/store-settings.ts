import { z } from 'zod';
import { collectionSettings, setting } from '@newsflow/runtime';
import { MONGODB_MAX_DOCUMENT_BYTES } from './article-document.js';
import { DEFAULT_HISTORY_LIMIT } from './version-history.js';

/** The store's own settings, added to the common ones (libs/runtime config.ts). */
export const storeSettings = {
  articlesCollection: collectionSettings.articlesCollection,
  maxDocumentBytes: setting(
    'STORE_MAX_DOCUMENT_BYTES',
    z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .max(MONGODB_MAX_DOCUMENT_BYTES)
      .default(MONGODB_MAX_DOCUMENT_BYTES),
    'Largest article document; beyond it HTML is dropped and text cut, with truncated: true.',
  ),
  versionHistory: setting(
    'STORE_VERSION_HISTORY',
    z.coerce.number().int().min(0).max(100).default(DEFAULT_HISTORY_LIMIT),
    'Earlier versions kept in each article (metadata and what the next version changed, never their text); 0 keeps none.',
  ),
  articleLock: setting(
    'STORE_ARTICLE_LOCK',
    z.enum(['redis', 'none']).default('redis'),
    'Serialise writers of one article, and of one fingerprint key, through a Redis lock (needed on FerretDB); "none" relies on MongoDB conditional updates alone.',
  ),
} as const;
