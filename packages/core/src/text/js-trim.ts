/**
 * Every character JS `String.prototype.trim` removes but CR and LF (which end a line, so never sit at a cell's
 * edge in a line-based reader): the bulk paths that trim in SQL, and the scan that finds padded cells, must trim
 * exactly what the streaming parsers' `trim()` does. `js-trim.test.ts` checks it against `trim()` itself.
 */
export const JS_TRIM_SPACES =
  '\t\v\f \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
