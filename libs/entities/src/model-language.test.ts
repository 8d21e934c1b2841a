// eslint-disable-next-line no-restricted-imports -- the test reads its fixture files; the library itself does no I/O
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideModelLanguage } from './model-language.js';

const fixture = (lang: string): string =>
  readFileSync(new URL(`../../../test/entities/fixtures/${lang}.txt`, import.meta.url), 'utf8');
const english =
  'The foreign minister said on Tuesday that the talks with the government in Moscow had been useful, and that both sides would meet again in Geneva next month to discuss the sanctions.';
const EN = ['en'];

describe('decideModelLanguage', () => {
  it.each([
    ['de', 'German'],
    ['fr', 'French'],
    ['zh', 'Chinese'],
  ])('refuses a %s (%s) article without a language field, detected from its text', (lang) => {
    expect(decideModelLanguage({ text: fixture(lang) }, EN)).toEqual({
      tag: false,
      language: lang,
      from: 'text',
      reason: `none: language ${lang}`,
    });
  });

  it('refuses an article whose language field names another language, without second-guessing it', () => {
    expect(decideModelLanguage({ language: 'de-AT', text: english }, EN)).toEqual({
      tag: false,
      language: 'de',
      from: 'article',
      reason: 'none: language de',
    });
  });

  it('tags English, from the language field or from the text', () => {
    expect(decideModelLanguage({ language: 'en-GB', text: fixture('de') }, EN)).toEqual({
      tag: true,
      language: 'en',
      from: 'article',
    });
    expect(decideModelLanguage({ text: english }, EN)).toEqual({ tag: true, language: 'en', from: 'text' });
  });

  it('detects from the text when the language field is not a language tag', () => {
    expect(decideModelLanguage({ language: 'English (UK)', text: fixture('fr') }, EN)).toMatchObject({
      tag: false,
      language: 'fr',
      from: 'text',
    });
  });

  it('refuses text whose language cannot be told', () => {
    for (const text of ['', 'Sergey Lavrov', '12:30 — 14:45']) {
      expect(decideModelLanguage({ text }, EN)).toEqual({
        tag: false,
        language: undefined,
        from: 'unknown',
        reason: 'none: language unknown',
      });
    }
  });

  it('follows the model languages it is given', () => {
    expect(decideModelLanguage({ text: fixture('de') }, ['en', 'de'])).toEqual({
      tag: true,
      language: 'de',
      from: 'text',
    });
  });
});
