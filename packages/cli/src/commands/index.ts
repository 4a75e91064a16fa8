import { caseInit } from './case-init.ts';
import { exportCommand } from './export.ts';
import { ingest } from './ingest.ts';
import { messages } from './messages.ts';
import type { CommandSpec } from './spec.ts';
import { status } from './status.ts';

export type { CommandSpec } from './spec.ts';

export const COMMANDS: readonly CommandSpec[] = [caseInit, ingest, status, messages, exportCommand];
