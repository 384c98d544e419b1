// One action of the outgoing review chain, exactly as `availableActions` describes it (the
// outgoing counterpart of ActionDialog, sharing its ActionSpec, pickers and idempotency): a
// note (required when the action needs one; for a return, the marks of what is not
// acceptable, with an optional marked-up file), named people and a deadline when needed, and
// the step the person saw (STEP_MOVED when someone acted first). A failed request keeps the form.
import { useMemo, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import dayjs from 'dayjs';
import { graphql } from '../graphql';
import PositionPicker from './PositionPicker';
import FileDrop from './FileDrop';
import { newKey, type ActionSpec } from './ActionDialog';
import { splitProblems } from '../lib/errors';
import { isReturn, outgoingActionInput, type OutgoingActionValues } from '../lib/outgoing';

export const OUTGOING_ACT = graphql(`
  mutation OutgoingAction($input: OutgoingActionInputGql!, $key: ID) {
    outgoingAction(input: $input, idempotencyKey: $key) { document { id step finished revision } written { visible } }
  }
`);

const FIELDS = ['note', 'deadline', 'main', 'co', 'info', 'marks'];

export default function OutgoingActionDialog({
  documentId,
  step,
  spec,
  onClose,
  onDone,
}: {
  documentId: string;
  step: string;
  spec: ActionSpec;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OutgoingActionValues>();
  const key = useMemo(newKey, []);
  const [{ fetching }, act] = useMutation(OUTGOING_ACT);
  const [general, setGeneral] = useState<string[]>([]);
  const returning = isReturn(spec.action);

  async function submit(v: OutgoingActionValues) {
    setGeneral([]);
    const r = await act({ input: outgoingActionInput(documentId, spec.action, step, v), key });
    const s = splitProblems(r.error, FIELDS, t);
    form.setFields(s.fields as never);
    setGeneral(s.general);
    if (r.data) onDone(t('action.done', { action: spec.title }));
    else if (!r.error) message.error(t('errors.internal'));
  }

  return (
    <Modal
      open
      title={spec.title}
      okText={spec.title}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={fetching}
      okButtonProps={{ 'data-testid': 'action-submit' } as never}
      width={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="action-error" />}
      <Form form={form} layout="vertical" onFinish={submit} name="action">
        {spec.needsRecipients && (
          <>
            <Form.Item name="main" label={t('action.main')} rules={[{ required: true }]}>
              <PositionPicker testId="main-picker" />
            </Form.Item>
            <Form.Item name="co" label={t('action.co')}>
              <PositionPicker multiple testId="co-picker" />
            </Form.Item>
            <Form.Item name="info" label={t('action.info')}>
              <PositionPicker multiple testId="info-picker" />
            </Form.Item>
          </>
        )}
        {spec.needsDeadline && (
          <Form.Item name="deadline" label={t('action.deadline')} rules={[{ required: true }]}>
            <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={returning ? t('outgoing.marksNote') : t('action.note')}
          rules={spec.needsNote ? [{ required: true, whitespace: true }] : []}
        >
          <Input.TextArea rows={returning ? 5 : 3} maxLength={4000} showCount data-testid="action-note" />
        </Form.Item>
        {returning && (
          <Form.Item name="marks" label={t('outgoing.marksFile')} extra={t('outgoing.marksFileHint')}>
            <FileDrop id="action_marks" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
