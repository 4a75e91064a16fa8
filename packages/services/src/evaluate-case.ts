/**
 * `dragnet evaluate`: scores a case's findings against a generator's truth.json. Findings come from the
 * case store (`findings` document, written by `dragnet analyze`) or from a findings JSON file.
 */
import { readFile } from 'node:fs/promises';
import type { Store } from '@dragnet/core';
import {
  type EvaluationReport,
  evaluateFindings,
  type FindingsLike,
  formatEvaluation,
  restrictTruth,
  type TruthLike,
} from '@dragnet/core/evaluate/index.ts';
import { UserError } from './user-error.ts';

export interface EvaluateCaseOptions {
  truthPath: string;
  /** Either a store holding the `findings` document or a findings JSON file. */
  store?: Store;
  findingsPath?: string;
  lang?: 'ru' | 'en';
  minScore?: number;
  /**
   * Score only against these networks of the truth (ids like `n1`, or their region/folder name such as
   * `shymkent`): for a case built from one region's evidence.
   */
  networks?: readonly string[];
}

export interface EvaluateCaseResult {
  report: EvaluationReport;
  text: string;
}

async function readJson<T>(path: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read the ${what}: ${(e as Error).message}`, { file: path });
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new UserError(`the ${what} is not valid JSON: ${(e as Error).message}`, { file: path });
  }
}

export async function evaluateCase(options: EvaluateCaseOptions): Promise<EvaluateCaseResult> {
  const truth = await readJson<TruthLike>(options.truthPath, 'truth file');
  if (!Array.isArray(truth.accounts) || !Array.isArray(truth.persons) || !truth.participants) {
    throw new UserError('not a Dragnet truth.json (accounts, persons or participants missing)', {
      file: options.truthPath,
      hint: 'use the truth.json written by dragnet generate',
    });
  }
  let findings: FindingsLike | undefined;
  if (options.findingsPath) findings = await readJson<FindingsLike>(options.findingsPath, 'findings file');
  else if (options.store) findings = await options.store.getDocument<FindingsLike>('findings');
  if (!findings)
    throw new UserError('the case has no findings yet', { hint: 'run: dragnet analyze <case-dir>' });
  const scoped = options.networks?.length
    ? restrictTruth(truth, resolveNetworks(truth, options.networks, options.truthPath))
    : truth;
  const report = evaluateFindings(
    findings,
    scoped,
    options.minScore === undefined ? {} : { minScore: options.minScore },
  );
  return { report, text: formatEvaluation(report, options.lang ?? 'en') };
}

function resolveNetworks(truth: TruthLike, names: readonly string[], file: string): string[] {
  const known = truth.networks ?? [];
  return names.map((name) => {
    const n = known.find((k) =>
      [k.id, k.folder, k.region].some((v) => v?.toLowerCase() === name.toLowerCase()),
    );
    if (!n) {
      throw new UserError(`the truth file has no network "${name}"`, {
        file,
        hint: `known networks: ${known.map((k) => `${k.id} (${k.folder ?? k.region ?? '?'})`).join(', ') || 'none'}`,
      });
    }
    return n.id;
  });
}
