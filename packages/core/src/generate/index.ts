export type { Emit, FileEncoding, Sink } from './emit.ts';
export { type GenerateCounts, type GenerateOptions, generateEvidence } from './generate-evidence.ts';
export { createRng, Rng } from './prng.ts';
export {
  resolveScenario,
  type ResolvedScenario,
  SCENARIOS,
  SHYMKENT_DEFAULTS,
  type ScenarioParams,
} from './scenario.ts';
