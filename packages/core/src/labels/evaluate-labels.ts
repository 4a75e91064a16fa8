import type { MessageLabel } from '../model/tables.ts';
import { labelMessage } from './label-message.ts';

export interface LabelledText {
  text: string;
  labels: MessageLabel[];
}

export interface LabelScore {
  label: MessageLabel;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

const LABELS: MessageLabel[] = ['sale', 'recruitment', 'training', 'payment', 'drop_report'];

/** Precision and recall per label of `labelMessage` on a labelled set (docs/labels.md reports them). */
export function evaluateLabels(rows: readonly LabelledText[]): {
  scores: LabelScore[];
  errors: Array<{ text: string; expected: MessageLabel[]; got: MessageLabel[] }>;
} {
  const pairs = rows.map((r) => ({
    text: r.text,
    expected: r.labels,
    got: labelMessage(r.text).map((h) => h.label),
  }));
  const errors = pairs.filter((p) => LABELS.some((l) => p.expected.includes(l) !== p.got.includes(l)));
  return { scores: labelScores(pairs), errors };
}

/** Precision and recall per label of the labels given (`got`) against the labels expected, row by row. */
export function labelScores(
  rows: ReadonlyArray<{ expected: readonly MessageLabel[]; got: readonly MessageLabel[] }>,
): LabelScore[] {
  return LABELS.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const { expected, got } of rows) {
      const e = expected.includes(label);
      const g = got.includes(label);
      if (e && g) tp++;
      else if (g) fp++;
      else if (e) fn++;
    }
    return {
      label,
      tp,
      fp,
      fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
}

/** Parses the JSONL evaluation set (lines starting with `{"_meta"` are skipped). */
export function parseEvalSet(jsonl: string): LabelledText[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('{"_meta"'))
    .map((l) => JSON.parse(l) as LabelledText);
}
