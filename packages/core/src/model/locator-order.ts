/**
 * Locators in the order a reader counts them: the numbers inside compared as numbers (`row:17` before `row:110`,
 * `message:9` before `message:10`), the text between them as text. The issues of a file are listed so (the store
 * orders `locator` as text, which puts `row:110` before `row:17`).
 */
export function compareLocators(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      // As numbers of any length: the shorter (leading zeros aside) is the smaller.
      const sx = x.replace(/^0+(?=\d)/, '');
      const sy = y.replace(/^0+(?=\d)/, '');
      if (sx.length !== sy.length) return sx.length - sy.length;
      if (sx !== sy) return sx < sy ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function parts(s: string): string[] {
  return s.match(/\d+|\D+/g) ?? [];
}
