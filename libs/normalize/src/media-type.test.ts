import { describe, expect, it } from 'vitest';
import { mediaTypeOf, sniffTextMediaType } from './media-type.js';

describe('mediaTypeOf', () => {
  it('keeps the essence, lower-cased, without parameters', () => {
    expect(mediaTypeOf('Text/HTML; charset=UTF-8')).toBe('text/html');
    expect(mediaTypeOf(' application/xhtml+xml ')).toBe('application/xhtml+xml');
    expect(mediaTypeOf('')).toBe('');
    expect(mediaTypeOf(undefined)).toBe('');
  });
});

describe('sniffTextMediaType', () => {
  it('is HTML when the body starts with markup (after a BOM and blanks), else plain text', () => {
    expect(sniffTextMediaType(Buffer.from('\ufeff  <!DOCTYPE html><p>x'))).toBe('text/html');
    expect(sniffTextMediaType(Buffer.from('<p>x</p>'))).toBe('text/html');
    expect(sniffTextMediaType(Buffer.from('Just words <b>later</b>'))).toBe('text/plain');
  });
});
