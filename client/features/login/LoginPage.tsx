import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useLocale } from '../../lib/locale.ts';
import { rememberSession, type SessionInfo } from '../../lib/session.ts';
import './login.css';

/** Only a path of this app may follow sign-in (no open redirect to another site). */
function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

/**
 * `/login`: username and password. Every refusal reads the same (the server does not say whether
 * the user exists); after sign-in the browser goes to the page first asked for.
 */
export function LoginPage() {
  const { lang, dir, t } = useLocale();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dir = dir;
    document.title = t('login.title');
  }, [lang, dir, t]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
      });
      if (res.ok) {
        rememberSession((await res.json()) as SessionInfo);
        const next = new URL(safeNext(params.get('next')), location.origin);
        if (lang === 'en' && !next.searchParams.has('lang')) next.searchParams.set('lang', 'en');
        location.assign(`${next.pathname}${next.search}`);
        return;
      }
      const body = (await res.json().catch(() => null)) as {
        error?: { message: string; messageFa: string };
      } | null;
      setError(
        body?.error
          ? lang === 'fa'
            ? body.error.messageFa
            : body.error.message
          : `HTTP ${res.status}`,
      );
    } catch {
      setError(t('login.networkError'));
    }
    setBusy(false);
  }

  return (
    <main className="login-page" id="main">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="login-intro">{t('login.intro')}</p>
        <label>
          <span>{t('login.username')}</span>
          <input
            name="username"
            autoComplete="username"
            required
            maxLength={64}
            dir="ltr"
            autoFocus
          />
        </label>
        <label>
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={256}
            dir="ltr"
          />
        </label>
        {error ? (
          <p className="login-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? t('login.working') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
