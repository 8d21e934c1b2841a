import type { Counter } from 'prom-client';
import { ArticleEnrichedSchema, Topics, type ArticleCleaned } from '@newsflow/contracts';
import {
  decideModelLanguage,
  findEntities,
  NER_MODEL_NAME,
  NO_MODEL_NAME,
  type Tagger,
} from '@newsflow/entities';
import type { JobContext } from '@newsflow/runtime';
import { fitEntities } from './fit-entities.js';

export interface EntitiesHandlerDeps {
  readonly tagger: Tagger;
  readonly maxTokens: number;
  readonly modelVersion: string;
  /** Articles by outcome (`tagged`, `skipped`) and the language the decision used (`unknown` when none). */
  readonly articles: Counter<'outcome' | 'language'>;
}

/**
 * Finds the entities of one cleaned article and hands the enriched article on. An article in a language
 * the model was not trained on is handed on with no entities and `entitiesModel.reason` saying why; one longer
 * than `maxTokens` has the entities of its start, and one whose entities do not all fit the message keeps the
 * most salient that do: `entitiesModel.reason` says so (both, joined by `; `).
 */
export async function handleArticle(
  article: ArticleCleaned,
  ctx: JobContext,
  deps: EntitiesHandlerDeps,
): Promise<void> {
  const decision = decideModelLanguage(article, deps.tagger.info.languages);
  deps.articles.inc({
    outcome: decision.tag ? 'tagged' : 'skipped',
    language: decision.language ?? 'unknown',
  });
  if (!decision.tag) {
    ctx.log.info(
      { articleId: article.articleId, language: decision.language, from: decision.from },
      'no entity model for the language; not tagged',
    );
    await ctx.send(Topics.articleEnriched, article.articleId, ArticleEnrichedSchema, {
      ...article,
      entities: [],
      entitiesModel: {
        name: NO_MODEL_NAME,
        version: NO_MODEL_NAME,
        ...(decision.language !== undefined && { language: decision.language }),
        reason: decision.reason,
      },
    });
    return;
  }
  const text = article.title ? `${article.title}\n\n${article.text}` : article.text;
  // Offsets must point into `article.text`; mentions found in the prepended title are shifted out of it.
  const offset = article.title ? article.title.length + 2 : 0;
  const result = await findEntities(deps.tagger, text, { maxTokens: deps.maxTokens, title: article.title });
  const entities = result.entities.map((entity) => ({
    name: entity.name,
    type: entity.type,
    aliases: [...entity.aliases],
    count: entity.count,
    salience: Math.round(entity.salience * 1000) / 1000,
    mentions: entity.mentions
      .filter((m) => m.start >= offset)
      .map((m) => ({ start: m.start - offset, end: m.end - offset })),
  }));
  // Recorded on the article, not only logged: its entities are those of the text's start.
  const tokensReason = result.truncated
    ? `entities of the first ${deps.maxTokens} tokens only (ENTITIES_MAX_TOKENS)`
    : undefined;
  if (tokensReason)
    ctx.log.warn(
      { articleId: article.articleId, tokens: result.tokens },
      'article too long; entities of its start only',
    );
  const model = { name: NER_MODEL_NAME, version: deps.modelVersion, language: decision.language };
  // The reason so far is counted in the rest; fitEntities keeps room for its own after it.
  const rest = Buffer.byteLength(
    JSON.stringify({ ...article, entities: [], entitiesModel: { ...model, reason: tokensReason } }),
  );
  const fitted = fitEntities(entities, rest);
  if (fitted.reason)
    ctx.log.warn(
      { articleId: article.articleId, entities: entities.length, kept: fitted.entities.length },
      'entities over the message size; the most salient kept',
    );
  const reason = [tokensReason, fitted.reason].filter((r) => r !== undefined).join('; ');
  await ctx.send(Topics.articleEnriched, article.articleId, ArticleEnrichedSchema, {
    ...article,
    entities: fitted.entities,
    entitiesModel: reason ? { ...model, reason } : model,
  });
}
