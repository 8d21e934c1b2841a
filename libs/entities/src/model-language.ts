import { detectLanguage } from '@newsflow/extraction';

/** The model name recorded (`entitiesModel.name`) for an article no model tagged. */
export const NO_MODEL_NAME = 'none';

/** What an article says about itself that decides whether a model may tag it. */
export interface ModelLanguageInput {
  /** The article's language as the cleaner recorded it (`en`, `de-AT`, …); detected from `text` when absent. */
  readonly language?: string | undefined;
  readonly text: string;
}

/**
 * Whether a model trained on `modelLanguages` may tag an article. `from` says where the language came
 * from: the article's own field, detection on its text, or neither (too little text, or a language the
 * detector does not know).
 */
export type ModelLanguageDecision =
  | { readonly tag: true; readonly language: string; readonly from: 'article' | 'text' }
  | {
      readonly tag: false;
      readonly language: string | undefined;
      readonly from: 'article' | 'text' | 'unknown';
      /** `none: language de`, `none: language unknown`: what `entitiesModel.reason` records. */
      readonly reason: string;
    };

/** `en`, `en-GB`, `EN_us` → `en`; anything else is not a language tag. */
const LANGUAGE_TAG = /^([a-z]{2,3})(?:[-_][a-z0-9-_]*)?$/i;

function primaryLanguage(raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : LANGUAGE_TAG.exec(raw.trim())?.[1]?.toLowerCase();
}

/**
 * Decides whether a tagger trained on `modelLanguages` may tag this article. A model run on a language
 * it was not trained on returns garbage (an English model tags German nouns as people and places, since
 * German capitalises every noun), so an article is tagged only when its language is known to be one of
 * the model's: the article's `language` field when it holds a language tag, else the language detected
 * on its text (`detectLanguage` of `@newsflow/extraction`: stop words and scripts over the first 400
 * words). Text whose language cannot be told is not tagged either. Pure and linear in the text.
 */
export function decideModelLanguage(
  input: ModelLanguageInput,
  modelLanguages: readonly string[],
): ModelLanguageDecision {
  const declared = primaryLanguage(input.language);
  const language = declared ?? detectLanguage(input.text)?.language;
  if (language === undefined)
    return { tag: false, language, from: 'unknown', reason: 'none: language unknown' };
  const from = declared !== undefined ? 'article' : 'text';
  if (modelLanguages.includes(language)) return { tag: true, language, from };
  return { tag: false, language, from, reason: `none: language ${language}` };
}
