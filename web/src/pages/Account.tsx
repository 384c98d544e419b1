// The caller's own account: password, the authenticator app (TOTP), own usage log.
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, QRCode, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import ChangePassword from '../components/ChangePassword';
import { errorText } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useMe } from '../session';

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
