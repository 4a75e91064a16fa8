import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';

/** The time window brushed on the timeline; the other views pass it to the API as since/until. */
export interface TimeWindow {
  since: string | undefined;
  until: string | undefined;
}

interface TimeFilter extends TimeWindow {
  set: (w: TimeWindow) => void;
}

const Ctx = createContext<TimeFilter>({ since: undefined, until: undefined, set: () => {} });

export function TimeFilterProvider({ children }: { children: ReactNode }) {
  const [w, setW] = useState<TimeWindow>({ since: undefined, until: undefined });
  const value = useMemo(() => ({ ...w, set: setW }), [w]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useTimeFilter(): TimeFilter {
  return useContext(Ctx);
}
