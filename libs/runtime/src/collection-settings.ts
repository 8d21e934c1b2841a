import { z } from 'zod';
import { setting } from './config.js';

/**
 * Where the pipeline's data lives in MongoDB, in one table for the services that write it (the store: articles;
 * the discovery service: sources) and the tools that read it (the CLI, the console), so all of them agree on the
 * variables and defaults. A service takes the entry it writes; a tool spreads the table into its own.
 */
export const collectionSettings = {
  articlesCollection: setting(
    'STORE_ARTICLES_COLLECTION',
    z.string().min(1).default('articles'),
    'MongoDB collection the articles are stored in.',
  ),
  sourcesCollection: setting(
    'DISCOVERY_SOURCES_COLLECTION',
    z.string().min(1).default('sources'),
    'MongoDB collection of the followed sources (docs/sources.md).',
  ),
} as const;
