import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorState, Skeleton } from '../../components/states.tsx';
import { useLocale } from '../../lib/locale.ts';
import { useTRPC } from '../../lib/trpc.ts';
import './admin.css';

const ROLES = ['viewer', 'manager', 'analyst', 'admin'] as const;
type RoleName = (typeof ROLES)[number];

const provincesOf = (text: string): 'all' | string[] =>
  text.trim() === '' || text.trim() === 'all'
    ? 'all'
    : text
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean);

/** `/admin/users`: users with role and provinces; add, change role/provinces, disable. */
export function UsersPage() {
  const trpc = useTRPC();
  const client = useQueryClient();
  const { t } = useLocale();
  const users = useQuery(trpc.users.list.queryOptions());
  const onSuccess = () => client.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess }));
  const [role, setRole] = useState<RoleName>('viewer');
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
      provinces: provincesOf(field('provinces')),
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
                  <input
                    dir="ltr"
                    aria-label={t('admin.provincesOf', { user: u.username })}
                    defaultValue={u.scope.provinces === 'all' ? 'all' : u.scope.provinces.join(',')}
                    onBlur={(e) =>
                      update.mutate({
                        username: u.username,
                        provinces: provincesOf(e.target.value),
                      })
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
        <label>
          {t('admin.provincesHint')} <input name="provinces" defaultValue="all" dir="ltr" />
        </label>
        <button type="submit" className="btn primary" disabled={create.isPending}>
          {t('admin.add')}
        </button>
      </form>
    </section>
  );
}
