import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { IdLink, Pager, Roles, Status, usd } from '../../components/common.tsx';
import { useI18n } from '../../i18n.tsx';
import { href, navigate } from '../../router.ts';
import { Shown, VisibleText } from '../../components/highlighted-text.tsx';
import { GROUP_ORDER, groupNoun } from './entity-groups.ts';

const KINDS = [
  'Person',
  'BankCard',
  'BankAccount',
  'CryptoWallet',
  'ExchangeAccount',
  'Phone',
  'TelegramUser',
  'TelegramChat',
];
const ROLES = [
  'operator',
  'recruiter',
  'courier',
  'dropper',
  'exchanger',
  'end_recipient',
  'buyer',
  'chemist',
  'supplier',
];

/** Entities with filters; the URL holds the filter so a dashboard figure links straight to its list. */
export function EntityList({ params }: { params: URLSearchParams }) {
  const { t, role, kind, count } = useI18n();
  const p = {
    q: params.get('q') ?? '',
    kind: params.get('kind') ?? '',
    role: params.get('role') ?? '',
    network: params.get('network') ?? '',
    participants: params.get('participants') ?? '',
    group: params.get('group') ?? '',
    sort: params.get('sort') ?? 'relevance',
    offset: Number(params.get('offset') ?? 0),
  };
  const res = useApi(() => api.entities({ ...p, limit: 50 }), [params.toString()]);
  const go = (patch: Partial<typeof p>) => navigate('entities', { ...p, offset: 0, ...patch });
  return (
    <div>
      <h1>{t('entities')}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: String(new FormData(e.currentTarget).get('q') ?? '') });
        }}
      >
        <input name="q" defaultValue={p.q} placeholder={t('search')} aria-label={t('search')} />
        <select aria-label={t('kind')} value={p.kind} onChange={(e) => go({ kind: e.target.value })}>
          <option value="">{t('allKinds')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {kind(k)}
            </option>
          ))}
        </select>
        <select aria-label={t('role')} value={p.role} onChange={(e) => go({ role: e.target.value })}>
          <option value="">{t('allRoles')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {role(r)}
            </option>
          ))}
        </select>
        <button type="submit">{t('searchButton')}</button>
        {p.participants && (
          <span data-testid="participants-filter">
            {t('participantsOnly')}{' '}
            <button type="button" onClick={() => go({ participants: '' })}>
              {t('clear')}
            </button>
          </span>
        )}
        {p.network && (
          <span data-testid="network-filter">
            {`${t('network')} ${p.network}`}{' '}
            <button type="button" onClick={() => go({ network: '' })}>
              {t('clear')}
            </button>
          </span>
        )}
      </form>
      <Status loading={res.loading} error={res.error} />
      {res.data && (
        <>
          {/* What the list holds, persons and accounts apart (the dashboard's tiles say the same numbers). */}
          {res.data.groups.persons > 0 && res.data.groups.accounts > 0 && (
            <p data-testid="entity-groups">
              {GROUP_ORDER.map((g) => (
                <span key={g}>
                  <a
                    href={href('entities', { ...p, offset: 0, group: g })}
                    aria-current={p.group === g ? 'true' : undefined}
                    data-testid={`group-${g}`}
                  >
                    {count(res.data!.groups[g], groupNoun(g, res.data!.groups.notAccounts ?? 0))}
                  </a>
                  {' · '}
                </span>
              ))}
              <a
                href={href('entities', { ...p, offset: 0, group: '' })}
                aria-current={p.group ? undefined : 'true'}
              >
                {`${t('groupAll')}: ${res.data.groups.persons + res.data.groups.accounts}`}
              </a>
            </p>
          )}
          {p.participants && (res.data.countedWithOthers ?? 0) > 0 && (
            <p className="muted small" data-testid="counted-with-note">
              {t('countedWithNote').replace('{n}', count(res.data.countedWithOthers ?? 0, 'person'))}
            </p>
          )}
          <table className="grid" data-testid="entity-list">
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('kind')}</th>
                <th>{t('roles')}</th>
                <th>{t('network')}</th>
                <th className="num">{t('inUsd')}</th>
                <th className="num">{t('outUsd')}</th>
              </tr>
            </thead>
            <tbody>
              {res.data.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <IdLink id={e.id} label={e.label} />
                    {e.label !== e.id && (
                      <div className="muted mono small">
                        <VisibleText text={e.id} />
                      </div>
                    )}
                  </td>
                  <td>{kind(e.kind)}</td>
                  <td>
                    <Roles roles={e.roles} />
                  </td>
                  <td>
                    <Shown text={e.network} />
                  </td>
                  <td className="num mono">{usd(e.inUsd)}</td>
                  <td className="num mono">{usd(e.outUsd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            total={res.data.total}
            offset={res.data.offset}
            limit={res.data.limit}
            onPage={(offset) => navigate('entities', { ...p, offset })}
          />
        </>
      )}
    </div>
  );
}
