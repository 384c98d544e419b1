// Signs the documents a signer selected and reviewed, with one confirmation (signing PIN or
// authenticator code) for the whole batch (`signOutgoingBatch`). A wrong confirmation is shown
// beside its field and nothing is signed; a document that could not be signed is named with
// the reason, and the others are signed.
import { useMemo, useState } from 'react';
import { Alert, App, Form, List, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../graphql';
import { newKey } from './ActionDialog';
import { placeErrors } from '../lib/fieldProblems';
import SigningConfirm, { CONFIRM_ALIASES, confirmationInput, type ConfirmValues } from './SigningConfirm';

const SIGN_BATCH = graphql(`
  mutation SignOutgoingBatch($ids: [ID!]!, $confirmation: ConfirmationInput, $key: ID) {
    signOutgoingBatch(documentIds: $ids, confirmation: $confirmation, idempotencyKey: $key) {
      documents { documentId signed reason message }
      written { visible queued }
    }
  }
`);

export default function BatchSignDialog({
  documents,
  onClose,
  onDone,
}: {
  documents: { id: string; summary: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ConfirmValues>();
  const key = useMemo(newKey, []);
  const [{ fetching }, sign] = useMutation(SIGN_BATCH);
  const [general, setGeneral] = useState<string[]>([]);
  const [failed, setFailed] = useState<string[]>([]);

  async function submit(v: ConfirmValues) {
    setGeneral([]);
    setFailed([]);
    const r = await sign({ ids: documents.map((d) => d.id), confirmation: confirmationInput(v), key });
    const placed = placeErrors(r.error, ['pin', 'totp'], CONFIRM_ALIASES, t);
    form.setFields(placed.fields as never);
    setGeneral(placed.general);
    const done = r.data?.signOutgoingBatch.documents;
    if (!done) return;
    const signed = done.filter((d) => d.signed).length;
    const notSigned = done
      .filter((d) => !d.signed)
      .map((d) => t('confirm.batchFailed', { name: documents.find((x) => x.id === d.documentId)?.summary ?? d.documentId, why: d.message ?? d.reason ?? '' }));
    message.success(t('confirm.batchDone', { signed, count: done.length }));
    if (notSigned.length > 0) setFailed(notSigned);
    else onDone();
  }

  return (
    <Modal
      open
      title={t('confirm.batchTitle', { count: documents.length })}
      okText={t('confirm.batchTitle', { count: documents.length })}
      onOk={() => (failed.length > 0 ? onDone() : form.submit())}
      onCancel={failed.length > 0 ? onDone : onClose}
      confirmLoading={fetching}
      okButtonProps={{ 'data-testid': 'batch-sign-submit' } as never}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="action-error" />}
      {failed.length > 0 && <Alert type="warning" showIcon title={failed.join(' ')} style={{ marginBottom: 12 }} data-testid="batch-failed" />}
      <List size="small" bordered style={{ marginBottom: 12 }} dataSource={documents} renderItem={(d) => <List.Item>{d.summary}</List.Item>} data-testid="batch-documents" />
      <Form form={form} layout="vertical" name="batch" onFinish={submit}>
        <SigningConfirm batch />
      </Form>
    </Modal>
  );
}
