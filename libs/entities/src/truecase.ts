import { Casing, casingOf, isAllCapsSentence } from './features.js';

/**
 * Document truecasing of ALL-CAPS lines ("RUSSIA'S LAVROV MEETS TILLERSON"): each word of such a line
 * takes the casing it has most often in the document's other sentences ("Russia", "Lavrov", "meets");
 * words not seen elsewhere keep their capitals. Returns new forms; `doc` is not changed.
 */
export function truecaseAllCapsLines(doc: readonly (readonly string[])[]): string[][] {
  const caps = doc.map((s) => isAllCapsSentence(s));
  if (!caps.some(Boolean)) return doc.map((s) => [...s]);
  const variants = new Map<string, Map<string, number>>();
  doc.forEach((s, si) => {
    if (caps[si]) return;
    s.forEach((w, i) => {
      const c = casingOf(w);
      if (c === Casing.other || c === Casing.num || c === Casing.hasDigit) return;
      // A sentence-initial capital says nothing about the word's own casing.
      if (i === 0 && c === Casing.title) return;
      const key = w.toLowerCase();
      const v = variants.get(key) ?? new Map<string, number>();
      v.set(w, (v.get(w) ?? 0) + 1);
      variants.set(key, v);
    });
  });
  return doc.map((s, si) =>
    caps[si]
      ? s.map((w) => {
          let best = w;
          let bestN = 0;
          for (const [form, n] of variants.get(w.toLowerCase()) ?? []) {
            if (n > bestN) {
              best = form;
              bestN = n;
            }
          }
          return best;
        })
      : [...s],
  );
}
