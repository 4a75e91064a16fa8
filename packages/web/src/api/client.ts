import type {
  CaseResponse,
  ChannelItem,
  EntityPage,
  EntityProfile,
  EvidenceItem,
  Findings,
  FlowsResponse,
  GeoResponse,
  GraphResponse,
  IssueItem,
  MessageItem,
  Page,
  RecordsResponse,
  ReportResponse,
  TimelineResponse,
  TraceResponse,
  TransferItem,
} from '@dragnet/server/api-types.ts';

export type * from '@dragnet/server/api-types.ts';

type Params = Record<string, string | number | undefined | null>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function get<T>(path: string, params: Params = {}): Promise<T> {
  const res = await fetch(`/api${path}${query(params)}`, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!res.ok || body === null)
    throw new ApiError(res.status, body?.error ?? `${res.status} ${res.statusText}`);
  return body;
}

let inlined: CaseResponse | null | undefined;

/**
 * The dashboard's figures as the server inlined them into the page (`dragnet serve`): no request stands
 * between the script and the first figures. Undefined where the page has none (e.g. `vite dev`).
 */
export function inlineCase(): CaseResponse | undefined {
  if (inlined === undefined) {
    const text =
      typeof document === 'undefined' ? null : document.getElementById('dragnet-case')?.textContent;
    try {
      inlined = text ? (JSON.parse(text) as CaseResponse) : null;
    } catch {
      inlined = null;
    }
  }
  return inlined ?? undefined;
}

/** One function per API route; the response types come from the server package. */
export const api = {
  case: () => {
    const c = inlineCase();
    return c ? Promise.resolve(c) : get<CaseResponse>('/case');
  },
  findings: () => get<Findings>('/findings'),
  entities: (p: {
    q?: string;
    kind?: string;
    role?: string;
    network?: string;
    participants?: string;
    group?: string;
    sort?: string;
    limit?: number;
    offset?: number;
  }) => get<EntityPage>('/entities', p),
  entity: (id: string) => get<EntityProfile>('/entity', { id }),
  neighbours: (id: string, cap = 25) => get<GraphResponse>('/entity/neighbours', { id, cap }),
  graph: (limit = 300) => get<GraphResponse>('/graph', { limit }),
  transfers: (p: Params) => get<Page<TransferItem>>('/transfers', p),
  channels: () => get<{ items: ChannelItem[] }>('/channels'),
  messages: (p: Params) => get<Page<MessageItem>>('/messages', p),
  trace: (p: { from?: string; to?: string; maxHops?: number; paths?: 'false' }) =>
    get<TraceResponse>('/traces', p),
  flows: (p: { from?: string; to?: string }) => get<FlowsResponse>('/flows', p),
  timeline: () => get<TimelineResponse>('/timeline'),
  geo: () => get<GeoResponse>('/geo'),
  evidence: () => get<{ items: EvidenceItem[] }>('/evidence'),
  issues: (id: string, p: Params) => get<Page<IssueItem>>(`/evidence/${encodeURIComponent(id)}/issues`, p),
  records: (evidence: string, locator: string) => get<RecordsResponse>('/records', { evidence, locator }),
  report: (lang: 'ru' | 'en') => get<ReportResponse>('/report', { lang }),
};
