// A dialog around one administration form: the form wraps the whole dialog, so its OK
// button is the form's submit button (Enter in a field sends it, as in any form). While the
// request runs the button shows progress; a refusal is shown beside the fields it names and
// above the form otherwise, in the user's language, and the dialog stays open with what was
// typed. On success it says so and lets the caller refetch and close.
import { useState, type ReactNode } from 'react';
import { Alert, App, Form, Modal, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from '@urql/core';
import { formProblems } from './forms';

export interface Outcome {
  error?: CombinedError;
  data?: unknown;
}

interface Props<V> {
  title: ReactNode;
  /** The form's name: fields get the ids `${name}_${field}`. */
  name: string;
  form: FormInstance<V>;
  okText?: string;
  /** data-testid of the submit button (and `${testId}-error` of the refusal). */
  testId: string;
  /** Form fields the server's field errors may land on. */
  fields: readonly string[];
  /** Server field names that mean a form field of another name. */
  aliases?: Record<string, string>;
  initialValues?: Partial<V>;
  submit: (values: V) => Promise<Outcome>;
  /** Said once the request succeeded. */
  success: string;
  onDone: () => void;
  onClose: () => void;
  danger?: boolean;
  width?: number;
  children: ReactNode;
}

export default function FormDialog<V extends object>({ title, name, form, okText, testId, fields, aliases, initialValues, submit, success, onDone, onClose, danger, width, children }: Props<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);

  async function finish(values: V) {
    setBusy(true);
    setGeneral([]);
    let outcome: Outcome;
    try {
      outcome = await submit(values);
    } finally {
      setBusy(false);
    }
    if (outcome.error || !outcome.data) {
      const split = formProblems(outcome.error, fields, t, aliases);
      form.setFields(split.fields as never);
      setGeneral(split.general.length > 0 || split.fields.length > 0 ? split.general : [t('errors.internal')]);
      return;
    }
    message.success(success);
    onDone();
  }

  return (
    <Modal
      open
      title={title}
      okText={okText}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ htmlType: 'submit', danger, 'data-testid': testId } as never}
      destroyOnHidden
      mask={{ closable: false }}
      width={width}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" name={name} initialValues={initialValues} onFinish={finish} onFinishFailed={() => setGeneral([])}>
          {dom}
        </Form>
      )}
    >
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid={`${testId}-error`} />}
      {children}
    </Modal>
  );
}
