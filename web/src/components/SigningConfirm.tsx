// The confirmation a signature (or an issuance with the seal) needs: the signer's signing PIN
// or, when they enrolled an authenticator, its current code. The key is held by the server and
// is never used by a click alone (`domain::confirmation`). Rendered inside the dialog's Form:
// its fields are `pin` and `totp`; a refusal naming `confirmation` is shown beside them.
import { useState } from 'react';
import { Alert, Form, Input, Segmented, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Link } from 'react-router';
import { graphql } from '../graphql';
import { formatDateTime } from '../lib/format';

export const SIGNING_CONFIRMATION = graphql(`
  query SigningConfirmation { signingConfirmation { pinSet totpEnrolled lockedUntil } }
`);

/** Server fields the confirmation's refusals name, as the form's fields. */
export const CONFIRM_ALIASES: Record<string, string> = { confirmation: 'pin' };

export interface ConfirmValues {
  pin?: string;
  totp?: string;
}

/** What the API takes from the form's values (one of the two). */
export function confirmationInput(v: ConfirmValues): { pin: string | null; totp: string | null } {
  const totp = v.totp?.trim();
  if (totp) return { pin: null, totp };
  return { pin: v.pin || null, totp: null };
}

export default function SigningConfirm({ batch = false }: { batch?: boolean }) {
  const { t } = useTranslation();
  const [{ data, fetching }] = useQuery({ query: SIGNING_CONFIRMATION, requestPolicy: 'network-only' });
  const state = data?.signingConfirmation;
  const [mode, setMode] = useState<'pin' | 'totp' | null>(null);
  if (fetching && !state) return <Spin size="small" />;
  if (!state) return null;
  const method = mode ?? (state.pinSet || !state.totpEnrolled ? 'pin' : 'totp');
  return (
    <div data-testid="signing-confirm">
      {state.lockedUntil && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="signing-locked" title={t('confirm.lockedUntil', { when: formatDateTime(state.lockedUntil) })} />
      )}
      {!state.pinSet && !state.totpEnrolled ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="no-signing-pin"
          title={t('confirm.noPin')}
          description={<Link to="/account">{t('confirm.accountLink')}</Link>}
        />
      ) : (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t(batch ? 'confirm.batchHint' : 'confirm.hint')} />
          {state.pinSet && state.totpEnrolled && (
            <Segmented
              style={{ marginBottom: 12 }}
              value={method}
              onChange={(v) => setMode(v as 'pin' | 'totp')}
              options={[{ value: 'pin', label: t('confirm.usePin') }, { value: 'totp', label: t('confirm.useTotp') }]}
            />
          )}
          {method === 'pin' ? (
            <Form.Item name="pin" preserve={false} label={t('confirm.pin')} rules={[{ required: true, message: t('confirm.pinRequired') }]}>
              <Input.Password autoComplete="off" data-testid="confirm-pin" />
            </Form.Item>
          ) : (
            <Form.Item name="totp" preserve={false} label={t('confirm.totp')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('confirm.totpRequired') }]}>
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="confirm-totp" />
            </Form.Item>
          )}
        </>
      )}
    </div>
  );
}
