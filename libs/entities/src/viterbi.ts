/**
 * Best tag path of a linear-chain CRF.
 * @param emissions row-major `[length, nTags]` scores (a view into a larger buffer is fine)
 * @param offset index in `emissions` of this sequence's first score
 * @param transitions row-major `[from, to]` scores
 */
export function viterbiDecode(
  emissions: Float32Array,
  offset: number,
  length: number,
  nTags: number,
  transitions: Float32Array,
  start: Float32Array,
  end: Float32Array,
): Int32Array {
  const path = new Int32Array(length);
  if (length === 0) return path;
  let score = new Float64Array(nTags);
  let next = new Float64Array(nTags);
  const back = new Int32Array(length * nTags);
  for (let j = 0; j < nTags; j++) score[j] = (start[j] ?? 0) + (emissions[offset + j] ?? 0);
  for (let t = 1; t < length; t++) {
    const base = offset + t * nTags;
    for (let j = 0; j < nTags; j++) {
      let best = -Infinity;
      let arg = 0;
      for (let i = 0; i < nTags; i++) {
        const s = (score[i] ?? 0) + (transitions[i * nTags + j] ?? 0);
        if (s > best) {
          best = s;
          arg = i;
        }
      }
      next[j] = best + (emissions[base + j] ?? 0);
      back[t * nTags + j] = arg;
    }
    [score, next] = [next, score];
  }
  let best = -Infinity;
  let arg = 0;
  for (let j = 0; j < nTags; j++) {
    const s = (score[j] ?? 0) + (end[j] ?? 0);
    if (s > best) {
      best = s;
      arg = j;
    }
  }
  path[length - 1] = arg;
  for (let t = length - 1; t > 0; t--) {
    arg = back[t * nTags + arg] ?? 0;
    path[t - 1] = arg;
  }
  return path;
}
