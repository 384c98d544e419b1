// The caller's own account: password, the signing PIN, the authenticator app (TOTP), own usage log.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, QRCode, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import ChangePassword from '../components/ChangePassword';
import { errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useMe } from '../session';
import { placeErrors } from '../lib/fieldProblems';
import { SIGNING_CONFIRMATION } from '../components/SigningConfirm';

const SET_PIN = graphql(`mutation SetSigningPin($password: String!, $pin: String!) { setSigningPin(password: $password, pin: $pin) { pinSet totpEnrolled lockedUntil } }`);

/** Sets or changes the signing PIN (after the current password): what confirms each signature. */
function SigningPin() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; pin: string; repeat: string }>();
  const [state, refetch] = useQuery({ query: SIGNING_CONFIRMATION, requestPolicy: 'network-only' });
  const [setState, setPin] = useMutation(SET_PIN);
  const [general, setGeneral] = useState<string[]>([]);
  const current = state.data?.signingConfirmation;
  return (
    <Card
      size="small"
      title={t('confirm.pinCard')}
      data-testid="signing-pin-card"
      extra={current?.pinSet ? <Tag color="green" data-testid="pin-set">{t('confirm.pinSet')}</Tag> : <Tag data-testid="pin-not-set">{t('confirm.pinNotSet')}</Tag>}
    >
      <Typography.Paragraph type="secondary">{t('confirm.pinExplain')}</Typography.Paragraph>
      {current?.lockedUntil && <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="signing-locked" title={t('confirm.lockedUntil', { when: formatDateTime(current.lockedUntil) })} />}
      {general.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={general.join(' ')} />}
      <Form
        form={form}
        name="signingPin"
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={async (v) => {
          setGeneral([]);
          const r = await setPin({ password: v.password, pin: v.pin });
          const placed = placeErrors(r.error, ['password', 'pin'], {}, t);
          form.setFields(placed.fields as never);
          setGeneral(placed.general);
          if (r.data) {
            message.success(t('confirm.pinSaved'));
            form.resetFields();
            refetch({ requestPolicy: 'network-only' });
          }
        }}
      >
        <Form.Item name="password" label={t('confirm.currentPassword')} rules={[{ required: true }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="pin" label={t('confirm.newPin')} extra={t('confirm.pinLength')} rules={[{ required: true }, { min: 6, max: 32, message: t('confirm.pinLength') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="repeat"
          label={t('confirm.repeatPin')}
          dependencies={['pin']}
          rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_, value) => (!value || getFieldValue('pin') === value ? Promise.resolve() : Promise.reject(new Error(t('confirm.pinMismatch')))) })]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={setState.fetching} data-testid="save-signing-pin">
          {current?.pinSet ? t('confirm.pinChange') : t('confirm.pinSetTitle')}
        </Button>
      </Form>
    </Card>
  );
}

const ENROL = graphql(`mutation EnrolTotp { enrolTotp { secretBase32 otpauthUrl } }`);
const CONFIRM = graphql(`mutation ConfirmTotp($code: String!) { confirmTotp(code: $code) }`);
const DISABLE = graphql(`mutation DisableTotp($password: String!) { disableTotp(password: $password) }`);
export const USAGE = graphql(`
  query UsageLog($personId: ID, $everyone: Boolean!, $after: String) {
    usageLog(personId: $personId, everyone: $everyone, first: 30, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { at username kind ip userAgent }
    }
  }
`);

export default function Account() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me, refetch } = useMe();
  const [enrolment, setEnrolment] = useState<{ secretBase32: string; otpauthUrl: string } | null>(null);
  const [enrolState, enrol] = useMutation(ENROL);
  const [confirmState, confirm] = useMutation(CONFIRM);
  const [disableState, disable] = useMutation(DISABLE);
  const [usage] = useQuery({ query: USAGE, variables: { everyone: false } });
  if (!me) return null;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={3}>{t('nav.account')}</Typography.Title>
      <Card size="small" title={t('account.changePassword')}>
        <ChangePassword onDone={() => undefined} />
      </Card>
      <SigningPin />
      <Card size="small" title={t('account.totp')} extra={me.totpEnabled ? <Tag color="green">{t('account.totpOn')}</Tag> : <Tag>{t('account.totpOff')}</Tag>}>
        {!me.totpEnabled && !enrolment && (
          <>
            {enrolState.error && <Alert type="error" showIcon title={errorText(enrolState.error, t)} />}
            <Button loading={enrolState.fetching} onClick={async () => { const r = await enrol({}); if (r.data) setEnrolment(r.data.enrolTotp); }}>{t('account.totpStart')}</Button>
          </>
        )}
        {!me.totpEnabled && enrolment && (
          <Space orientation="vertical">
            <Typography.Paragraph>{t('account.totpScan')}</Typography.Paragraph>
            <QRCode value={enrolment.otpauthUrl} />
            <Typography.Text copyable code>{enrolment.secretBase32}</Typography.Text>
            {confirmState.error && <Alert type="error" showIcon title={errorText(confirmState.error, t)} />}
            <Form layout="inline" onFinish={async (v: { code: string }) => {
              const r = await confirm({ code: v.code.trim() });
              if (r.data?.confirmTotp) { message.success(t('account.totpEnabled')); setEnrolment(null); refetch({ requestPolicy: 'network-only' }); }
            }}>
              <Form.Item name="code" label={t('login.totp')} rules={[{ required: true }, { pattern: /^\d{6}$/, message: t('login.totpFormat') }]}>
                <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={confirmState.fetching}>{t('account.totpConfirm')}</Button>
            </Form>
          </Space>
        )}
        {me.totpEnabled && (
          <Form layout="inline" onFinish={async (v: { password: string }) => {
            const r = await disable({ password: v.password });
            if (r.data?.disableTotp) { message.success(t('account.totpDisabled')); refetch({ requestPolicy: 'network-only' }); }
          }}>
            {disableState.error && <Alert type="error" showIcon title={errorText(disableState.error, t)} />}
            <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button danger htmlType="submit" loading={disableState.fetching}>{t('account.totpDisable')}</Button>
          </Form>
        )}
      </Card>
      <Card size="small" title={t('account.usage')}>
        {usage.error && <Alert type="error" showIcon title={errorText(usage.error, t)} />}
        <Table size="small" rowKey={(r, i) => `${r.at}-${i}`} dataSource={usage.data?.usageLog.nodes ?? []} pagination={false} scroll={{ x: 'max-content' }}
          columns={[
            { title: t('usage.at'), key: 'a', render: (_, r) => formatDateTime(r.at) },
            { title: t('usage.kind'), key: 'k', render: (_, r) => t(`events.${r.kind.replace(/\./g, "_")}`, { defaultValue: t('books.otherEvent') }) },
            { title: t('usage.ip'), dataIndex: 'ip' },
            { title: t('usage.agent'), dataIndex: 'userAgent', responsive: ['lg'], ellipsis: true },
          ]} />
      </Card>
    </Space>
  );
}
