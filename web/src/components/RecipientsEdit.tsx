// Changing whom a numbered document goes to (`changeRecipients`): the register keeper who
// recalled an issued document "to add a recipient", or who holds it numbered before its
// first issuance. The domain decides who may (`mayChangeRecipients`); the next issuance goes
// to the new list. Recorded in the history; refusals shown beside the field or above it.
import { useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { newKey } from './ActionDialog';
import RecipientsField from './RecipientsField';
import { placeErrors } from '../lib/fieldProblems';
import { keepEnter } from '../lib/forms';
import { pickedRecipients, recipientInputs, type PickedRecipient } from '../lib/outgoing';

const RECIPIENTS = graphql(`
  query RecipientsForChange($id: ID!) {
    outgoingDocument(id: $id) { id recipients { kind id name delivery } }
  }
`);
const CHANGE = graphql(`
  mutation ChangeRecipients($documentId: ID!, $recipients: [RecipientInput!]!, $note: String, $key: ID) {
    changeRecipients(documentId: $documentId, recipients: $recipients, note: $note, idempotencyKey: $key) { document { id mayChangeRecipients } written { visible } }
  }
`);

interface Values {
  recipients: PickedRecipient[];
  note?: string;
}

export default function RecipientsEdit({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [{ data }, refetch] = useQuery({ query: RECIPIENTS, variables: { id }, pause: !open, requestPolicy: 'network-only' });
  const [form] = Form.useForm<Values>();
  const key = useMemo(newKey, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const [{ fetching }, change] = useMutation(CHANGE);
  const [general, setGeneral] = useState<string[]>([]);
  const d = data?.outgoingDocument;

  async function submit(v: Values) {
    setGeneral([]);
    const r = await change({ documentId: id, recipients: recipientInputs(v.recipients ?? []), note: v.note?.trim() || null, key });
    const s = placeErrors(r.error, ['recipients', 'note'], {}, t);
    form.setFields(s.fields as never);
    setGeneral(s.general);
    if (r.data) {
      setOpen(false);
      refetch();
      onDone(t('forms.recipientsChanged'));
    }
  }

  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="change-recipients">{t('forms.changeRecipients')}</Button>
      {open && (
        <Modal
          open
          title={t('forms.changeRecipients')}
          okText={t('forms.saveMetadata')}
          onOk={() => form.submit()}
          onCancel={() => setOpen(false)}
          confirmLoading={fetching}
          okButtonProps={{ 'data-testid': 'recipients-change-submit', disabled: !d } as never}
          width={760}
          destroyOnHidden
          mask={{ closable: false }}
        >
          <Alert type="info" showIcon title={t('forms.changeRecipientsExplain')} style={{ marginBottom: 12 }} />
          {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="recipients-change-error" />}
          {d && (
            <Form
              form={form}
              layout="vertical"
              name="recipientsChange"
              onKeyDown={keepEnter}
              onFinish={(v) => void submit(v)}
              initialValues={{
                recipients: pickedRecipients(d.recipients),
              }}
            >
              <Form.Item name="recipients" label={t('document.recipients')} rules={[{ required: true, type: 'array', min: 1 }]}>
                <RecipientsField />
              </Form.Item>
              <Form.Item name="note" label={t('forms.editNote')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Form>
          )}
        </Modal>
      )}
    </>
  );
}
