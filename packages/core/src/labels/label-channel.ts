import type { MessageLabel } from '../model/tables.ts';

/** One labelled message: `ref` is how findings point at it (e.g. `tg:chat:42/message:7`). */
export interface MessageLabelRef {
  ref: string;
  label: MessageLabel;
  score: number;
}

export interface ChannelLabel {
  label: MessageLabel;
  score: number;
  /** Labelled messages behind the label. */
  messages: number;
  /** The strongest messages, best first (at most `maxEvidence`). */
  evidence: string[];
}

export interface LabelChannelOptions {
  /** Each message counts for `damping × score`, so one ad alone does not label a channel. Default 0.5. */
  damping?: number;
  /** Channel labels below this score are left out. Default 0.5. */
  minScore?: number;
  maxEvidence?: number;
}

export const LABEL_CHANNEL_DEFAULTS = { damping: 0.5, minScore: 0.5, maxEvidence: 5 } as const;

/**
 * Aggregates message labels into channel labels: a noisy-OR of the damped message scores
 * (`1 − Π(1 − damping·sᵢ)`), so evidence accumulates with every labelled post but a single ambiguous
 * message stays below the bar. Every channel label names the messages behind it.
 */
export function labelChannel(
  messageLabels: Iterable<MessageLabelRef>,
  options: LabelChannelOptions = {},
): ChannelLabel[] {
  const o = { ...LABEL_CHANNEL_DEFAULTS, ...options };
  const acc = new Map<
    MessageLabel,
    { miss: number; count: number; refs: Array<{ ref: string; score: number }> }
  >();
  for (const m of messageLabels) {
    let a = acc.get(m.label);
    if (!a) acc.set(m.label, (a = { miss: 1, count: 0, refs: [] }));
    a.miss *= 1 - Math.min(1, Math.max(0, o.damping * m.score));
    a.count++;
    a.refs.push({ ref: m.ref, score: m.score });
    // Keep the evidence list bounded on channels with millions of posts.
    if (a.refs.length > o.maxEvidence * 4) {
      a.refs.sort((x, y) => y.score - x.score);
      a.refs.length = o.maxEvidence;
    }
  }
  const out: ChannelLabel[] = [];
  for (const [label, a] of acc) {
    const score = Math.round((1 - a.miss) * 1000) / 1000;
    if (score < o.minScore) continue;
    a.refs.sort((x, y) => y.score - x.score || (x.ref < y.ref ? -1 : 1));
    out.push({ label, score, messages: a.count, evidence: a.refs.slice(0, o.maxEvidence).map((r) => r.ref) });
  }
  return out.sort((x, y) => y.score - x.score);
}
