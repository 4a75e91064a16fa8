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
  /** `messages / totalMessages` when the channel's message count was given, else null. */
  share: number | null;
  /** Why the label was given, in words: count, share, score and the bars they passed. */
  reason: string;
}

export interface LabelChannelOptions {
  /** Each message counts for `damping × score`, so one ad alone does not label a channel. Default 0.5. */
  damping?: number;
  /** Channel labels below this score are left out. Default 0.5. */
  minScore?: number;
  maxEvidence?: number;
  /**
   * All messages of the channel, labelled or not (text messages; service messages excluded). When given,
   * a label also needs `minShare` of them — or `minMessages` labelled ones, however large the channel is —
   * so a few stray ads in a huge ordinary chat do not label it.
   */
  totalMessages?: number;
  /** Default 0.02 (2 % of the channel's messages). */
  minShare?: number;
  /** Default 2: one message never labels a channel on its own. */
  minMessages?: number;
  /** This many labelled messages pass regardless of the share. Default 25. */
  enoughMessages?: number;
}

export const LABEL_CHANNEL_DEFAULTS = {
  damping: 0.5,
  minScore: 0.5,
  maxEvidence: 5,
  minShare: 0.02,
  minMessages: 2,
  enoughMessages: 25,
} as const;

/**
 * Aggregates message labels into channel labels: a noisy-OR of the damped message scores
 * (`1 − Π(1 − damping·sᵢ)`), so evidence accumulates with every labelled post but a single ambiguous
 * message stays below the bar. A shop channel whose other posts are short or unlabelled still gets the
 * label: only the labelled messages add up, unlabelled ones never subtract. With `totalMessages` the
 * share of labelled messages is a second bar (or `enoughMessages` of them). Every channel label names
 * the messages behind it and says why (`reason`).
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
  const total = o.totalMessages;
  for (const [label, a] of acc) {
    const score = Math.round((1 - a.miss) * 1000) / 1000;
    if (score < o.minScore || a.count < o.minMessages) continue;
    const share = total !== undefined && total > 0 ? Math.min(1, a.count / total) : null;
    const byShare = share === null || share >= o.minShare;
    if (!byShare && a.count < o.enoughMessages) continue;
    const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
    const reason =
      `${a.count}${total !== undefined ? ` of ${total}` : ''} messages labelled ${label}` +
      `${share !== null ? ` (${pct(share)}${byShare ? ` ≥ ${pct(o.minShare)}` : `; ≥ ${o.enoughMessages} messages`})` : ''}` +
      `; combined score ${score} ≥ ${o.minScore}`;
    a.refs.sort((x, y) => y.score - x.score || (x.ref < y.ref ? -1 : 1));
    out.push({
      label,
      score,
      messages: a.count,
      evidence: a.refs.slice(0, o.maxEvidence).map((r) => r.ref),
      share,
      reason,
    });
  }
  return out.sort((x, y) => y.score - x.score);
}
