import { SCHEMA_VERSION, type ArticleEnriched } from '@newsflow/contracts';
import { articleIdFor } from '@newsflow/normalize';

/** A story long enough for the near-duplicate check (176 words). */
export const SAMPLE_TEXT = `Heavy rain swept across the northern valleys overnight, swelling rivers that had already burst their banks earlier in the week. Emergency crews evacuated more than four hundred residents from low-lying streets near the old mill, and the regional council opened two school halls as shelters.

The weather service said a further forty millimetres could fall before Thursday evening. Engineers were inspecting the main road bridge after debris piled against its pillars, and the railway operator replaced trains with buses between the two market towns.

Farmers described fields turned into lakes within hours. One dairy owner said he had moved his herd to higher ground at three in the morning, working by torchlight while the water rose around the milking shed. Insurance companies set up a hotline and promised to send assessors as soon as the roads reopened.

The mayor thanked volunteers who filled sandbags through the night and asked people to stay away from the riverbanks, where the current remained dangerous. Officials expect the river to peak on Wednesday afternoon before slowly falling over the weekend.`;

/** Another story, unrelated to SAMPLE_TEXT. */
export const OTHER_TEXT = `The home side won the cup final on penalties after a tense evening in which neither team managed to score in two hours of play. Their young goalkeeper saved the fourth and fifth kicks, sending the crowd onto the pitch before the stewards could stop them.

The visitors had the better of the first half, hitting the post twice and forcing three corners in the opening ten minutes. After the break the hosts took control of midfield, but their captain saw a header cleared off the line and a late free kick sail over the bar.

Extra time brought tired legs and few chances. The coach said afterwards that he had never been prouder of a group of players, and dedicated the trophy to the groundsman who retired this season after forty years at the club.`;

/**
 * A valid `article.enriched` message for tests; `overrides` replace fields. The id follows the canonical URL
 * unless given.
 */
export function sampleArticle(overrides: Partial<ArticleEnriched> = {}): ArticleEnriched {
  const canonicalUrl = overrides.canonicalUrl ?? 'https://news.example/2026/11/floods-north';
  const text = overrides.text ?? SAMPLE_TEXT;
  return {
    schemaVersion: SCHEMA_VERSION,
    articleId: articleIdFor(canonicalUrl, overrides.part ?? 0),
    pageId: 'p_0123456789abcdef01234567',
    part: 0,
    url: `${canonicalUrl}?utm_source=feed`,
    finalUrl: canonicalUrl,
    canonicalUrl,
    siteName: 'News Example',
    language: 'en',
    title: 'Floods force hundreds from their homes',
    description: 'Rivers burst their banks after a night of heavy rain.',
    authors: ['Jane Reporter'],
    publishedAt: '2026-11-20T07:30:00.000Z',
    section: 'Weather',
    tags: ['floods', 'weather'],
    text,
    html: `<article>${text
      .split('\n\n')
      .map((p) => `<p>${p}</p>`)
      .join('')}</article>`,
    wordCount: text.split(/\s+/).filter(Boolean).length,
    provenance: {
      title: { source: 'og:title', confidence: 0.9 },
      publishedAt: { source: 'json-ld', confidence: 0.95 },
      authors: { source: 'byline', confidence: 0.7 },
    },
    extractor: { name: 'newsflow-extraction', version: '1.0.0' },
    fetchedAt: '2026-11-20T08:00:00.000Z',
    processedAt: '2026-11-20T08:00:01.000Z',
    entities: [
      {
        name: 'Thursday',
        type: 'MISC',
        aliases: [],
        count: 1,
        salience: 0.1,
        mentions: [{ start: 363, end: 371 }],
      },
    ],
    entitiesModel: { name: 'newsflow-ner', version: '1.0.0' },
    ...overrides,
  };
}
