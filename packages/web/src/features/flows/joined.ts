/**
 * A stage that passes on more than the diagram brings into it: the bands after it carry money that joined from
 * elsewhere (accounts in no stage, transfers outside the basis, balances from before), which a Sankey draws
 * without saying so.
 */
export function joinedStages(
  links: ReadonlyArray<{ source: string; target: string; usd: string }>,
): Array<{ stage: string; in: number; out: number }> {
  const inflow = new Map<string, number>();
  const outflow = new Map<string, number>();
  for (const l of links) {
    inflow.set(l.target, (inflow.get(l.target) ?? 0) + Number(l.usd));
    outflow.set(l.source, (outflow.get(l.source) ?? 0) + Number(l.usd));
  }
  const out: Array<{ stage: string; in: number; out: number }> = [];
  for (const [stage, o] of outflow) {
    const i = inflow.get(stage) ?? 0;
    // A stage nothing flows into is where the diagram starts; a cent of rounding is no joining.
    if (i > 0 && o > i * 1.005 + 0.01) out.push({ stage, in: i, out: o });
  }
  return out;
}

/** The note under the title, per UI language. */
export const JOINED: Record<'ru' | 'en', (stage: string, out: string, inflow: string) => string> = {
  en: (stage, out, inflow) =>
    `${stage} pass on ${out}, more than the ${inflow} that reaches them in this diagram: the difference joins from elsewhere (accounts in no stage, or money they held before).`,
  ru: (stage, out, inflow) =>
    `${stage} передают дальше ${out} — больше, чем ${inflow}, поступившие к ним на этой диаграмме: разница пришла извне (со счетов вне этих этапов или из средств, бывших на счетах раньше).`,
};
