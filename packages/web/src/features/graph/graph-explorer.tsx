import { ENTITY_KINDS } from '@dragnet/core/model/kinds.ts';
import { DirectedGraph } from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Module from 'graphology-layout-forceatlas2/worker.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import Sigma from 'sigma';
import { api, type GraphResponse } from '../../api/client.ts';
import { IdLink, Roles, Status } from '../../components/common.tsx';
import { useI18n } from '../../i18n.tsx';
import { href } from '../../router.ts';
import { useTimeFilter } from '../../time-filter.tsx';
import { download, toGraphml, toPng, toSvg } from './graph-export.ts';
import { plainShown, VisibleText } from '../../components/highlighted-text.tsx';

export const ROLE_COLORS: Record<string, string> = {
  operator: '#1f5fbf',
  recruiter: '#7b3fbf',
  courier: '#2e9d4a',
  dropper: '#f28e2b',
  exchanger: '#d4a514',
  end_recipient: '#d62728',
  buyer: '#8c8c8c',
  chemist: '#8c564b',
  supplier: '#17becf',
};
const KIND_COLORS: Record<string, string> = Object.fromEntries(
  ENTITY_KINDS.map((k) => [k.kind, k.graphColor]),
);
const ROLE_ORDER = [
  'end_recipient',
  'operator',
  'exchanger',
  'dropper',
  'courier',
  'recruiter',
  'chemist',
  'supplier',
  'buyer',
];
const TRACE = '#e0115f';

interface FA2Layout {
  start(): void;
  stop(): void;
  kill(): void;
}
// The package is CommonJS: its default export arrives wrapped or bare depending on the bundler.
const FA2Layout = ((FA2Module as unknown as { default?: unknown }).default ?? FA2Module) as unknown as new (
  graph: DirectedGraph,
  params: { settings: Record<string, unknown> },
) => FA2Layout;
const DIM = '#e4e4e8';

function colorOf(kind: string, roles: readonly string[]): string {
  const r = ROLE_ORDER.find((x) => roles.includes(x));
  return r ? ROLE_COLORS[r]! : (KIND_COLORS[kind] ?? '#999');
}

interface Selected {
  id: string;
  label: string;
  kind: string;
  roles: string[];
  hidden: number;
  pinned: boolean;
}

/** WebGL case graph: expand/collapse, filter, search, trace highlight, pin/hide, export. */
export default function GraphExplorer({ params }: { params: URLSearchParams }) {
  const { t, role, kind } = useI18n();
  const time = useTimeFilter();
  const container = useRef<HTMLDivElement>(null);
  const graphRef = useRef(new DirectedGraph());
  const sigmaRef = useRef<Sigma | null>(null);
  const layoutRef = useRef<FA2Layout | null>(null);
  const [running, setRunning] = useState(false);
  const [selected, setSelected] = useState<Selected | null>(null);
  const [hiddenNodes, setHiddenNodes] = useState<string[]>([]);
  const [roleFilter, setRoleFilter] = useState('');
  const [kindFilter, setKindFilter] = useState('');
  const [trace, setTrace] = useState<{ nodes: Set<string>; edges: Set<string>; seed: string } | null>(null);
  const [status, setStatus] = useState<{ loading: boolean; error: Error | undefined }>({
    loading: true,
    error: undefined,
  });
  const [version, setVersion] = useState(0);
  const focus = params.get('focus') ?? '';

  const merge = useCallback((data: GraphResponse, around?: string) => {
    const g = graphRef.current;
    const cx = around && g.hasNode(around) ? g.getNodeAttribute(around, 'x') : 0;
    const cy = around && g.hasNode(around) ? g.getNodeAttribute(around, 'y') : 0;
    for (const n of data.nodes) {
      // A capped hub shows how many neighbours were left out in its label ("+N"). The label is drawn on the canvas
      // (and exported): a plain string with hidden characters as `[U+202E]`; `name` keeps the text for the panel.
      const shown = n.hidden > 0 ? `${plainShown(n.label)} (+${n.hidden})` : plainShown(n.label);
      const keep = g.hasNode(n.id) && n.hidden === 0 ? g.getNodeAttribute(n.id, 'label') : shown;
      const attrs = {
        name: n.label,
        label: keep,
        kind: n.kind,
        roles: n.roles,
        color: colorOf(n.kind, n.roles),
        baseColor: colorOf(n.kind, n.roles),
      };
      if (g.hasNode(n.id)) {
        g.mergeNodeAttributes(n.id, n.id === around || n.hidden ? { ...attrs, more: n.hidden } : attrs);
      } else {
        // New nodes start on a ring around where they were asked for, so ForceAtlas2 untangles fast.
        const angle = Math.random() * Math.PI * 2;
        const radius = around ? 2 + Math.random() * 3 : 10 + Math.random() * 40;
        g.addNode(n.id, {
          ...attrs,
          more: n.hidden,
          x: cx + Math.cos(angle) * radius,
          y: cy + Math.sin(angle) * radius,
          size: 5,
        });
      }
    }
    for (const e of data.edges) {
      if (!g.hasNode(e.source) || !g.hasNode(e.target)) continue;
      const color = e.kind === 'Transfer' ? '#9bb0d0' : e.kind === 'Holds' ? '#4e79a7' : '#c8c8c8';
      const attrs = {
        kind: e.kind,
        count: e.count,
        usd: e.usd,
        firstAt: e.firstAt,
        lastAt: e.lastAt,
        color,
        baseColor: color,
        size: Math.min(6, 1 + Math.log10(e.count + 1) * 2),
      };
      if (g.hasEdge(e.id)) g.mergeEdgeAttributes(e.id, attrs);
      else g.addDirectedEdgeWithKey(e.id, e.source, e.target, attrs);
    }
    g.forEachNode((id) => g.setNodeAttribute(id, 'size', Math.min(18, 4 + Math.sqrt(g.degree(id)) * 2.2)));
    setVersion((v) => v + 1);
  }, []);

  const runLayout = useCallback((ms = 5000) => {
    const g = graphRef.current;
    if (g.order === 0) return;
    layoutRef.current?.kill();
    const layout = new FA2Layout(g, {
      settings: { ...forceAtlas2.inferSettings(g), barnesHutOptimize: g.order > 300 },
    });
    layoutRef.current = layout;
    layout.start();
    setRunning(true);
    setTimeout(() => {
      if (layoutRef.current === layout) {
        layout.stop();
        setRunning(false);
      }
    }, ms);
  }, []);

  const expand = useCallback(
    async (id: string) => {
      try {
        merge(await api.neighbours(id, 25), id);
        runLayout(1500);
      } catch (err) {
        setStatus({ loading: false, error: err as Error });
      }
    },
    [merge, runLayout],
  );

  // Initial load: a focused entity's neighbourhood, or the overview of flagged entities.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only when the focus changes
  useEffect(() => {
    const g = graphRef.current;
    g.clear();
    setStatus({ loading: true, error: undefined });
    (focus ? api.neighbours(focus, 40) : api.graph(300)).then(
      (data) => {
        merge(data);
        setStatus({ loading: false, error: undefined });
        runLayout();
        if (focus && g.hasNode(focus)) selectNode(focus);
      },
      (error: Error) => setStatus({ loading: false, error }),
    );
  }, [focus]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: one renderer for the component's life
  useEffect(() => {
    if (!container.current) return;
    const sigma = new Sigma(graphRef.current, container.current, {
      // v4 measures sizes in graph units by default; our sizes are pixels.
      settings: { renderEdgeLabels: false, allowInvalidContainer: true, itemSizesReference: 'screen' },
    });
    sigmaRef.current = sigma;
    sigma.on('clickNode', ({ node }) => selectNode(node));
    sigma.on('doubleClickNode', ({ node }) => void expand(node));
    return () => {
      layoutRef.current?.kill();
      sigma.kill();
      sigmaRef.current = null;
    };
  }, []);

  function selectNode(id: string) {
    const g = graphRef.current;
    if (!g.hasNode(id)) return;
    const a = g.getNodeAttributes(id);
    setSelected({
      id,
      label: a.name ?? a.label,
      kind: a.kind,
      roles: a.roles ?? [],
      hidden: a.more ?? 0,
      pinned: Boolean(a.fixed),
    });
  }

  // Filters, time window, trace highlight and hidden nodes, applied as colours and node states.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version tracks graph changes
  useEffect(() => {
    const g = graphRef.current;
    const sigma = sigmaRef.current;
    const hidden = new Set(hiddenNodes);
    g.forEachNode((id, a) => {
      const out =
        hidden.has(id) ||
        (roleFilter && !(a.roles ?? []).includes(roleFilter)) ||
        (kindFilter && a.kind !== kindFilter);
      const onTrace = trace?.nodes.has(id);
      g.setNodeAttribute(
        id,
        'color',
        trace && !onTrace ? DIM : onTrace ? (a.baseColor ?? TRACE) : a.baseColor,
      );
      sigma?.setNodeState(id, { isHidden: Boolean(out) });
    });
    g.forEachEdge((id, a, s, d) => {
      const outOfTime =
        (time.since && a.lastAt && a.lastAt < time.since) ||
        (time.until && a.firstAt && a.firstAt.slice(0, 10) > time.until);
      const endpointHidden = sigma?.getNodeState(s).isHidden || sigma?.getNodeState(d).isHidden;
      const onTrace = trace?.edges.has(id);
      g.setEdgeAttribute(id, 'color', onTrace ? TRACE : trace ? DIM : a.baseColor);
      sigma?.setEdgeState(id, { isHidden: Boolean(outOfTime || endpointHidden) });
    });
    sigma?.refresh();
  }, [version, hiddenNodes, roleFilter, kindFilter, trace, time.since, time.until]);

  const toggleLayout = () => {
    if (!running) return runLayout(4000);
    layoutRef.current?.stop();
    setRunning(false);
  };
  const hide = (id: string) => {
    setHiddenNodes((h) => [...h, id]);
    setSelected(null);
  };
  const collapse = (id: string) => {
    const g = graphRef.current;
    for (const n of g.neighbors(id)) if (g.degree(n) <= 1 && !g.getNodeAttribute(n, 'fixed')) g.dropNode(n);
    setVersion((v) => v + 1);
  };
  const togglePin = (id: string) => {
    const g = graphRef.current;
    g.setNodeAttribute(id, 'fixed', !g.getNodeAttribute(id, 'fixed'));
    selectNode(id);
  };
  const showTrace = async (id: string) => {
    try {
      const tr = await api.trace({ from: id });
      merge(
        {
          nodes: tr.nodes
            .map((n) => ({ id: n.id, kind: '', label: n.label, roles: n.roles, hidden: 0 }))
            .map((n) => ({
              ...n,
              kind: graphRef.current.hasNode(n.id)
                ? graphRef.current.getNodeAttribute(n.id, 'kind')
                : 'Unknown',
            })),
          edges: tr.edges,
          truncated: tr.truncated,
        },
        id,
      );
      setTrace({
        nodes: new Set(tr.nodes.map((n) => n.id)),
        edges: new Set(tr.edges.map((e) => e.id)),
        seed: id,
      });
      runLayout(1500);
    } catch (err) {
      setStatus({ loading: false, error: err as Error });
    }
  };
  const search = async (q: string) => {
    if (!q) return;
    try {
      const hit = (await api.entities({ q, limit: 1 })).items[0];
      if (!hit) throw new Error(`${t('none')}: ${q}`);
      if (!graphRef.current.hasNode(hit.id))
        merge({
          nodes: [{ id: hit.id, kind: hit.kind, label: hit.label, roles: hit.roles, hidden: 0 }],
          edges: [],
          truncated: false,
        });
      await expand(hit.id);
      selectNode(hit.id);
    } catch (err) {
      setStatus({ loading: false, error: err as Error });
    }
  };

  const g = graphRef.current;
  return (
    <div>
      <div className="toolbar">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void search(String(new FormData(e.currentTarget).get('q') ?? '').trim());
          }}
        >
          <input name="q" placeholder={t('search')} aria-label={t('search')} data-testid="graph-search" />
          <button type="submit">{t('searchButton')}</button>
        </form>
        <select aria-label={t('role')} value={roleFilter} onChange={(e) => setRoleFilter(e.target.value)}>
          <option value="">{t('allRoles')}</option>
          {ROLE_ORDER.map((r) => (
            <option key={r} value={r}>
              {role(r)}
            </option>
          ))}
        </select>
        <select aria-label={t('kind')} value={kindFilter} onChange={(e) => setKindFilter(e.target.value)}>
          <option value="">{t('allKinds')}</option>
          {ENTITY_KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {kind(k.kind)}
            </option>
          ))}
        </select>
        <button type="button" onClick={toggleLayout}>
          {running ? t('stopLayout') : t('layout')}
        </button>
        {hiddenNodes.length > 0 && (
          <button type="button" onClick={() => setHiddenNodes([])}>
            {t('showHidden')} ({hiddenNodes.length})
          </button>
        )}
        {trace && (
          <button type="button" onClick={() => setTrace(null)}>
            {t('clearTrace')}
          </button>
        )}
        <button
          type="button"
          onClick={() => void toPng(g).then((b) => download('dragnet-graph.png', b))}
          data-testid="export-png"
        >
          {t('exportPng')}
        </button>
        <button
          type="button"
          onClick={() => download('dragnet-graph.svg', toSvg(g), 'image/svg+xml')}
          data-testid="export-svg"
        >
          {t('exportSvg')}
        </button>
        <button
          type="button"
          onClick={() => download('dragnet-graph.graphml', toGraphml(g), 'application/xml')}
          data-testid="export-graphml"
        >
          {t('exportGraphml')}
        </button>
        <span className="muted small" data-testid="graph-counts">
          {g.order} / {g.size}
        </span>
      </div>
      <Status loading={status.loading} error={status.error} />
      <div className="graph-layout">
        <div className="graph-canvas" ref={container} data-testid="graph-canvas" />
        <aside className="graph-side card">
          <div className="legend">
            {Object.entries(ROLE_COLORS).map(([r, c]) => (
              <span key={r}>
                <i style={{ background: c }} />
                {role(r)}
              </span>
            ))}
          </div>
          {selected ? (
            <div data-testid="graph-selected">
              <h2>
                <VisibleText text={selected.label} />
              </h2>
              <p className="mono small">
                <VisibleText text={selected.id} />
              </p>
              <p>
                {kind(selected.kind)} <Roles roles={selected.roles} />
              </p>
              {selected.hidden > 0 && (
                <p>
                  +{selected.hidden} {t('more')}
                </p>
              )}
              <div className="toolbar">
                <button type="button" onClick={() => void expand(selected.id)}>
                  {t('expand')}
                </button>
                <button type="button" onClick={() => collapse(selected.id)}>
                  {t('collapse')}
                </button>
                <button type="button" onClick={() => togglePin(selected.id)}>
                  {selected.pinned ? t('unpin') : t('pin')}
                </button>
                <button type="button" onClick={() => hide(selected.id)}>
                  {t('hide')}
                </button>
                <button type="button" onClick={() => void showTrace(selected.id)} data-testid="graph-trace">
                  {t('traceFrom')}
                </button>
              </div>
              <p>
                <IdLink id={selected.id} label={t('open')} /> ·{' '}
                <a href={href('flows', { from: selected.id })}>{t('flows')}</a>
              </p>
            </div>
          ) : (
            <ul className="plain small" aria-label={t('entities')}>
              {g
                .nodes()
                .slice(0, 200)
                .map((id) => (
                  <li key={id}>
                    <button type="button" className="linklike" onClick={() => selectNode(id)}>
                      <VisibleText text={String(g.getNodeAttribute(id, 'name') ?? id)} />
                      {g.getNodeAttribute(id, 'more') > 0 && ` (+${g.getNodeAttribute(id, 'more')})`}
                    </button>
                  </li>
                ))}
            </ul>
          )}
        </aside>
      </div>
    </div>
  );
}
