import type { Store } from '@dragnet/core';
import type { AccountView } from './account-views.ts';

/**
 * Hub summaries kept in the case (`Store` documents `account-view:<account>`), so that a later serve answers
 * a hub at once instead of reading and totalling its transfers again. Each carries the stamp of the case it
 * was computed from (transfers and rates, see `CaseIndex`): a summary from before an ingest is not used.
 */

/** Bumped whenever `AccountView` or `accountView` changes: older summaries are computed again. */
const VERSION = 2;

interface Stored {
  version: number;
  stamp: string;
  view: Omit<AccountView, 'usd'> & { usd: { inCents: string; outCents: string; unconverted: number } };
}

const key = (account: string) => `account-view:${account}`;

/** The kept summary of `account` for this stamp, or undefined. */
export async function loadView(
  store: Store,
  account: string,
  stamp: string,
): Promise<AccountView | undefined> {
  const s = await store.getDocument<Stored>(key(account));
  if (!s || s.version !== VERSION || s.stamp !== stamp) return undefined;
  const { usd, ...rest } = s.view;
  return {
    ...rest,
    usd: { inCents: BigInt(usd.inCents), outCents: BigInt(usd.outCents), unconverted: usd.unconverted },
  };
}

export async function saveView(
  store: Store,
  account: string,
  stamp: string,
  view: AccountView,
): Promise<void> {
  const stored: Stored = {
    version: VERSION,
    stamp,
    view: {
      ...view,
      usd: {
        inCents: String(view.usd.inCents),
        outCents: String(view.usd.outCents),
        unconverted: view.usd.unconverted,
      },
    },
  };
  await store.putDocument(key(account), stored);
}

/** The list of hubs whose summaries are kept for `stamp` (one small document), so none is loaded early. */
export async function keptViews(store: Store, stamp: string): Promise<Set<string>> {
  const list = await store.getDocument<{ version: number; stamp: string; accounts: string[] }>(
    'account-views',
  );
  return new Set(list && list.version === VERSION && list.stamp === stamp ? list.accounts : []);
}

export async function saveKeptViews(store: Store, stamp: string, accounts: string[]): Promise<void> {
  await store.putDocument('account-views', { version: VERSION, stamp, accounts });
}
