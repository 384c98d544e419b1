// Corrections on an incoming document's page, offered exactly when the API says the caller
// may make them (`mayUpdateMetadata`, `mayCancel`, decided by the domain): correcting the
// received metadata (the edit is recorded in the history), and cancelling a document
// received by mistake before it is registered (with the reason). One idempotency key per
// opening of a dialog; every refusal is shown beside its field or above the form.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import dayjs from 'dayjs';
import { graphql } from '../graphql';
import { newKey } from './ActionDialog';
import { placeErrors } from '../lib/fieldProblems';
import { keepEnter } from '../lib/forms';
import MetadataFields, { METADATA_FIELDS, metadataInput, type MetadataValues } from './MetadataFields';

const CORRECTIONS = graphql(`
  query DocumentCorrections($id: ID!) {
    document(id: $id) {
      id mayCancel mayUpdateMetadata
      metadata {
        issuingBody numberNotation documentDate documentType summary language pageCount
        signerName signerPosition urgency confidentiality recipients deadline notes
      }
    }
  }
`);
const UPDATE = graphql(`
  mutation UpdateMetadata($id: ID!, $metadata: DocumentMetadataInput!, $key: ID) {
    updateDocumentMetadata(documentId: $id, metadata: $metadata, idempotencyKey: $key) { document { id revision } written { visible } }
  }
`);
const CANCEL = graphql(`
  mutation CancelDocument($id: ID!, $note: String!, $key: ID) {
    cancelDocument(documentId: $id, note: $note, idempotencyKey: $key) { document { id step finished } written { visible } }
  }
`);



function MetadataDialog({ id, initial, language, onClose, onDone }: { id: string; initial: MetadataValues; language: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MetadataValues>();
  const key = useMemo(newKey, []);
  const [{ fetching }, update] = useMutation(UPDATE);
  const [general, setGeneral] = useState<string[]>([]);

  async function submit(v: MetadataValues) {
    setGeneral([]);
    const r = await update({ id, key, metadata: { ...metadataInput(v), language } });
    const s = placeErrors(r.error, METADATA_FIELDS, {}, t);
    form.setFields(s.fields as never);
    setGeneral(s.general);
    if (r.data) onDone();
  }

  return (
    <Modal
      open
      title={t('forms.editMetadata')}
      okText={t('forms.saveMetadata')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={fetching}
      okButtonProps={{ 'data-testid': 'metadata-submit' } as never}
      width={720}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="metadata-error" />}
      <Form form={form} layout="vertical" name="metadata" initialValues={initial} onFinish={(v) => void submit(v)} onKeyDown={keepEnter}>
        <MetadataFields />
      </Form>
    </Modal>
  );
}

function CancelDialog({ id, onClose, onDone }: { id: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const key = useMemo(newKey, []);
  const [{ fetching }, cancel] = useMutation(CANCEL);
  const [general, setGeneral] = useState<string[]>([]);

  async function submit(v: { note: string }) {
    setGeneral([]);
    const r = await cancel({ id, note: v.note.trim(), key });
    const s = placeErrors(r.error, ['note'], {}, t);
    form.setFields(s.fields as never);
    setGeneral(s.general);
    if (r.data) onDone();
  }

  return (
    <Modal
      open
      title={t('forms.cancelTitle')}
      okText={t('forms.cancelConfirm')}
      okButtonProps={{ danger: true, 'data-testid': 'cancel-submit' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={fetching}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Alert type="warning" showIcon title={t('forms.cancelExplain')} style={{ marginBottom: 12 }} />
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="cancel-error" />}
      <Form form={form} layout="vertical" name="cancel" onFinish={(v) => void submit(v)}>
        <Form.Item name="note" label={t('forms.cancelReason')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The correction buttons of a document page, and their dialogs. */
export default function DocumentCorrections({ id, revision, onDone }: { id: string; revision: number; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: CORRECTIONS, variables: { id }, requestPolicy: 'cache-and-network' });
  // The page saw the document move (registered, sent on…): what may be corrected is asked
  // again, once per revision the page shows.
  const seen = useRef(revision);
  useEffect(() => {
    if (seen.current === revision) return;
    seen.current = revision;
    refetch({ requestPolicy: 'network-only' });
  }, [revision, refetch]);
  const [open, setOpen] = useState<'edit' | 'cancel' | null>(null);
  const d = data?.document;
  if (!d || (!d.mayCancel && !d.mayUpdateMetadata)) return null;
  const m = d.metadata;
  const done = (text: string) => {
    setOpen(null);
    refetch({ requestPolicy: 'network-only' });
    onDone(text);
  };
  return (
    <>
      {d.mayUpdateMetadata && (
        <Button data-testid="edit-metadata" onClick={() => setOpen('edit')}>
          {t('forms.editMetadata')}
        </Button>
      )}
      {d.mayCancel && (
        <Button danger data-testid="cancel-document" onClick={() => setOpen('cancel')}>
          {t('forms.cancelTitle')}
        </Button>
      )}
      {open === 'edit' && (
        <MetadataDialog
          id={id}
          language={m.language}
          initial={{
            issuingBody: m.issuingBody,
            numberNotation: m.numberNotation,
            documentDate: dayjs(m.documentDate as string),
            documentType: m.documentType,
            summary: m.summary,
            pageCount: m.pageCount,
            signerName: m.signerName,
            signerPosition: m.signerPosition,
            urgency: m.urgency.toUpperCase() as MetadataValues['urgency'],
            confidentiality: m.confidentiality.toUpperCase() as MetadataValues['confidentiality'],
            recipients: m.recipients,
            deadline: m.deadline ? dayjs(m.deadline as string) : null,
            notes: m.notes,
          }}
          onClose={() => setOpen(null)}
          onDone={() => done(t('forms.metadataSaved'))}
        />
      )}
      {open === 'cancel' && <CancelDialog id={id} onClose={() => setOpen(null)} onDone={() => done(t('forms.cancelled'))} />}
    </>
  );
}
