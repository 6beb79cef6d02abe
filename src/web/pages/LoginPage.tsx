import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api';
import { useAuth } from '../auth/context';
import { BrandIcon } from '../components/BrandIcon';
import { TextField } from '../components/TextField';

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
          <BrandIcon size={30} />
          <div>
            <h1 id="login-title" className="login__title">
              CCTV Detection Factory
            </h1>
            <p className="login__subtitle">Sign in to watch the cameras and review violations.</p>
          </div>
        </div>
        <TextField
          label="User name"
          testId="login-username"
          width="full"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={username}
          onChange={setUsername}
        />
        <TextField
          label="Password"
          testId="login-password"
          width="full"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
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
