import type { Store } from '@dragnet/core';
import type { CaseIndex } from '../case-index.ts';

export interface RouteDeps {
  store: Store;
  index: CaseIndex;
  caseDir: string;
}
