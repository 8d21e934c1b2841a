import { describe, expect, it } from 'vitest';
import { blockFingerprints, extractArticles } from '@newsflow/extraction';
import { capFingerprints, keptFingerprints, templateHostOf } from './site-templates.js';

describe('templateHostOf', () => {
  it('is the lower-case host name without www.', () => {
    expect(templateHostOf('https://WWW.News.Example:8443/a')).toBe('news.example');
    expect(templateHostOf('https://blog.news.example/a')).toBe('blog.news.example');
  });
});

describe('capFingerprints', () => {
  it('keeps unique fingerprints, and the first and last ones of a long page', () => {
    expect(capFingerprints(['a', 'b', 'a'], 10)).toEqual(['a', 'b']);
    const many = Array.from({ length: 10 }, (_, i) => `f${i}`);
    expect(capFingerprints(many, 4)).toEqual(['f0', 'f1', 'f8', 'f9']);
    expect(capFingerprints(many, 5)).toEqual(['f0', 'f1', 'f2', 'f8', 'f9']);
  });
});

describe('keptFingerprints', () => {
  it('fingerprints the blocks an extraction kept, a subset of what blockFingerprints sees', () => {
    const paragraphs = [
      'The council voted on Tuesday to extend the ferry timetable into the winter months, after a long debate.',
      'Opponents said the cost would fall on residents who never use the ferry, while supporters pointed to tourism.',
      'The Harbour Gazette is printed on recycled paper and carried to your door by our volunteer cyclists.',
      'A final decision on the fares is expected next month, when the budget for the coming year is presented.',
    ];
    const body = `<html><body><nav><a href="/">Home</a></nav><article><h1>Ferry timetable extended</h1>${paragraphs
      .map((p) => `<p>${p}</p>`)
      .join('')}</article></body></html>`;
    const input = { body, contentType: 'text/html' as const, url: 'https://harbour.example/ferry' };
    const kept = keptFingerprints(extractArticles(input).articles);
    expect(kept).toHaveLength(paragraphs.length);
    for (const fp of kept) expect(blockFingerprints(input)).toContain(fp);
  });
});
