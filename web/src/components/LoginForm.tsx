// Username and password; the authenticator code when the account asks for one. Locked
// accounts are told how long to wait; wrong credentials get the same answer as unknown names.
import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../graphql';
import { errorText, hasReason } from '../lib/errors';

const LOGIN = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) { mustChangePassword expiresAt person { id username } }
  }
`);

interface Values {
  username: string;
  password: string;
  totpCode?: string;
}

export default function LoginForm({
  onDone,
  fixedUsername,
}: {
  onDone: (result: { mustChangePassword: boolean; username: string }) => void;
  fixedUsername?: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [{ fetching, error }, login] = useMutation(LOGIN);
  const [needsCode, setNeedsCode] = useState(false);

  const secondFactorAsked = hasReason(error, 'SECOND_FACTOR_REQUIRED');
  const showCode = needsCode || secondFactorAsked;

  async function submit(values: Values) {
    const result = await login({
      input: {
        username: fixedUsername ?? values.username,
        password: values.password,
        totpCode: values.totpCode || null,
      },
    });
    if (hasReason(result.error, 'SECOND_FACTOR_REQUIRED')) {
      setNeedsCode(true);
      return;
    }
    if (result.data) {
      onDone({
        mustChangePassword: result.data.login.mustChangePassword,
        username: result.data.login.person.username,
      });
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} name="login">
      {error && !secondFactorAsked && (
        <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 16 }} data-testid="login-error" />
      )}
      {secondFactorAsked && (
        <Alert type="info" showIcon title={t('login.codeNeeded')} style={{ marginBottom: 16 }} />
      )}
      {!fixedUsername && (
        <Form.Item label={t('login.username')} name="username" rules={[{ required: true }]}>
          <Input autoComplete="username" autoFocus />
        </Form.Item>
      )}
      <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" autoFocus={!!fixedUsername} />
      </Form.Item>
      {showCode && (
        <Form.Item
          label={t('login.totp')}
          name="totpCode"
          rules={[{ required: true }, { pattern: /^\d{6}$/, message: t('login.totpFormat') }]}
        >
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={fetching} block>
        {t('login.submit')}
      </Button>
    </Form>
  );
}
