import type { TruthLike } from './evaluate-findings.ts';

/**
 * The part of a truth file that concerns the networks whose evidence is in the case. A case built from
 * one region's folder holds nothing of the other groups, so scoring it against the whole truth would
 * count their members as misses. Items without a network (buyers, legitimate accounts, benign chats)
 * are kept.
 */
export function restrictTruth(truth: TruthLike, networks: readonly string[]): TruthLike {
  const wanted = new Set(networks);
  const inScope = (network: string | null | undefined) =>
    network === null || network === undefined || network.split(',').some((n) => wanted.has(n.trim()));
  const persons = truth.persons.filter((p) => inScope(p.network));
  const personIds = new Set(persons.map((p) => p.id));
  const byNetwork = truth.participants.byNetwork;
  const total = byNetwork
    ? Object.entries(byNetwork).reduce((sum, [n, count]) => sum + (wanted.has(n) ? count : 0), 0)
    : truth.participants.total;
  return {
    ...truth,
    participants: { ...truth.participants, total },
    persons,
    accounts: truth.accounts.filter((a) => inScope(a.network)),
    channels: truth.channels.filter((c) => inScope(c.network)),
    keyFigures: truth.keyFigures.filter((k) => personIds.has(k.person)),
    endRecipients: truth.endRecipients.filter((e) => personIds.has(e.holder)),
  };
}
