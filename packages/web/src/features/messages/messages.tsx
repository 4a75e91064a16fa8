import { isFlaggedChat } from '@dragnet/core/findings/flagged-chat.ts';
import { contextReasonRu } from '@dragnet/core/labels/context-reason-ru.ts';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { IdLink, Pager, RecordLink, Status } from '../../components/common.tsx';
import {
  type Highlight,
  HighlightedText,
  plainShown,
  Shown,
  VisibleText,
} from '../../components/highlighted-text.tsx';
import { useI18n } from '../../i18n.tsx';
import { href, navigate } from '../../router.ts';
import { useTimeFilter } from '../../time-filter.tsx';
import { mentionChips } from './mention-chips.ts';

const LABELS = ['sale', 'recruitment', 'training', 'payment', 'drop_report'];

/**
 * What the findings count as a flagged chat (core's `isFlaggedChat`, docs/findings.md `channelsFlagged`). The
 * dashboard's tile opens the channel list filtered so (`?flagged=1`), and the message pane lists only their messages
 * (`/api/messages?flagged=1`).
 */
function isFlagged(ch: { type: string | null; labels: ReadonlyArray<{ label: string }> }): boolean {
  return isFlaggedChat(
    ch.type,
    ch.labels.map((l) => l.label),
  );
}

/** Channel reader: labels, matched terms and extracted identifiers highlighted; identifiers link to accounts. */
export function Messages({ params }: { params: URLSearchParams }) {
  const { t, role, chatType, lang, num, fixed } = useI18n();
  // The labeller writes a context label's reason in English (as stored); the Russian UI shows it in Russian.
  const reasonOf = (reason: string) => (lang === 'ru' ? contextReasonRu(reason) : reason);
  const time = useTimeFilter();
  const p = {
    chat: params.get('chat') ?? '',
    label: params.get('label') ?? '',
    q: params.get('q') ?? '',
    identifier: params.get('identifier') ?? '',
    author: params.get('author') ?? '',
    flagged: params.get('flagged') ?? '',
    offset: Number(params.get('offset') ?? 0),
  };
  const channels = useApi(() => api.channels(), []);
  const msgs = useApi(
    () =>
      api.messages({
        ...p,
        flagged: p.flagged ? '1' : undefined,
        since: time.since,
        until: time.until,
        limit: 50,
      }),
    [params.toString(), time.since, time.until],
  );
  const go = (patch: Partial<typeof p>) => navigate('messages', { ...p, offset: 0, ...patch });
  const shownChannels = (channels.data?.items ?? []).filter((ch) => !p.flagged || isFlagged(ch));
  /** Chat titles (evidence text) by id, for the message headers. */
  const titles = new Map((channels.data?.items ?? []).map((ch) => [ch.id, ch.title ?? ch.id]));
  return (
    <div className="messages-view">
      <aside className="channel-list" aria-label={t('channels')}>
        <h2>{t('channels')}</h2>
        <Status loading={channels.loading} error={channels.error} />
        {p.flagged && channels.data && (
          <p className="small" data-testid="flagged-filter">
            {t('flaggedOnly')} ({shownChannels.length}): {t('channelsFlaggedNote')}.{' '}
            <a href={href('messages', { ...p, flagged: '', offset: 0 })}>{t('showAllChats')}</a>
          </p>
        )}
        <ul className="plain">
          {shownChannels.map((ch) => (
            <li key={ch.id} className={ch.id === p.chat ? 'active' : ''}>
              <a
                href={href('messages', { chat: ch.id, ...(p.flagged ? { flagged: 1 } : {}) })}
                data-testid="channel-link"
                title={plainShown(ch.id)}
              >
                <Shown text={ch.title} fallback={ch.id} />
              </a>{' '}
              <span className="muted small">({num(ch.messages)})</span>
              {/* Two chats of one title (a JSON and an HTML copy, two same-named groups) are told apart by type and id. */}
              {ch.title !== null && (
                <div className="muted small" data-testid="channel-id">
                  {ch.type && ch.type !== 'unknown' ? <>{chatType(ch.type)} · </> : ''}
                  <VisibleText text={ch.id} />
                </div>
              )}
              <div>
                {ch.labels.map((l) => (
                  <span key={l.label} className={`badge label-${l.label}`}>
                    {role(l.label)}
                  </span>
                ))}
              </div>
            </li>
          ))}
        </ul>
      </aside>
      <div className="message-pane">
        <h1>{t('messages')}</h1>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            go({ q: String(new FormData(e.currentTarget).get('q') ?? '') });
          }}
        >
          <input name="q" defaultValue={p.q} placeholder={t('filterText')} aria-label={t('filterText')} />
          <select aria-label={t('labels')} value={p.label} onChange={(e) => go({ label: e.target.value })}>
            <option value="">{t('allLabels')}</option>
            {LABELS.map((l) => (
              <option key={l} value={l}>
                {role(l)}
              </option>
            ))}
          </select>
          <button type="submit">{t('searchButton')}</button>
          {p.identifier && (
            <span>
              <IdLink id={p.identifier} />{' '}
              <button type="button" onClick={() => go({ identifier: '' })}>
                {t('clear')}
              </button>
            </span>
          )}
          {p.author && (
            <span data-testid="author-filter">
              {t('ownMessages')}: <IdLink id={p.author} label={msgs.data?.items[0]?.message.authorName} />{' '}
              <button type="button" onClick={() => go({ author: '' })}>
                {t('clear')}
              </button>
            </span>
          )}
        </form>
        <Status loading={msgs.loading} error={msgs.error} />
        {msgs.data && (
          <>
            <ol className="message-list" data-testid="message-list">
              {msgs.data.items.map(({ message: m, labels, mentions }) => {
                const highlights: Highlight[] = [
                  ...labels.flatMap((l) =>
                    l.terms.map((term) => ({
                      start: term.start,
                      end: term.end,
                      kind: 'term' as const,
                      title: `${l.label}: ${term.term}`,
                    })),
                  ),
                  ...mentions.map((x) => ({
                    start: x.start,
                    end: x.end,
                    kind: 'mention' as const,
                    identifier: x.identifier,
                  })),
                ];
                return (
                  <li key={`${m.chatId}/${m.messageId}`} className="message" data-testid="message">
                    <header>
                      <span className="mono small">{m.timestamp.replace('T', ' ').slice(0, 16)}</span>{' '}
                      {m.authorId ? (
                        <IdLink id={m.authorId} label={m.authorName} />
                      ) : (
                        <Shown text={m.authorName} />
                      )}{' '}
                      <a
                        className="muted small"
                        href={href('messages', { chat: m.chatId })}
                        title={plainShown(m.chatId)}
                        data-testid="message-chat"
                      >
                        <VisibleText text={titles.get(m.chatId) ?? m.chatId} />
                      </a>{' '}
                      {labels.map((l) => (
                        <span
                          key={l.label}
                          className={`badge label-${l.label}${l.context ? ' from-chat' : ''}`}
                          title={l.context && plainShown(reasonOf(l.context.reason))}
                        >
                          {role(l.label)} {fixed(l.score, 2)}
                          {l.context ? ` · ${t('fromChat')}` : ''}
                        </span>
                      ))}
                    </header>
                    <p className="message-text" data-testid="message-text">
                      <HighlightedText text={m.text} highlights={highlights} />
                    </p>
                    {labels.map((l) =>
                      l.context ? (
                        // Why the chat gives this label, as text (the reason names authors and message ids).
                        <p key={`context-${l.label}`} className="small muted" data-testid="context-reason">
                          {role(l.label)}, {t('fromChat')}: <VisibleText text={reasonOf(l.context.reason)} />
                        </p>
                      ) : null,
                    )}
                    {mentions.length > 0 && (
                      <p className="small">
                        {mentionChips(mentions).map((x) => (
                          <span key={x.identifier} className="chip" data-testid="mention-chip">
                            <IdLink id={x.identifier} />
                          </span>
                        ))}
                      </p>
                    )}
                    <footer className="small">
                      <RecordLink evidenceId={m.evidenceId} locator={m.locator} />
                    </footer>
                  </li>
                );
              })}
            </ol>
            <Pager
              total={msgs.data.total}
              offset={msgs.data.offset}
              limit={msgs.data.limit}
              onPage={(offset) => navigate('messages', { ...p, offset })}
            />
          </>
        )}
      </div>
    </div>
  );
}
