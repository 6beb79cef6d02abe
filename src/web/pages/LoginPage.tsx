import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api';
import { useAuth } from '../auth/context';

/** Sign-in (POST /api/auth/login). The URL is kept, so the user lands where they were going. */
export function LoginPage() {
  const { login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your user name and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(errorMessage(err));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <div className="login" data-testid="login-page">
      <form className="login__card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-title">
        <div className="login__brand">
          <svg viewBox="0 0 24 24" width="30" height="30" aria-hidden="true" className="navbar__icon">
            <path
              d="M4 15a8 8 0 0 1 16 0M2 15h20v3H2zM12 7V4M9.5 7.5 8.5 5M14.5 7.5l1-2.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <div>
            <h1 id="login-title" className="login__title">
              CCTV Detection Factory
            </h1>
            <p className="login__subtitle">Sign in to watch the cameras and review violations.</p>
          </div>
        </div>
        <label className="field">
          <span className="field__label">User name</span>
          <input
            className="field__control field__control--full"
            data-testid="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">Password</span>
          <input
            className="field__control field__control--full"
            data-testid="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <div className="login__error" aria-live="assertive">
          {error ? (
            <div className="field-error" role="alert" data-testid="login-error">
              {error}
            </div>
          ) : null}
        </div>
        <button
          type="submit"
          className="button button--primary login__submit"
          data-testid="login-submit"
          disabled={busy}
        >
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          Sign in
        </button>
      </form>
    </div>
  );
}
