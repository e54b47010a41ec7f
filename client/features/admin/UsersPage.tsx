import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { PROVINCES } from '../../../server/domain/reference.ts';
import { searchKey } from '../../../server/domain/digits.ts';
import { MultiSelect } from '../../components/MultiSelect.tsx';
import type { FilterOption } from '../../components/filter-options.ts';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { sortByName } from '../../lib/collation.ts';
import { useLocale } from '../../lib/locale.ts';
import { useTRPC } from '../../lib/trpc.ts';
import './admin.css';

const ROLES = ['viewer', 'manager', 'analyst', 'admin'] as const;
type RoleName = (typeof ROLES)[number];

/** No province ticked means every province (the account is not limited). */
const scopeOf = (codes: string[]): 'all' | string[] => (codes.length === 0 ? 'all' : codes);

/**
 * `/admin/users`: users with role and provinces; add, change role/provinces, disable. Provinces are
 * chosen from the list (issue #14: typing «IR-10,IR-23» was error-prone and meant nothing to most).
 */
function useProvinceOptions(): FilterOption[] {
  const { name, lang } = useLocale();
  return sortByName(
    PROVINCES.map((p) => ({
      code: p.code,
      label: name(p),
      key: searchKey(`${name(p)} ${p.code}`),
    })),
    (o) => o.label,
    lang,
  );
}

export function UsersPage() {
  const trpc = useTRPC();
  const client = useQueryClient();
  const { t } = useLocale();
  const users = useQuery(trpc.users.list.queryOptions());
  const onSuccess = () => client.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess }));
  const [role, setRole] = useState<RoleName>('viewer');
  const [provinces, setProvinces] = useState<string[]>([]);
  const provinceOptions = useProvinceOptions();
  const provincesLabel = (codes: readonly string[]) =>
    codes.length === 0 ? t('admin.allProvinces') : t('admin.provinces');
  const error = create.error ?? update.error;

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    create.mutate({
      username: field('username'),
      password: field('password'),
      role,
      provinces: scopeOf(provinces),
    });
  }

  return (
    <section className="panel">
      <h1>{t('nav.users')}</h1>
      {users.isPending ? <Skeleton height={200} /> : null}
      {users.error ? <ErrorState message={users.error.message} /> : null}
      {error ? <ErrorState message={error.message} /> : null}
      {users.data ? (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('login.username')}</th>
              <th>{t('admin.role')}</th>
              <th>{t('admin.provinces')}</th>
              <th>{t('admin.status')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id}>
                <td dir="ltr">{u.username}</td>
                <td>
                  <select
                    className="select"
                    aria-label={t('admin.roleOf', { user: u.username })}
                    value={u.role}
                    onChange={(e) =>
                      update.mutate({ username: u.username, role: e.target.value as RoleName })
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <MultiSelect
                    filterKey={`provinces-${u.username}`}
                    label={provincesLabel(u.scope.provinces === 'all' ? [] : u.scope.provinces)}
                    options={provinceOptions}
                    selected={u.scope.provinces === 'all' ? [] : u.scope.provinces}
                    onChange={(codes) =>
                      update.mutate({ username: u.username, provinces: scopeOf(codes) })
                    }
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="btn"
                    onClick={() => update.mutate({ username: u.username, disabled: !u.disabled })}
                  >
                    {u.disabled ? t('admin.enable') : t('admin.disable')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>{t('admin.addUser')}</h2>
      <form className="admin-form" onSubmit={add}>
        <label>
          {t('login.username')} <input name="username" required dir="ltr" maxLength={64} />
        </label>
        <label>
          {t('login.password')}{' '}
          <input
            name="password"
            type="password"
            required
            minLength={10}
            dir="ltr"
            autoComplete="new-password"
          />
        </label>
        <label>
          {t('admin.role')}{' '}
          <select
            className="select"
            value={role}
            onChange={(e) => setRole(e.target.value as RoleName)}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="admin-provinces">
          <span>{t('admin.provincesHint')}</span>
          <MultiSelect
            filterKey="new-user-provinces"
            label={provincesLabel(provinces)}
            options={provinceOptions}
            selected={provinces}
            onChange={setProvinces}
          />
        </div>
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {t('admin.add')}
        </button>
      </form>
    </section>
  );
}
