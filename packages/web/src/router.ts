import { useEffect, useState } from 'react';

export type View =
  | 'dashboard'
  | 'entities'
  | 'entity'
  | 'graph'
  | 'flows'
  | 'timeline'
  | 'map'
  | 'messages'
  | 'evidence'
  | 'record'
  | 'transfers'
  | 'report';

const VIEWS: readonly View[] = [
  'dashboard',
  'entities',
  'entity',
  'graph',
  'flows',
  'timeline',
  'map',
  'messages',
  'evidence',
  'record',
  'transfers',
  'report',
];

export interface Route {
  view: View;
  params: URLSearchParams;
}

/** Hash routes (`#/entity?id=card:…`) so the static server needs no route table and links survive reloads. */
export function parseHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const view = (VIEWS as readonly string[]).includes(path) ? (path as View) : 'dashboard';
  return { view, params: new URLSearchParams(search) };
}

export function href(view: View, params: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#/${view}${s ? `?${s}` : ''}`;
}

export function navigate(view: View, params: Record<string, string | number | undefined | null> = {}): void {
  location.hash = href(view, params);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
