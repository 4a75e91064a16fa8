import type { CaseAnalysis } from '../analysis/analyze-case-data.ts';
import type { Role, RoleFlag } from '../analysis/assign-roles.ts';
import type { CrossCaseHit } from '../analysis/cross-case.ts';
import { accountKind } from '../analysis/transfer-columns.ts';
import { microToUsd } from '../analysis/usd-converter.ts';
import type { Findings, FindingsAccount, FindingsPerson, FindingsSupport, Footnote } from './findings.ts';
import type { ChatType } from '../model/tables.ts';
import { locatedRef } from './record-ref.ts';
import { isFlaggedChat } from './flagged-chat.ts';

export interface BuildFindingsOptions {
  caseName: string;
  evidenceCount: number;
  /** ISO timestamp passed in (core has no clock). */
  now: string;
  crossCase?: readonly CrossCaseHit[];
  keyFigures?: number;
}

const NON_PARTICIPANT: ReadonlySet<Role> = new Set(['buyer', 'unknown']);

/** CaseAnalysis → findings JSON (CONTRACT §4) and the footnote data a report cites. */
export function buildFindings(
  a: CaseAnalysis,
  options: BuildFindingsOptions,
): { findings: Findings; support: FindingsSupport } {
  const { cols, roles } = a;
  const turnoverOf = (pid: string) => {
    const i = a.personIndex.get(pid);
    return i === undefined ? { in: 0n, out: 0n } : { in: a.personIn[i]!, out: a.personOut[i]! };
  };
  const rolesOf = (flags: RoleFlag[] | undefined) => [...new Set((flags ?? []).map((f) => f.role))];

  const included = new Set<string>(a.participants);
  for (const p of a.persons) if (p.status && p.status !== 'unknown') included.add(p.id);
  for (const e of a.endRecipients) if (e.holder) included.add(e.holder);
  const persons: FindingsPerson[] = a.persons
    .filter((p) => included.has(p.id))
    .map((p) => {
      const t = turnoverOf(p.id);
      const flags = roles.persons.get(p.id) ?? [];
      return {
        id: p.id,
        names: p.names,
        identifiers: p.identifiers,
        roles: flags.length > 0 ? rolesOf(flags) : (['unknown'] as Role[]),
        network: a.networkOf.get(p.id) ?? null,
        nationality: p.nationality,
        accounts: p.accounts,
        turnoverUsd: { in: microToUsd(t.in), out: microToUsd(t.out) },
        roleDetails: flags.map((f) => ({ role: f.role, score: f.score, reasons: f.reasons })),
        regions: a.personRegions.get(p.id) ?? [],
        // The participant count takes such a person once, with his namesake: the lists say whom.
        ...(a.namesakeOf.has(p.id) ? { countedWith: a.namesakeOf.get(p.id)! } : {}),
      };
    })
    .sort(
      (x, y) =>
        y.turnoverUsd.in + y.turnoverUsd.out - (x.turnoverUsd.in + x.turnoverUsd.out) ||
        (x.id < y.id ? -1 : 1),
    );

  const accounts: FindingsAccount[] = [];
  const participantAccounts = new Set(
    a.persons.filter((p) => a.participants.has(p.id)).flatMap((p) => p.accounts),
  );
  for (const id of new Set([...roles.accounts.keys(), ...participantAccounts])) {
    const flags = roles.accounts.get(id) ?? [];
    if (flags.length > 0 && flags.every((f) => NON_PARTICIPANT.has(f.role)) && !participantAccounts.has(id))
      continue;
    const s = a.accountStats.get(id);
    accounts.push({
      id,
      kind: accountKind(id),
      holder: a.resolution.holderOf.get(id) ?? null,
      roles: flags.map((f) => ({ role: f.role, score: f.score, reasons: f.reasons })),
      inUsd: s ? microToUsd(s.inMicro) : 0,
      outUsd: s ? microToUsd(s.outMicro) : 0,
      counterparties: s?.counterparties ?? 0,
    });
  }
  const topScore = (x: FindingsAccount) => x.roles.reduce((m, r) => Math.max(m, r.score), 0);
  accounts.sort((x, y) => topScore(y) - topScore(x) || y.inUsd - x.inUsd || (x.id < y.id ? -1 : 1));

  const channels = a.channels
    .map((c) => ({
      id: c.chatId,
      title: c.title,
      type: c.type,
      labels: [...c.labels]
        .map(([label, e]) => ({ label, score: round4(e.score), evidence: e.refs }))
        .sort((x, y) => y.score - x.score || (x.label < y.label ? -1 : 1)),
      weight: [...c.labels.values()].reduce((s, e) => s + e.count, 0),
    }))
    .sort((x, y) => y.weight - x.weight || (x.id < y.id ? -1 : 1))
    .map(({ weight: _w, ...c }) => c);
  const flaggedChannels = a.channels.filter((c) => isFlaggedChat(c.type, c.labels.keys()));
  const flaggedByType: Partial<Record<ChatType, number>> = {};
  for (const c of flaggedChannels) flaggedByType[c.type] = (flaggedByType[c.type] ?? 0) + 1;

  const networks = a.networks.map((n) => ({
    id: n.id,
    size: n.members.length,
    members: n.members,
    turnoverUsd: microToUsd(n.micro),
    regions: n.regions,
    roles: Object.fromEntries([...n.roles].sort((x, y) => y[1] - x[1])) as Partial<Record<Role, number>>,
  }));

  const endRecipients = a.endRecipients.map((e) => ({
    account: e.endpoint.account,
    holder: e.holder,
    jurisdiction: e.jurisdiction,
    receivedUsd: microToUsd(e.receivedMicro),
    method: a.traceMethod,
    paths: e.endpoint.paths.map((p) => ({
      accounts: p.accounts,
      transfers: p.transfers,
      usd: microToUsd(p.micro),
    })),
  }));

  const dropperAccounts = [...roles.accounts]
    .filter(([, f]) => f.some((r) => r.role === 'dropper'))
    .map(([id]) => id);
  const exchangerPersons = [...roles.persons]
    .filter(([, f]) => f.some((r) => r.role === 'exchanger'))
    .map(([id]) => id);
  const keyFigures = rankKeyFigures(persons, a.participants, options.keyFigures ?? 10);

  const findings: Findings = {
    schemaVersion: 1,
    case: {
      name: options.caseName,
      evidence: options.evidenceCount,
      transfers: cols.length,
      messages: a.messageCount,
    },
    summary: {
      participants: a.participants.size - a.namesakeOf.size,
      networks: networks.length,
      droppers: dropperAccounts.length,
      exchangers: exchangerPersons.length,
      channelsFlagged: flaggedChannels.length,
      endRecipients: endRecipients.length,
      turnoverUsd: microToUsd(a.participantsMicro),
      unratedTransfers: {
        count: a.unrated.count,
        byCurrency: Object.fromEntries(
          [...a.unrated.byCurrency].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)),
        ),
      },
      channelsFlaggedByType: flaggedByType,
    },
    persons,
    accounts,
    channels,
    networks,
    endRecipients,
    crossCase: (options.crossCase ?? []).map((h) => ({
      identifier: h.identifier,
      cases: h.cases,
      contexts: h.contexts,
    })),
    analysis: {
      rulesVersion: a.rules.version,
      generatedAt: options.now,
      traceMethod: a.traceMethod,
      keyFigures,
      mergeCandidates: a.resolution.candidates,
      mergeAlarms: a.resolution.alarms.map((x) => ({ kind: x.kind, keys: x.keys, reason: x.reason })),
      warnings: a.warnings,
    },
  };

  // Footnotes: which evidence files and records stand behind each figure.
  const footnotes: Record<string, Footnote> = {};
  const byAccounts = (figure: string, accountIds: Iterable<string>, records: string[]) => {
    // A flag per account and per evidence file: one pass over all transfers with no set look-ups.
    const member = new Uint8Array(cols.accounts.length + 1);
    for (const id of accountIds) {
      const i = cols.accountIndex.get(id);
      if (i !== undefined) member[i] = 1;
    }
    const seenEvidence = new Uint8Array(cols.evidenceIds.length);
    const ev: number[] = [];
    const recs = [...records];
    const { from, to, evidence } = cols;
    for (let r = 0; r < cols.length; r++) {
      const f = from[r]!;
      const t = to[r]!;
      if ((f >= 0 && member[f] === 1) || (t >= 0 && member[t] === 1)) {
        const e = evidence[r]!;
        if (seenEvidence[e] === 0) {
          seenEvidence[e] = 1;
          ev.push(e);
        }
        if (recs.length < 8) recs.push(cols.ids[r]!);
      }
    }
    footnotes[figure] = {
      figure,
      evidenceIds: ev.map((e) => cols.evidenceIds[e]!).filter(Boolean),
      records: [...new Set(recs)].slice(0, 12),
    };
  };
  const personSources = (ids: Iterable<string>) =>
    [...ids].flatMap((id) => a.persons[a.personIndex.get(id) ?? -1]?.sources ?? []);
  const firstEvidence = (flags: RoleFlag[]) => flags.flatMap((f) => f.evidence).slice(0, 6);
  byAccounts(
    'droppers',
    dropperAccounts,
    dropperAccounts.flatMap((d) => firstEvidence(roles.accounts.get(d) ?? [])).slice(0, 6),
  );
  byAccounts(
    'exchangers',
    exchangerPersons.flatMap((p) => a.persons[a.personIndex.get(p)!]?.accounts ?? []),
    exchangerPersons.flatMap((p) => firstEvidence(roles.persons.get(p) ?? [])).slice(0, 6),
  );
  byAccounts(
    'turnover',
    keyFigures.flatMap((p) => a.persons[a.personIndex.get(p)!]?.accounts ?? []),
    [],
  );
  byAccounts(
    'endRecipients',
    endRecipients.map((e) => e.account),
    endRecipients.flatMap((e) => e.paths.flatMap((p) => p.transfers)).slice(0, 6),
  );
  // Participants are counted by their roles: cite what the roles rest on (two records per participant),
  // then where the participants were seen.
  const ps = personSources(a.participants);
  const roleRecords: string[] = [];
  for (const pid of a.participants) {
    if (roleRecords.length >= 8) break;
    roleRecords.push(...firstEvidence(roles.persons.get(pid) ?? []).slice(0, 2));
  }
  footnotes['participants'] = {
    figure: 'participants',
    evidenceIds: [...new Set(ps.map((s) => s.evidenceId))],
    records: [...new Set([...roleRecords, ...ps.map((s) => locatedRef(s.evidenceId, s.locator))])].slice(
      0,
      12,
    ),
  };
  const channelRefs = [
    ...new Set(flaggedChannels.flatMap((c) => [...c.labels.values()].flatMap((e) => e.refs))),
  ].slice(0, 12);
  footnotes['channels'] = {
    figure: 'channels',
    evidenceIds: [
      ...new Set(
        flaggedChannels
          .flatMap((c) => [...c.labels.values()].flatMap((e) => e.refs))
          .map((r) => a.evidenceOfMessage.get(r))
          .filter((x): x is string => !!x),
      ),
    ],
    records: channelRefs,
  };
  for (const p of keyFigures) {
    const accs = a.persons[a.personIndex.get(p)!]?.accounts ?? [];
    byAccounts(`person:${p}`, accs, firstEvidence(roles.persons.get(p) ?? []));
  }
  // A row of a report table names a role: its footnote lists the records the role rests on (the report
  // looks up their files and locators).
  const ofRecords = (figure: string, records: readonly string[], evidenceIds: string[] = []) => {
    footnotes[figure] ??= { figure, evidenceIds, records: [...new Set(records)].slice(0, 12) };
  };
  for (const id of dropperAccounts)
    ofRecords(
      `account:${id}`,
      firstEvidence((roles.accounts.get(id) ?? []).filter((f) => f.role === 'dropper')),
    );
  for (const p of exchangerPersons) ofRecords(`person:${p}`, firstEvidence(roles.persons.get(p) ?? []));
  for (const e of endRecipients)
    ofRecords(
      `endRecipient:${e.account}`,
      e.paths.flatMap((p) => p.transfers),
    );
  for (const c of a.channels) {
    const refs = [...c.labels.values()].flatMap((e) => e.refs);
    ofRecords(`channel:${c.chatId}`, refs, [
      ...new Set(refs.map((r) => a.evidenceOfMessage.get(r)).filter((x): x is string => !!x)),
    ]);
  }
  return { findings, support: { footnotes } };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * Key figures are the organisers: operators (who control the shop and receive the consolidated money)
 * come first, then the other participants, each group by turnover (`persons` arrive sorted by it).
 * Exchangers and collectors can move more money than the organisers, but a headline "turnover of the key
 * figures" means the latter.
 */
export function rankKeyFigures(
  persons: readonly Pick<FindingsPerson, 'id' | 'roles'>[],
  participants: ReadonlySet<string>,
  limit: number,
): string[] {
  const inCase = persons.filter((p) => participants.has(p.id));
  return [
    ...inCase.filter((p) => p.roles.includes('operator')),
    ...inCase.filter((p) => !p.roles.includes('operator')),
  ]
    .slice(0, limit)
    .map((p) => p.id);
}
