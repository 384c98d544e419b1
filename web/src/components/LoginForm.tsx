// Username, password and, for accounts with two-step login, the authenticator code — always
// offered, sent with the password: the server never says which accounts have a second factor
// nor that a password was right, so a missing code is answered as wrong credentials. Locked
// accounts are told how long to wait; wrong credentials get the same answer as unknown names.
// A plain form (antd's Form and its validator stay out of the first load): each field has its
// label, and a missing or malformed value is told under the field and announced.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Input, type InputRef } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../graphql';
import { errorText } from '../lib/errors';

const LOGIN = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { mustChangePassword expiresAt person { id username } }
  }
`);

type Name = 'username' | 'password' | 'totpCode';
type Values = Record<Name, string>;
type Problems = Partial<Record<Name, string>>;

/** What is wrong with the values, by field (the code only when one was typed). */
export function loginProblems(
  v: Values,
  asks: { username: boolean; code: boolean },
  t: (key: string) => string,
): Problems {
  const p: Problems = {};
  if (asks.username && !v.username.trim()) p.username = t('login.usernameRequired');
  if (!v.password) p.password = t('login.passwordRequired');
  if (asks.code && !/^\d{6}$/.test(v.totpCode)) p.totpCode = t('login.totpFormat');
  return p;
}

function Field({ id, label, problem, children }: { id: string; label: string; problem?: string; children: ReactNode }) {
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {problem && (
        <div id={`${id}_help`} className="form-field-problem" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}

export default function LoginForm({
  onDone,
  fixedUsername,
}: {
  onDone: (result: { mustChangePassword: boolean; username: string }) => void;
  fixedUsername?: string;
}) {
  const { t } = useTranslation();
  const [{ fetching, error }, login] = useMutation(LOGIN);
  const [values, setValues] = useState<Values>({ username: '', password: '', totpCode: '' });
  const [problems, setProblems] = useState<Problems>({});
  const refs = { username: useRef<InputRef>(null), password: useRef<InputRef>(null), totpCode: useRef<InputRef>(null) };

  const asks = { username: !fixedUsername, code: values.totpCode.trim() !== '' };

  function change(name: Name, value: string) {
    const next = { ...values, [name]: value };
    setValues(next);
    // A field already marked is checked again as it is corrected.
    if (problems[name]) setProblems({ ...problems, [name]: loginProblems(next, asks, t)[name] });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = loginProblems(values, asks, t);
    setProblems(found);
    const first = (['username', 'password', 'totpCode'] as Name[]).find((n) => found[n]);
    if (first) {
      refs[first].current?.focus();
      return;
    }
    const result = await login({
      input: {
        username: fixedUsername ?? values.username,
        password: values.password,
        totpCode: values.totpCode || null,
      },
    });
    if (result.data) {
      onDone({
        mustChangePassword: result.data.login.mustChangePassword,
        username: result.data.login.person.username,
      });
    }
  }

  const a11y = (name: Name) => ({
    id: `login_${name}`,
    'aria-required': name !== 'totpCode',
    'aria-invalid': problems[name] ? true : undefined,
    'aria-describedby': problems[name] ? `login_${name}_help` : undefined,
    status: problems[name] ? ('error' as const) : undefined,
    value: values[name],
    onChange: (ev: { target: { value: string } }) => change(name, ev.target.value),
    ref: refs[name],
  });

  return (
    <form id="login" onSubmit={(e) => void submit(e)} noValidate>
      {error && (
        <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 16 }} data-testid="login-error" />
      )}
      {!fixedUsername && (
        <Field id="login_username" label={t('login.username')} problem={problems.username}>
          <Input {...a11y('username')} autoComplete="username" autoFocus />
        </Field>
      )}
      <Field id="login_password" label={t('login.password')} problem={problems.password}>
        <Input.Password {...a11y('password')} autoComplete="current-password" autoFocus={!!fixedUsername} />
      </Field>
      <Field id="login_totpCode" label={t('login.totpOptional')} problem={problems.totpCode}>
        <Input {...a11y('totpCode')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
      </Field>
      <Button type="primary" htmlType="submit" loading={fetching} block>
        {t('login.submit')}
      </Button>
    </form>
  );
}
