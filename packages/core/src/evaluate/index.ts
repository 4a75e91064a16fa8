export {
  type EvaluateOptions,
  type EvaluationReport,
  evaluateFindings,
  type FindingsLike,
  LABELS,
  ROLES,
  type Score,
  type TruthLike,
} from './evaluate-findings.ts';
export { formatEvaluation } from './format-evaluation.ts';
export { restrictTruth } from './restrict-truth.ts';
