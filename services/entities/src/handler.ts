import { ArticleEnrichedSchema, Topics, type ArticleCleaned } from '@newsflow/contracts';
import { findEntities, type Tagger } from '@newsflow/entities';
import type { JobContext } from '@newsflow/runtime';

export interface EntitiesHandlerDeps {
  readonly tagger: Tagger;
  readonly maxTokens: number;
  readonly modelVersion: string;
}

/** Finds the entities of one cleaned article and hands the enriched article on. */
export async function handleArticle(article: ArticleCleaned, ctx: JobContext, deps: EntitiesHandlerDeps): Promise<void> {
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
    mentions: entity.mentions.filter((m) => m.start >= offset).map((m) => ({ start: m.start - offset, end: m.end - offset })),
  }));
  if (result.truncated) ctx.log.warn({ articleId: article.articleId, tokens: result.tokens }, 'article too long; entities of its start only');
  await ctx.send(Topics.articleEnriched, article.articleId, ArticleEnrichedSchema, {
    ...article,
    entities,
    entitiesModel: { name: 'newsflow-bilstm-crf', version: deps.modelVersion },
  });
}
