import { describe, expect, it } from 'vitest';
import { binaryShare, detectBinary } from './binary-content.js';

describe('detectBinary', () => {
  it('accepts text, ISO-2022-JP escapes and UTF-16 with a BOM', () => {
    expect(detectBinary(Buffer.from('plain\ttext\r\n\f'))).toBeUndefined();
    expect(detectBinary(Buffer.from('\u001b$B$3$s\u001b(B'))).toBeUndefined();
    expect(detectBinary(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBeUndefined();
    expect(detectBinary(new Uint8Array(0))).toBeUndefined();
  });

  it('names the signature or the first control byte', () => {
    expect(detectBinary(Buffer.from('%PDF-1.4'))).toBe('PDF signature');
    expect(detectBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d]))).toBe('PNG signature');
    expect(detectBinary(Buffer.from([0x41, 0x42, 0x00]))).toBe('control byte 0x00 at offset 2');
  });

  it('looks at the first 1445 bytes only', () => {
    const late = Buffer.concat([Buffer.alloc(1445, 0x61), Buffer.from([0x00])]);
    expect(detectBinary(late)).toBeUndefined();
  });
});

describe('binaryShare', () => {
  it('is zero for text with tabs and newlines, and high for control characters', () => {
    expect(binaryShare('a\tb\r\nc\fd')).toBe(0);
    expect(binaryShare('')).toBe(0);
    expect(binaryShare('\u0000\u0001ab')).toBe(0.5);
    expect(binaryShare('\ufffd')).toBe(1);
  });
});
