import { evidenceName } from '@dragnet/core/model/evidence-name.ts';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';

/** Loaded once per page: the case does not change while it is served. */
let evidenceNames: Promise<Map<string, string>> | undefined;
let chatTitles: Promise<Map<string, string>> | undefined;

function useOnce(load: () => Promise<Map<string, string>>): Map<string, string> | undefined {
  const [names, setNames] = useState<Map<string, string>>();
  useEffect(() => {
    let live = true;
    load().then(
      (m) => live && setNames(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [load]);
  return names;
}

const loadEvidence = () => {
  evidenceNames ??= api.evidence().then(
    (r) => new Map(r.items.map((e) => [e.id, evidenceName(e)])),
    (err: Error) => {
      evidenceNames = undefined;
      throw err;
    },
  );
  return evidenceNames;
};

const loadChats = () => {
  chatTitles ??= api.channels().then(
    (r) => new Map(r.items.map((ch) => [ch.id, ch.title ?? ch.id])),
    (err: Error) => {
      chatTitles = undefined;
      throw err;
    },
  );
  return chatTitles;
};

/** Evidence file id → its name as `evidenceName` gives it (the path it was ingested from; untrusted text). */
export function useEvidenceNames(): Map<string, string> | undefined {
  return useOnce(loadEvidence);
}

/** Chat id → its title (evidence text), as the channel list gives it. */
export function useChatTitles(): Map<string, string> | undefined {
  return useOnce(loadChats);
}
