import { analyze } from './analyze.ts';
import { caseInit } from './case-init.ts';
import { chats } from './chats.ts';
import { demo } from './demo.ts';
import { evaluate } from './evaluate.ts';
import { evaluateLabels } from './evaluate-labels.ts';
import { evidence } from './evidence.ts';
import { generate } from './generate.ts';
import { serveCommand } from './serve.ts';
import { exportCommand } from './export.ts';
import { ingest } from './ingest.ts';
import { issues } from './issues.ts';
import { messages } from './messages.ts';
import { report } from './report.ts';
import { resolveCommand } from './resolve.ts';
import type { CommandSpec } from './spec.ts';
import { status } from './status.ts';
import { trace } from './trace.ts';
import { workspace } from './workspace.ts';

export type { CommandSpec } from './spec.ts';

export const COMMANDS: readonly CommandSpec[] = [
  caseInit,
  ingest,
  status,
  evidence,
  issues,
  messages,
  chats,
  analyze,
  trace,
  report,
  resolveCommand,
  workspace,
  exportCommand,
  generate,
  evaluate,
  evaluateLabels,
  serveCommand,
  demo,
];
