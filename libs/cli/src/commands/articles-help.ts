import type { ArgsConfig } from '../command.js';

/** Articles listed unless `--limit` says. */
export const DEFAULT_LIMIT = 20;

/** The flags of `newsflow articles`. */
export const articlesArgs = {
  options: {
    site: { type: 'string' },
    entity: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
} as const satisfies ArgsConfig;

/** What `newsflow articles --help` prints. */
export const articlesHelp = `Usage: newsflow articles [--site SITE] [--entity NAME] [--since WHEN] [--limit N] [--json]

Lists stored articles from MongoDB, newest published first.

Options:
  --site SITE     only articles of this site: its name (siteName) or host (example.com, also www.example.com)
  --entity NAME   only articles that mention this entity: its name or one of its aliases, exact, any case
                  ("Sergey Lavrov", or "Lavrov" where an article merged that spelling into him)
  --since WHEN    only articles published since WHEN: a date (2024-05-01, ISO time) or an age (90m, 36h, 7d)
  --limit N       at most N articles (default ${DEFAULT_LIMIT})
  --json          print the documents as a JSON array (without html, simhash bands, provenance; entity
                  mentions dropped)
  -h, --help      this text

Environment: MONGODB_URI (database from its path), STORE_ARTICLES_COLLECTION (default articles).

Exit codes: 0 listed (also when none matched), 2 bad arguments, 3 MongoDB could not be reached.
`;
