/** The evaluation as a plain-text table (Russian or English) for the terminal and reports. */
import type { EvaluationReport, Score } from './evaluate-findings.ts';

const T = {
  en: {
    accounts: 'Accounts by role',
    persons: 'Persons by role',
    channels: 'Channel labels',
    role: 'role',
    label: 'label',
    kf: 'Key figures: turnover USD',
    truth: 'truth',
    found: 'found',
    err: 'error',
    part: 'Participants',
    er: 'End recipients: attributed USD',
    traps: 'Legitimate accounts flagged',
    none: 'none',
    missing: 'not found',
  },
  ru: {
    accounts: 'Счета по ролям',
    persons: 'Лица по ролям',
    channels: 'Метки каналов',
    role: 'роль',
    label: 'метка',
    kf: 'Ключевые фигуранты: оборот, USD',
    truth: 'истина',
    found: 'найдено',
    err: 'ошибка',
    part: 'Участники',
    er: 'Конечные получатели: атрибутировано, USD',
    traps: 'Законные счета, помеченные как преступные',
    none: 'нет',
    missing: 'не найден',
  },
};

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const money = (x: number | null) =>
  x === null ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

function scores(title: string, key: string, byRole: Record<string, Score>, macroF1: number): string {
  const rows = Object.entries(byRole)
    .filter(([, s]) => s.tp + s.fp + s.fn > 0)
    .map(([r, s]) => [
      r,
      String(s.tp),
      String(s.fp),
      String(s.fn),
      s.precision.toFixed(3),
      s.recall.toFixed(3),
      s.f1.toFixed(3),
    ]);
  rows.push(['macro F1', '', '', '', '', '', macroF1.toFixed(3)]);
  return `${title}\n${table([key, 'TP', 'FP', 'FN', 'P', 'R', 'F1'], rows)}`;
}

export function formatEvaluation(report: EvaluationReport, lang: 'ru' | 'en' = 'en'): string {
  const t = T[lang];
  const parts = [
    scores(t.accounts, t.role, report.accounts.byRole, report.accounts.macroF1),
    scores(t.persons, t.role, report.persons.byRole, report.persons.macroF1),
    scores(t.channels, t.label, report.channels.byLabel, report.channels.macroF1),
    `${t.kf}\n${table(
      ['', t.truth, t.found, t.err],
      report.keyFigures.map((k) => [k.name, money(k.trueUsd), money(k.foundUsd), pct(k.relativeError)]),
    )}`,
    `${t.part}: ${t.truth} ${report.participants.truth}, ${t.found} ${report.participants.found ?? '—'}, ${t.err} ${pct(report.participants.relativeError)}`,
    `${t.er}\n${table(
      ['', 'jur', t.truth, t.found],
      report.endRecipients.rows.map((r) => [r.account, r.jurisdiction, money(r.trueUsd), money(r.foundUsd)]),
    )}\n${t.err}: ${pct(report.endRecipients.attributionError)}`,
    `${t.traps}: ${report.trapsFlagged.length === 0 ? t.none : report.trapsFlagged.map((x) => `${x.account} (${x.kind}: ${x.roles.join(', ')})`).join('; ')}`,
  ];
  return `${parts.join('\n\n')}\n`;
}
