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
  const c = new Map(LABELS.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  const errors: Array<{ text: string; expected: MessageLabel[]; got: MessageLabel[] }> = [];
  for (const r of rows) {
    const got = labelMessage(r.text).map((h) => h.label);
    let wrong = false;
    for (const l of LABELS) {
      const e = r.labels.includes(l);
      const g = got.includes(l);
      const x = c.get(l)!;
      if (e && g) x.tp++;
      else if (g) {
        x.fp++;
        wrong = true;
      } else if (e) {
        x.fn++;
        wrong = true;
      }
    }
    if (wrong) errors.push({ text: r.text, expected: r.labels, got });
  }
  const scores = LABELS.map((label) => {
    const { tp, fp, fn } = c.get(label)!;
    return {
      label,
      tp,
      fp,
      fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
  return { scores, errors };
}

/** Parses the JSONL evaluation set (lines starting with `{"_meta"` are skipped). */
export function parseEvalSet(jsonl: string): LabelledText[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('{"_meta"'))
    .map((l) => JSON.parse(l) as LabelledText);
}
