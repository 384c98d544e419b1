// Editing a draft's summary, recipients and signer: a new version of the draft with the same
// files and the changed fields (`addDraftVersion` with `fields`; the domain decides who may —
// whoever holds the draft at its step, before it is numbered), recorded in the history as
// a version added. Refusals are shown beside their field or above the form.
import { useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import dayjs from 'dayjs';
import { graphql } from '../graphql';
import { newKey } from './ActionDialog';
import PositionPicker from './PositionPicker';
import RecipientsField from './RecipientsField';
import { placeErrors } from '../lib/fieldProblems';
import { keepEnter } from '../lib/forms';
import { draftFields, pickedRecipients, SUMMARY_MAX, type DraftValues, type PickedRecipient } from '../lib/outgoing';

const DRAFT = graphql(`
  query DraftForEdit($id: ID!) {
    outgoingDocument(id: $id) {
      id documentType summary urgency confidentiality replyDeadline signingAuthority field notes relatedDocuments
      signer { positionId personName title unitName }
      recipients { kind id name delivery }
    }
  }
`);
const EDIT = graphql(`
  mutation EditDraft($documentId: ID!, $fields: DraftFieldsInput!, $note: String, $key: ID) {
    addDraftVersion(documentId: $documentId, files: [], fields: $fields, note: $note, idempotencyKey: $key) { document { id step } written { visible } }
  }
`);

interface Values {
  summary: string;
  signerPositionId?: string;
  recipients: PickedRecipient[];
  note?: string;
}

export default function DraftEdit({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: DRAFT, variables: { id }, requestPolicy: 'cache-and-network' });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const key = useMemo(newKey, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const [{ fetching }, edit] = useMutation(EDIT);
  const [general, setGeneral] = useState<string[]>([]);
  const d = data?.outgoingDocument;
  if (!d) return null;

  async function submit(v: Values) {
    if (!d) return;
    setGeneral([]);
    const authority = d.signingAuthority ? (d.signingAuthority.replace('.', '').toUpperCase() as DraftValues['signingAuthority']) : null;
    const values: DraftValues = {
      process: '',
      documentType: d.documentType,
      summary: v.summary,
      signerPositionId: v.signerPositionId ?? d.signer?.positionId ?? null,
      signingAuthority: authority,
      recipients: v.recipients,
      urgency: d.urgency.toUpperCase() as DraftValues['urgency'],
      confidentiality: d.confidentiality.toUpperCase() as DraftValues['confidentiality'],
      replyDeadline: d.replyDeadline ? dayjs(d.replyDeadline as string) : null,
      relatedDocuments: d.relatedDocuments,
      field: d.field,
      notes: d.notes,
    };
    const r = await edit({ documentId: id, fields: draftFields(values), note: v.note?.trim() || null, key });
    const s = placeErrors(r.error, ['summary', 'signerPositionId', 'recipients', 'note'], {}, t);
    form.setFields(s.fields as never);
    setGeneral(s.general);
    if (r.data) {
      setOpen(false);
      refetch({ requestPolicy: 'network-only' });
      onDone(t('forms.draftEdited'));
    }
  }

  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="edit-draft">{t('forms.editDraft')}</Button>
      {open && (
        <Modal
          open
          title={t('forms.editDraft')}
          okText={t('forms.saveMetadata')}
          onOk={() => form.submit()}
          onCancel={() => setOpen(false)}
          confirmLoading={fetching}
          okButtonProps={{ 'data-testid': 'draft-edit-submit' } as never}
          width={760}
          destroyOnHidden
          mask={{ closable: false }}
        >
          <Alert type="info" showIcon title={t('forms.editDraftExplain')} style={{ marginBottom: 12 }} />
          {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="draft-edit-error" />}
          <Form
            form={form}
            layout="vertical"
            name="draftEdit"
            onKeyDown={keepEnter}
            onFinish={(v) => void submit(v)}
            initialValues={{
              summary: d.summary,
              recipients: pickedRecipients(d.recipients),
            }}
          >
            <Form.Item name="summary" label={t('document.summary')} rules={[{ required: true, whitespace: true }, { max: SUMMARY_MAX }]}>
              <Input.TextArea rows={3} maxLength={SUMMARY_MAX} showCount />
            </Form.Item>
            <Form.Item
              name="signerPositionId"
              label={t('outgoing.signer')}
              extra={d.signer ? t('forms.signerNow', { name: `${d.signer.personName} — ${d.signer.title}, ${d.signer.unitName}` }) : undefined}
            >
              <PositionPicker testId="edit-signer-picker" />
            </Form.Item>
            <Form.Item name="recipients" label={t('document.recipients')}>
              <RecipientsField />
            </Form.Item>
            <Form.Item name="note" label={t('forms.editNote')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Form>
          <Typography.Text type="secondary">{t('forms.sameFiles')}</Typography.Text>
        </Modal>
      )}
    </>
  );
}
