import { z } from 'zod';
import { setting } from '@newsflow/runtime';

/**
 * Where the pipeline's data lives in MongoDB, as the tools that read it (the CLI, the console) find it: the same
 * variables and defaults the store (articles) and the discovery service (sources) write with.
 */
export const collectionSettings = {
  articlesCollection: setting(
    'STORE_ARTICLES_COLLECTION',
    z.string().min(1).default('articles'),
    'MongoDB collection the store writes articles to.',
  ),
  sourcesCollection: setting(
    'DISCOVERY_SOURCES_COLLECTION',
    z.string().min(1).default('sources'),
    'MongoDB collection the discovery service keeps followed sources in.',
  ),
} as const;
