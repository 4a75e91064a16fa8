import { readdirSync } from 'node:fs';
/**
 * The conversation-shaped SYNTHETIC pairs whose text rows `scripts/train-labels.ts --more-chats` adds to the label
 * model's training (model 31's `recruitment` block trains on them), and over which `scripts/lopo-label-model.ts` holds
 * one pair out at a time: 71WA … 149AB, two sets per pair (117AA … 149AB since the twenty-first session). 151AA …
 * 161AB are dev sets too but train no shipped model (docs/labels.md, "Twenty-first session", model 32).
 */
export const CONVERSATION_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ...['71w', '73x', '75y', '77z'].map((p) => [`chat${p}a`, `chat${p}b`] as const),
  ...[
    79, 81, 83, 85, 87, 89, 91, 93, 95, 97, 99, 101, 103, 105, 107, 109, 111, 113, 115, 117, 119, 121, 123,
    125, 127, 129, 131, 133, 135, 137, 139, 141, 143, 145, 147, 149,
  ].map((n) => [`chat${n}aa`, `chat${n}ab`] as const),
];

/** The conversation-shaped sets of `dir` (`eval.chat*.synthetic.jsonl`) by name (`chat31ca`), sorted, less `exclude`. */
export function conversationSetNames(dir: string, exclude: ReadonlySet<string> = new Set()): string[] {
  return readdirSync(dir)
    .map((f) => /^eval\.(chat\d{2,3}[a-z]+)\.synthetic\.jsonl$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined && !exclude.has(s))
    .sort();
}
