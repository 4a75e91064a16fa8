import { lazy, Suspense, useEffect, useRef } from 'react';
import { Dashboard } from './features/dashboard/dashboard.tsx';
import { type MessageKey, useI18n } from './i18n.tsx';
import { href, navigate, type Route, useRoute, type View } from './router.ts';
import { useTimeFilter } from './time-filter.tsx';

// The heavy views (WebGL graph, ECharts, map) load on first use to keep the first page small.
const GraphExplorer = lazy(() => import('./features/graph/graph-explorer.tsx'));
const Flows = lazy(() => import('./features/flows/flows.tsx'));
const Timeline = lazy(() => import('./features/timeline/timeline.tsx'));
const MapView = lazy(() => import('./features/map/map-view.tsx'));
// So do the other views: the first paint is the dashboard, which needs none of them.
const EntityList = lazy(() =>
  import('./features/entity/entity-list.tsx').then((m) => ({ default: m.EntityList })),
);
const EntityProfile = lazy(() =>
  import('./features/entity/entity-profile.tsx').then((m) => ({ default: m.EntityProfile })),
);
const EvidenceRegister = lazy(() =>
  import('./features/evidence/evidence.tsx').then((m) => ({ default: m.EvidenceRegister })),
);
const RecordView = lazy(() =>
  import('./features/evidence/evidence.tsx').then((m) => ({ default: m.RecordView })),
);
const Messages = lazy(() =>
  import('./features/messages/messages.tsx').then((m) => ({ default: m.Messages })),
);
const Report = lazy(() => import('./features/report/report.tsx').then((m) => ({ default: m.Report })));
const TransfersTable = lazy(() =>
  import('./components/transfers-table.tsx').then((m) => ({ default: m.TransfersTable })),
);

const NAV: Array<{ view: View; key: MessageKey; shortcut: string }> = [
  { view: 'dashboard', key: 'dashboard', shortcut: '1' },
  { view: 'graph', key: 'graph', shortcut: '2' },
  { view: 'flows', key: 'flows', shortcut: '3' },
  { view: 'timeline', key: 'timeline', shortcut: '4' },
  { view: 'map', key: 'map', shortcut: '5' },
  { view: 'messages', key: 'messages', shortcut: '6' },
  { view: 'entities', key: 'entities', shortcut: '7' },
  { view: 'evidence', key: 'evidence', shortcut: '8' },
  { view: 'report', key: 'report', shortcut: '9' },
];

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  const p = route.params;
  switch (route.view) {
    case 'entities':
      return <EntityList params={p} />;
    case 'entity':
      return <EntityProfile id={p.get('id') ?? ''} />;
    case 'messages':
      return <Messages params={p} />;
    case 'evidence':
      return <EvidenceRegister params={p} />;
    case 'record':
      return <RecordView params={p} />;
    case 'transfers': {
      const filter: Record<string, string | undefined> = {};
      for (const [k, v] of p) filter[k] = v;
      return (
        <div>
          <h1>{t('transfers')}</h1>
          <TransfersTable filter={filter} />
        </div>
      );
    }
    case 'graph':
      return <GraphExplorer params={p} />;
    case 'flows':
      return <Flows params={p} />;
    case 'timeline':
      return <Timeline />;
    case 'map':
      return <MapView />;
    case 'report':
      return <Report />;
    default:
      return <Dashboard params={p} />;
  }
}

export function App() {
  const route = useRoute();
  const { t, lang, setLang } = useI18n();
  const time = useTimeFilter();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // Alt+1…9 jumps between views; focus moves to the page for screen readers and keyboard users.
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const item = NAV.find((n) => n.shortcut === e.key);
      if (item) {
        e.preventDefault();
        navigate(item.view);
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves on every change of view
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [route.view]);

  return (
    <>
      <button type="button" className="skip" onClick={() => main.current?.focus()}>
        {t('skip')}
      </button>
      <header className="top">
        <a className="brand" href={href('dashboard')}>
          Dragnet
        </a>
        <nav aria-label="main">
          {NAV.map((n) => (
            <a
              key={n.view}
              href={href(n.view)}
              aria-current={route.view === n.view ? 'page' : undefined}
              title={`Alt+${n.shortcut}`}
              data-testid={`nav-${n.view}`}
            >
              {t(n.key)}
            </a>
          ))}
        </nav>
        <form
          className="search"
          onSubmit={(e) => {
            e.preventDefault();
            const q = String(new FormData(e.currentTarget).get('q') ?? '').trim();
            if (q) navigate('entities', { q });
          }}
        >
          <input name="q" type="search" placeholder={t('search')} aria-label={t('search')} />
        </form>
        <button
          type="button"
          className="lang"
          onClick={() => setLang(lang === 'ru' ? 'en' : 'ru')}
          data-testid="lang-toggle"
        >
          {t('language')}
        </button>
      </header>
      {(time.since || time.until) && (
        <div className="time-banner" role="status">
          {t('timeFilter')}: {time.since ?? '…'} — {time.until ?? '…'}{' '}
          <button type="button" onClick={() => time.set({ since: undefined, until: undefined })}>
            {t('clear')}
          </button>
        </div>
      )}
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<p className="muted">{t('loading')}</p>}>
          <Page route={route} />
        </Suspense>
      </main>
    </>
  );
}
