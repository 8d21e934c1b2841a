import { describe, expect, it } from 'vitest';
import type { Element } from 'domhandler';
import { DEFAULT_MAX_DEPTH, MAX_SUPPORTED_DEPTH, parseHtml, textOf } from './dom.js';
import { ExtractionErrorCode, type ExtractionError } from './extraction-error.js';
import { extractArticles } from './extract-articles.js';

const thrown = (fn: () => unknown): ExtractionError => {
  try {
    fn();
  } catch (error) {
    return error as ExtractionError;
  }
  throw new Error('expected an ExtractionError');
};

describe('parseHtml', () => {
  it('refuses a deep page at the first element past the depth limit, not after building the whole tree', () => {
    const deep = `${'<div>'.repeat(20_000)}x`;
    const error = thrown(() => parseHtml(deep));
    expect(error.code).toBe(ExtractionErrorCode.tooDeep);
    expect(error.actual).toBe(DEFAULT_MAX_DEPTH + 1);
    expect(thrown(() => parseHtml(deep, { maxDepth: 10 })).actual).toBe(11);
  });

  it('counts elements, texts and comments while parsing and refuses the first node past the limit', () => {
    const wide = '<p>a</p><!-- c -->'.repeat(10_000);
    const error = thrown(() => parseHtml(wide, { maxNodes: 100 }));
    expect(error.code).toBe(ExtractionErrorCode.tooManyNodes);
    expect(error.actual).toBe(101);
    expect(parseHtml('<p>a</p><!-- c -->').nodeCount).toBe(3);
  });

  it('accepts nesting up to the limit', () => {
    expect(() => parseHtml(`${'<div>'.repeat(DEFAULT_MAX_DEPTH)}x`)).not.toThrow();
  });

  it(`never accepts nesting deeper than ${MAX_SUPPORTED_DEPTH} levels, whatever the limits say (the walks recurse per level)`, () => {
    const limits = { maxDepth: 1_000_000 };
    expect(thrown(() => parseHtml(`${'<div>'.repeat(MAX_SUPPORTED_DEPTH + 500)}x`, limits)).actual).toBe(
      MAX_SUPPORTED_DEPTH + 1,
    );
    const deepest = `<p>${'word '.repeat(40)}</p>${'<div>'.repeat(MAX_SUPPORTED_DEPTH - 10)}<p>${'text '.repeat(40)}</p>`;
    expect(extractArticles({ body: deepest, limits }).articles[0]?.text).toContain('text text');
  });
});

describe('textOf', () => {
  it('reads the text of a subtree with block elements separated', () => {
    const { document } = parseHtml(
      '<div><h2>Title</h2><p>One <b>two</b></p><p>three<br>four</p><script>x</script></div>',
    );
    expect(textOf(document)).toBe('Title One two three four');
  });

  it('separates the text after a block element from the block', () => {
    const { document } = parseHtml(
      '<h1><div>Get that tech stack</div>Klatch Coffee</h1><p><span>a</span><div><p>b</p></div>c</p>',
    );
    expect(textOf(document.children[0]!)).toBe('Get that tech stack Klatch Coffee');
    expect(textOf(document)).toBe('Get that tech stack Klatch Coffee a b c');
    const kicker = parseHtml('<h1><div><span>Kicker</span></div><span>: </span><span>Headline</span></h1>');
    expect(textOf(kicker.document)).toBe('Kicker: Headline');
  });

  it('stops after its node budget on a subtree of thousands of empty elements', () => {
    const { document } = parseHtml(`<div>${'<i></i>'.repeat(100_000)}late text</div>`);
    const div = document.children[0] as Element;
    expect(textOf(div, 100)).toBe('');
    expect(textOf(div)).toBe('late text');
  });
});
