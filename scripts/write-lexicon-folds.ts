/**
 * Writes packages/core/src/labels/lexicon-folds.json: every term, `unless`, `not` and negation string of lexicon.json
 * folded and stemmed, so that compiling the shipped lexicon does no cold folding or stemming (docs/labels.md,
 * "Speed"). Deterministic (lexicon order). Run after editing lexicon.json or the folding code:
 *
 *   npx tsx scripts/write-lexicon-folds.ts           # write
 *   npx tsx scripts/write-lexicon-folds.ts --check   # exit 1 when the file is stale
 *
 * labels.test.ts fails when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { LEXICON_DATA } from '../packages/core/src/labels/lexicon.ts';
import { lexiconFolds } from '../packages/core/src/labels/lexicon-folds.ts';

const file = new URL('../packages/core/src/labels/lexicon-folds.json', import.meta.url);
const text = `${JSON.stringify(lexiconFolds(LEXICON_DATA), null, 1)}\n`;
if (process.argv.includes('--check')) {
  if (readFileSync(file, 'utf8') !== text) {
    console.error(`${file.pathname} is stale: run npx tsx scripts/write-lexicon-folds.ts`);
    process.exit(1);
  }
  console.error('lexicon-folds.json is current');
} else {
  writeFileSync(file, text);
  console.error(`wrote ${file.pathname} (${text.length} chars)`);
}
