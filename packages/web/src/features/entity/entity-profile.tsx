import { evidenceName } from '@dragnet/core/model/evidence-name.ts';
import { reasonRu } from '@dragnet/core/report/reason-ru.ts';
import { reasonEn } from '@dragnet/core/report/reason-en.ts';
import { ApiError, api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { IdLink, RecordLink, Roles, Section, Status, usd } from '../../components/common.tsx';
import { useChatTitles } from '../../components/names.tsx';
import { TransfersTable } from '../../components/transfers-table.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { tableName } from '../../record-names.ts';
import { href } from '../../router.ts';
import { plainShown, Shown, VisibleText } from '../../components/highlighted-text.tsx';
import { amount } from '../../components/amount.ts';
import { uniqueKeys } from '../../components/unique-keys.ts';

/** Kinds that hold money (transfers name them): their profiles show turnover even when it is 0. */
const MONEY_KINDS: ReadonlySet<string> = new Set([
  'BankCard',
  'BankAccount',
  'CryptoWallet',
  'ExchangeAccount',
]);

/** A name's words, lower case, in order: `Касымова Камила` and `Камила Касымова` are one name written two ways. */
function nameKey(name: string | null | undefined): string {
  return (name ?? '').toLowerCase().split(/\s+/).filter(Boolean).sort().join(' ');
}

/**
 * An entity's profile; a candidate identifier that failed its check (`unverified:tron:…`, linked from a message) has
 * no profile of its own: a page says what it is and lists the messages that hold it.
 */
export function EntityProfile({ id }: { id: string }) {
  // Keyed by the id: another profile starts afresh (its lists, its loading state), never drawn over the last one's.
  return id.startsWith('unverified:') ? (
    <UnverifiedProfile key={id} id={id} />
  ) : (
    <KnownProfile key={id} id={id} />
  );
}

/** Why a candidate of each kind failed (docs/identifiers.md): the check it did not pass. */
const WHY_UNVERIFIED: Record<'ru' | 'en', Record<string, string>> = {
  en: {
    card: 'The digits fail the Luhn check every card number passes: a typo, or not a card number.',
    iban: 'The IBAN check digits do not match.',
    phone: 'Not a valid number of any numbering plan.',
    tron: 'The TRON address fails its Base58Check checksum: a typo, or an address made up.',
    btc: 'The Bitcoin address fails its checksum.',
    eth: 'The Ethereum address fails its mixed-case checksum.',
    onion: 'The .onion host fails its checksum, or is an old v2 host (no checksum; unreachable since 2021).',
    tg: 'The Telegram link names no valid account or chat.',
  },
  ru: {
    card: 'Цифры не проходят проверку Луна, которую проходит любой номер карты: опечатка или не номер карты.',
    iban: 'Контрольные цифры IBAN не сходятся.',
    phone: 'Номер не соответствует ни одному плану нумерации.',
    tron: 'Адрес TRON не проходит проверку контрольной суммы Base58Check: опечатка или выдуманный адрес.',
    btc: 'Адрес Bitcoin не проходит проверку контрольной суммы.',
    eth: 'Адрес Ethereum не проходит проверку контрольной суммы (регистр букв).',
    onion:
      'Адрес .onion не проходит проверку контрольной суммы или это старый адрес v2 (без суммы; недоступен с 2021 года).',
    tg: 'Ссылка Telegram не называет действительный аккаунт или чат.',
  },
};

function UnverifiedProfile({ id }: { id: string }) {
  const { t, kind, lang } = useI18n();
  const [, prefix = '', ...rest] = id.split(':');
  const value = rest.join(':');
  const kinds: Record<string, string> = {
    card: 'BankCard',
    iban: 'BankAccount',
    phone: 'Phone',
    btc: 'CryptoWallet',
    eth: 'CryptoWallet',
    tron: 'CryptoWallet',
    ton: 'CryptoWallet',
    xmr: 'CryptoWallet',
    ltc: 'CryptoWallet',
  };
  const looks = kinds[prefix] ? `${kind(kinds[prefix])} (${prefix})` : prefix;
  const why = WHY_UNVERIFIED[lang][prefix];
  const msgs = useApi(() => api.messages({ identifier: id, limit: 50 }), [id]);
  const titles = useChatTitles();
  return (
    <div className="profile" data-testid="unverified-profile">
      <h1>{t('unverifiedTitle')}</h1>
      <p className="mono">
        <VisibleText text={id} />
      </p>
      <p>{t('unverifiedWhat')}</p>
      {why && <p data-testid="unverified-why">{why}</p>}
      <dl className="figures">
        <dt>{t('unverifiedKind')}</dt>
        <dd>{looks}</dd>
        <dt>{t('unverifiedValue')}</dt>
        <dd className="mono">
          <VisibleText text={value} />
        </dd>
      </dl>
      <Section title={`${t('unverifiedMessages')} (${msgs.data?.total ?? '…'})`}>
        <Status loading={msgs.loading} error={msgs.error} />
        <ul className="plain records" data-testid="unverified-messages">
          {msgs.data?.items.map(({ message: m }) => (
            <li key={`${m.chatId}/${m.messageId}`}>
              <a href={href('messages', { chat: m.chatId, identifier: id })} title={plainShown(m.chatId)}>
                <VisibleText text={titles?.get(m.chatId) ?? m.chatId} />
              </a>{' '}
              <RecordLink evidenceId={m.evidenceId} locator={m.locator} />{' '}
              <span className="small">
                <VisibleText text={m.text.slice(0, 200)} />
              </span>
            </li>
          ))}
        </ul>
        <p>
          <a href={href('messages', { identifier: id })}>{t('messages')}</a>
        </p>
      </Section>
    </div>
  );
}

/** What a profile says where no message mentions it, by what it is (a card by its number, a wallet by its address). */
const MENTIONING_NONE: Record<string, MessageKey> = {
  TelegramUser: 'mentioningNoneUser',
  BankCard: 'mentioningNoneCard',
  BankAccount: 'mentioningNoneIban',
  CryptoWallet: 'mentioningNoneWallet',
  Phone: 'mentioningNonePhone',
};

/** Everything known about one entity; every figure links to the records behind it. */
function KnownProfile({ id }: { id: string }) {
  const { t, role, kind, lang, count, num, fixed } = useI18n();
  // Reasons are stored in English (findings JSON); the Russian UI shows the report's translation.
  const why = (text: string) => (lang === 'ru' ? reasonRu(text) : reasonEn(text));
  const res = useApi(() => api.entity(id), [id]);
  const p = res.data;
  if (!p) {
    // An id the case does not know: said in the UI language, not as the API's hint.
    if (res.error instanceof ApiError && res.error.status === 404)
      return (
        <div className="profile">
          <h1 className="mono">{id}</h1>
          <p role="alert">{t('notFound')}</p>
          <a href={href('entities', { q: id })}>{t('searchButton')}</a>
        </div>
      );
    return <Status loading={res.loading} error={res.error} />;
  }
  const e = p.entity;
  const toRecords = () => document.getElementById('records')?.scrollIntoView({ behavior: 'smooth' });
  const isAccount = e.kind !== 'Person' && e.kind !== 'TelegramChat' && e.kind !== 'TelegramUser';
  const isChat = e.kind === 'TelegramChat';
  /** The Telegram accounts whose messages are this entity's own: the account itself, or a person's. */
  const authors =
    e.kind === 'TelegramUser' && e.id.startsWith('tg:user:')
      ? [e.id]
      : (p.person?.identifiers ?? []).filter((x) => x.startsWith('tg:user:'));
  // Money figures only for what holds money: an account, or a person or Telegram account with transfers or accounts of
  // his own (not a chat, a place, a link, or a person made of a bot's Telegram account: "0.00" there says nothing).
  const showTurnover =
    !isChat &&
    (MONEY_KINDS.has(e.kind) ||
      p.totals.length > 0 ||
      (e.kind === 'Person' && (e.accounts.length > 0 || p.holders.length > 0)));
  const holderNames = new Set(p.holders.map((h) => nameKey(h.holderName)).filter(Boolean));
  // The grounds of the roles: an account's, or a person's (the findings' `roleDetails`).
  const claims = p.account?.roles ?? (e.kind === 'Person' ? (p.person?.roleDetails ?? []) : []);
  const recordKeys = uniqueKeys(p.records.map((r) => `${r.table}/${r.evidenceId}/${r.locator}/${r.summary}`));
  return (
    <div className="profile" data-testid="entity-profile">
      <h1>
        <VisibleText text={e.label} /> <span className="muted small">{kind(e.kind)}</span>
      </h1>
      <p className="mono">
        <VisibleText text={e.id} />
      </p>
      <p>
        <Roles roles={e.roles} />
        {e.network && <span className="badge">{`${t('network')} ${e.network}`}</span>}
      </p>
      <nav className="actions">
        <a href={href('graph', { focus: e.id })}>{t('openGraph')}</a>
        {isChat && (
          <a href={href('messages', { chat: e.id })} data-testid="chat-messages">
            {t('chatMessages')}
          </a>
        )}
        {authors.map((a) => (
          <a key={a} href={href('messages', { author: a })} data-testid="own-messages">
            {t('ownMessages')}
            {authors.length > 1 ? ` (${a})` : ''}
          </a>
        ))}
        {/* Counted as the list counts them: a link to an empty list would say nothing. */}
        {p.mentioning !== null && p.mentioning > 0 && (
          <a href={href('messages', { identifier: e.id })} data-testid="mentioning-messages">
            {`${t('mentioningMessages')} (${p.mentioning})`}
          </a>
        )}
        {isAccount && <a href={href('flows', { from: e.id })}>{t('traceFrom')}</a>}
      </nav>
      {p.mentioning === 0 && (
        <p className="muted" data-testid="mentioning-none">
          {isChat ? (
            <>
              {t('mentioningNoneChat')} <a href={href('messages', { chat: e.id })}>{t('chatMessages')}</a>
            </>
          ) : (
            t(MENTIONING_NONE[e.kind] ?? 'mentioningNone')
          )}
        </p>
      )}
      {/* A person's usernames (a person made of one: a shop's contact): the messages naming each, as its profile. */}
      {(p.usernameMentions ?? []).map((u) =>
        u.messages > 0 ? (
          <p key={u.identifier}>
            <a href={href('messages', { identifier: u.identifier })} data-testid="username-mentions">
              {`${t('usernameMentions')} ${u.identifier.slice(3)} (${u.messages})`}
            </a>
          </p>
        ) : (
          <p key={u.identifier} className="muted" data-testid="username-mentions-none">
            {`${t('usernameMentionsNone')} ${u.identifier.slice(3)}.`}
          </p>
        ),
      )}
      <div className="columns">
        {showTurnover && (
          <Section title={t('turnoverUsd')}>
            <dl className="figures">
              <dt>{t('inUsd')}</dt>
              <dd className="mono" data-testid="usd-in">
                {isAccount ? (
                  <a href={href('transfers', { to: e.id })}>{usd(p.usd.in)}</a>
                ) : (
                  <button type="button" className="linklike" onClick={toRecords}>
                    {usd(p.usd.in)}
                  </button>
                )}
              </dd>
              <dt>{t('outUsd')}</dt>
              <dd className="mono" data-testid="usd-out">
                {isAccount ? (
                  <a href={href('transfers', { from: e.id })}>{usd(p.usd.out)}</a>
                ) : (
                  <button type="button" className="linklike" onClick={toRecords}>
                    {usd(p.usd.out)}
                  </button>
                )}
              </dd>
              {p.usd.unconverted > 0 && (
                <>
                  <dt>{t('unconverted')}</dt>
                  <dd>{p.usd.unconverted}</dd>
                </>
              )}
              {e.inUsd !== null && (
                <>
                  <dt>{t('perFindings')}</dt>
                  <dd className="mono">
                    {usd(e.inUsd)} / {usd(e.outUsd)}
                  </dd>
                </>
              )}
            </dl>
            <h3>{t('totals')}</h3>
            <table className="grid">
              <thead>
                <tr>
                  <th>{t('currency')}</th>
                  <th className="num">{t('inUsd').split(',')[0]}</th>
                  <th className="num">{t('outUsd').split(',')[0]}</th>
                </tr>
              </thead>
              <tbody>
                {p.totals.map((x) => (
                  <tr key={x.currency}>
                    <td>
                      <VisibleText text={x.currency} />
                    </td>
                    <td className="num mono">
                      {amount(x.in)} ({num(x.countIn)})
                    </td>
                    <td className="num mono">
                      {amount(x.out)} ({num(x.countOut)})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
        )}
        <Section title={t('identifiers')}>
          <ul className="plain">
            {p.identifiers.map((i) => (
              <li key={i}>
                <IdLink id={i} />
              </li>
            ))}
          </ul>
          {e.holder && (
            <p>
              {t('holder')}: <IdLink id={e.holder} label={p.holderEntity?.label} />
            </p>
          )}
          {p.person && p.person.names.length > 0 && (
            <p>
              {t('name')}: <VisibleText text={p.person.names.join(' · ')} />
            </p>
          )}
        </Section>
        {claims.length > 0 && (
          <Section title={t('reasons')}>
            <ul className="plain" data-testid="role-reasons">
              {claims.map((r) => (
                <li key={r.role}>
                  <b>{role(r.role)}</b> ({fixed(r.score, 2)})
                  <ul>
                    {r.reasons.map((reason) => (
                      <li key={reason}>
                        <VisibleText text={why(reason)} />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </Section>
        )}
        {p.channel && p.channel.labels.length > 0 && (
          <Section title={t('labels')}>
            <ul className="plain">
              {p.channel.labels.map((l) => (
                <li key={l.label}>
                  <a href={href('messages', { chat: e.id, label: l.label })}>{role(l.label)}</a> (
                  {fixed(l.score, 2)})
                </li>
              ))}
            </ul>
          </Section>
        )}
      </div>
      {p.holders.length > 0 && (
        <Section title={t('holders')}>
          <table className="grid">
            <thead>
              <tr>
                <th>{t('id')}</th>
                <th>{t('name')}</th>
                <th>IIN</th>
                <th>{t('institution')}</th>
                <th>{t('record')}</th>
              </tr>
            </thead>
            <tbody>
              {p.holders.map((h) => (
                <tr key={`${h.evidenceId}/${h.locator}`}>
                  <td>
                    <IdLink id={h.account} />
                  </td>
                  <td>
                    <Shown text={h.holderName} fallback="—" />
                  </td>
                  <td className="mono">
                    <Shown text={h.iin} />
                  </td>
                  <td>
                    <VisibleText text={[h.institution, h.nationality].filter(Boolean).join(', ')} />
                  </td>
                  <td>
                    <RecordLink evidenceId={h.evidenceId} locator={h.locator} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {p.telegram &&
        (['names', 'usernames', 'phones', 'accounts'] as const).some((k) => p.telegram![k].length > 0) && (
          <Section title={t('tgFacts')}>
            <table className="grid" data-testid="telegram-facts">
              <tbody>
                {(
                  [
                    ['names', t('tgNames')],
                    ['usernames', t('tgUsernames')],
                    ['phones', t('tgPhones')],
                    ['accounts', t('tgAccounts')],
                  ] as const
                ).map(([k, title]) =>
                  p.telegram![k].map((f, i) => (
                    <tr key={`${k}/${f.value}`}>
                      <th>{i === 0 ? title : ''}</th>
                      <td>{k === 'names' ? <VisibleText text={f.value} /> : <IdLink id={f.value} />}</td>
                      <td>
                        {f.records.slice(0, 3).map((r) => (
                          <span key={`${r.evidenceId}/${r.locator}`}>
                            <RecordLink evidenceId={r.evidenceId} locator={r.locator} />{' '}
                          </span>
                        ))}
                        {f.recordsTotal > 3 && <span className="muted">+{f.recordsTotal - 3}</span>}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </Section>
        )}
      {p.postedBy.length > 0 && (
        <Section title={t('postedByTitle')}>
          <p className="muted small">{t('postedByNote')}</p>
          <ul className="plain" data-testid="posted-by">
            {p.postedBy.map((a) => (
              <li key={a.author}>
                <IdLink id={a.author} label={a.name ?? undefined} />{' '}
                {a.isHolder ? (
                  <span className="badge" data-testid="poster-holder">
                    {t('posterIsHolder')}
                  </span>
                ) : holderNames.has(nameKey(a.name)) ? (
                  <span className="badge" data-testid="poster-holder">
                    {t('posterHolderName')}
                  </span>
                ) : null}{' '}
                — {count(a.messages, 'message')}:{' '}
                {a.records.slice(0, 3).map((r) => (
                  <span key={`${r.evidenceId}/${r.locator}`}>
                    <RecordLink evidenceId={r.evidenceId} locator={r.locator} />{' '}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {isAccount && (
        <Section title={t('transfers')}>
          <TransfersTable filter={{ account: e.id }} />
        </Section>
      )}
      <Section title={`${t('records')} (${p.recordsTotal})`} id="records">
        <ul className="plain records" data-testid="records">
          {p.records.map((r, i) => (
            <li key={recordKeys[i]}>
              <span className="badge" data-table={r.table}>
                {tableName(r.table, lang)}
              </span>{' '}
              <RecordLink evidenceId={r.evidenceId} locator={r.locator} />{' '}
              <span className="mono small">
                <VisibleText text={r.summary} />
              </span>
            </li>
          ))}
        </ul>
        <h3>{t('evidenceFiles')}</h3>
        <ul className="plain">
          {p.evidenceFiles.map((f) => (
            <li key={f.evidenceId}>
              <a href={href('evidence', { id: f.evidenceId })}>
                <Shown text={evidenceName(f)} fallback={f.evidenceId} />
              </a>{' '}
              — {f.records}
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
