import { Alert, Button, Form, Input, App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../graphql';
import { splitProblems } from '../lib/errors';

const CHANGE = graphql(`
  mutation ChangePassword($current: String!, $next: String!) {
    changePassword(currentPassword: $current, newPassword: $next)
  }
`);

export default function ChangePassword({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [{ fetching, error }, change] = useMutation(CHANGE);
  const split = splitProblems(error, ['currentPassword', 'newPassword'], t);

  async function submit(v: { current: string; next: string }) {
    const r = await change({ current: v.current, next: v.next });
    const s = splitProblems(r.error, ['currentPassword', 'newPassword'], t);
    form.setFields(
      s.fields.map((f) => ({ name: f.name === 'currentPassword' ? 'current' : 'next', errors: f.errors })),
    );
    if (r.data?.changePassword) {
      message.success(t('account.passwordChanged'));
      form.resetFields();
      onDone();
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 400 }} name="change-password">
      {split.general.length > 0 && <Alert type="error" showIcon title={split.general.join(' ')} style={{ marginBottom: 16 }} />}
      <Form.Item label={t('account.currentPassword')} name="current" rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item label={t('account.newPassword')} name="next" rules={[{ required: true }, { min: 10 }]} extra={t('account.passwordHint')}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('account.repeatPassword')}
        name="repeat"
        dependencies={['next']}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('next') === value ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={fetching}>{t('account.changePassword')}</Button>
    </Form>
  );
}
