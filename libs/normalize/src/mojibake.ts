/**
 * Repairs UTF-8 text that was decoded as Latin-1 or Windows-1252 somewhere upstream and re-encoded
 * ("Investorâ€™s" for "Investor’s", "Â " for a no-break space): publishers' CMSs double-encode, and a
 * page that declares the wrong charset shows the same. Only byte sequences that form valid UTF-8 are
 * rewritten, so real Latin-1 text ("SÃO PAULO", "Â") stays as it is.
 */

/** Windows-1252 characters for bytes 0x80–0x9f, and those bytes. */
const CP1252_BYTES: ReadonlyMap<string, number> = new Map(
  [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'].map((c, i) => [c, 0x80 + i]),
);

/** A character that stands for a UTF-8 continuation byte (0x80–0xbf) under either decoding. */
const CONT = '[\\u0080-\\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]';
const MOJIBAKE_RE = new RegExp(
  `[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3}`,
  'g',
);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function byteOf(c: string): number {
  const code = c.charCodeAt(0);
  return code <= 0xff ? code : CP1252_BYTES.get(c)!;
}

/** `text` with every double-decoded UTF-8 sequence turned back into the character it encodes. */
export function repairMojibake(text: string): string {
  MOJIBAKE_RE.lastIndex = 0;
  if (!MOJIBAKE_RE.test(text)) return text;
  return text.replace(MOJIBAKE_RE, (seq) => {
    try {
      return strictUtf8.decode(Uint8Array.from([...seq].map(byteOf)));
    } catch {
      return seq;
    }
  });
}
