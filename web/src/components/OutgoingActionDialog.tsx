// One action of the outgoing review chain, exactly as `availableActions` describes it (the
// outgoing counterpart of ActionDialog, sharing its ActionSpec, pickers and idempotency): a
// note (required when the action needs one; for a return, the marks of what is not
// acceptable, with an optional marked-up file), named people and a deadline when needed, and
// the step the person saw (STEP_MOVED when someone acted first). A failed request keeps the form.
// People: the likely ones first, before anything is typed (RecipientGrid, fed by the server's
// `likelyRecipients`): for an action that needs recipients, the people acting at the next step,
// one's own people and the departments, by checkbox (XLC / PH / XĐB; a department goes as
// `mainUnit`, `coUnits`, `infoUnits`); for an action passing the draft on (submitting to the
// head, to the leaders), those acting at the next step, one of whom may be ticked (none: the
// whole step's pool receives it). Typing still searches anyone else.
// Signing shows where the signature goes and with which key (SignaturePanel); numbering and
// issuing ask for the outgoing register and show the number the document will get. Both use
// a key the server holds (the signer's, the organisation's seal): the dialog asks for the
// signing PIN or authenticator code (SigningConfirm).
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Select, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { officeNow } from '../lib/deadline';
import { graphql } from '../graphql';
import PositionPicker from './PositionPicker';
import RecipientGrid, { useLikelyRecipients, type Chosen, type Column } from './RecipientGrid';
import FileDrop from './FileDrop';
import { newKey, type ActionSpec } from './ActionDialog';
import { placeErrors } from '../lib/fieldProblems';
import { errorText } from '../lib/errors';
import { issues, numbers, offersMarks, outgoingActionInput, outgoingRegisterChoices, signs, type OutgoingActionValues } from '../lib/outgoing';
import SignaturePanel, { type Placement } from './SignaturePanel';
import SigningConfirm, { CONFIRM_ALIASES, confirmationInput, type ConfirmValues } from './SigningConfirm';
import { UnitName } from './Names';
import { useMe } from '../session';

export const OUTGOING_ACT = graphql(`
  mutation OutgoingAction($input: OutgoingActionInput!, $key: ID) {
    outgoingAction(input: $input, idempotencyKey: $key) { document { id step finished revision } written { visible queued } }
  }
`);

export const OUTGOING_REGISTERS = graphql(`
  query IssuingRegisters { registers(kind: OUTGOING, first: 200) { nodes { id kind ownerUnitId code name active } } }
`);
export const NEXT_NUMBER = graphql(`
  query NextOutgoingNumber($documentId: ID!, $registerId: ID!) {
    nextOutgoingNumber(documentId: $documentId, registerId: $registerId) { number numberNotation alreadyNumbered }
  }
`);

/** Server fields shown under another form field. */
const ALIASES: Record<string, string> = { recipients: 'main', mainUnit: 'main', coUnits: 'co', infoUnits: 'info', files: 'marks' };

/** The outgoing register to number from, and the number and notation it would give now. */
function NumberPreview({ documentId, registerId }: { documentId: string; registerId: string | undefined }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({
    query: NEXT_NUMBER,
    variables: { documentId, registerId: registerId ?? '' },
    pause: !registerId,
    requestPolicy: 'network-only',
  });
  if (!registerId) return null;
  if (fetching && !data) return <Spin size="small" />;
  if (error) return <Alert type="error" showIcon title={errorText(error, t)} data-testid="next-number-error" />;
  const n = data?.nextOutgoingNumber;
  if (!n) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="next-number"
      data-number={n.number}
      title={
        <span>
          {n.alreadyNumbered ? t('issuing.alreadyNumbered') : t('issuing.willGet')}{' '}
          <Typography.Text strong data-testid="next-notation">{n.numberNotation}</Typography.Text>
        </span>
      }
      description={n.alreadyNumbered ? t('issuing.sameNumberHint') : t('issuing.previewHint')}
    />
  );
}

export default function OutgoingActionDialog({
  documentId,
  step,
  spec,
  mainFile,
  recipients = 0,
  onClose,
  onDone,
}: {
  documentId: string;
  step: string;
  spec: ActionSpec;
  /** The current main file (what signing signs). */
  mainFile?: { url: string; name: string; mediaType: string };
  /** How many recipients issuing sends to. */
  recipients?: number;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OutgoingActionValues>();
  const key = useMemo(newKey, []);
  const [{ fetching }, act] = useMutation(OUTGOING_ACT);
  const [general, setGeneral] = useState<string[]>([]);
  const returning = offersMarks(spec);
  const signing = signs(spec);
  const numbering = numbers(spec);
  const issuing = issues(spec);
  const confirming = signing || issuing;
  // Issuing sends to the document's own recipients: no people to choose.
  const choosesPeople = spec.needsRecipients && !issuing;
  // Passing the draft on to the next step's pool (no sign, number or issue, no return, no end):
  // one of those acting there may be named.
  const passesOn = !choosesPeople && spec.effects.length === 0 && !spec.returns && !spec.ends;
  const likely = useLikelyRecipients(documentId, spec.action, choosesPeople || passesOn);
  const offered = likely.data?.likelyRecipients;
  const offersNames = !!offered && offered.leaders.length + offered.staff.length + offered.units.length > 0;
  // Units chosen in the grid (no form field shows them but the grid).
  const [units, setUnits] = useState<Pick<Chosen, 'mainUnit' | 'coUnits' | 'infoUnits'>>({ mainUnit: null, coUnits: [], infoUnits: [] });
  const chosen: Chosen = {
    main: Form.useWatch('main', form),
    co: Form.useWatch('co', form),
    info: Form.useWatch('info', form),
    ...units,
  };
  const labels = useMemo(() => {
    const m = new Map<string, React.ReactNode>();
    for (const p of [...(offered?.leaders ?? []), ...(offered?.staff ?? [])]) {
      m.set(p.positionId, [p.personName, [p.title, p.unitName].filter(Boolean).join(', ')].filter(Boolean).join(' — '));
    }
    return m;
  }, [offered]);
  function choose(next: Chosen) {
    form.setFields(
      [
        { name: 'main', value: next.main ?? undefined },
        { name: 'co', value: next.co ?? [] },
        { name: 'info', value: next.info ?? [] },
      ].map((f) => ({ ...f, errors: [] })) as never,
    );
    setUnits({ mainUnit: next.mainUnit ?? null, coUnits: next.coUnits ?? [], infoUnits: next.infoUnits ?? [] });
  }
  const mainOnly: Column[] = ['main'];
  const { me } = useMe();
  const actingUnit = me?.positions.find((p) => p.positionId === me.actingPositionId)?.unitId;
  const [registers] = useQuery({ query: OUTGOING_REGISTERS, pause: !numbering });
  const choices = outgoingRegisterChoices(registers.data?.registers.nodes ?? [], actingUnit);
  const registerId: string | undefined = Form.useWatch('registerId', form);
  const firstChoice = choices[0]?.id;
  // The register of the clerk's own office is chosen once the registers are known.
  useEffect(() => {
    if (firstChoice && !form.getFieldValue('registerId')) form.setFieldValue('registerId', firstChoice);
  }, [firstChoice, form]);
  const [placement, setPlacement] = useState<Placement | null>(null);
  const [keyId, setKeyId] = useState<string | undefined>(undefined);

  async function submit(v: OutgoingActionValues & ConfirmValues) {
    setGeneral([]);
    const values: OutgoingActionValues = {
      ...v,
      ...(choosesPeople ? units : {}),
      // Passing on names one person at most.
      ...(passesOn ? { co: [], info: [] } : {}),
      registerId: numbering ? v.registerId : undefined,
      signaturePlacement: signing ? placement : null,
      signingKeyId: signing ? keyId : null,
    };
    const input = { ...outgoingActionInput(documentId, spec.action, step, values), confirmation: confirming ? confirmationInput(v) : null };
    const r = await act({ input, key });
    // Only the fields shown now take a refusal beside them; any other is a message.
    const shown = [
      ...(numbering ? ['registerId'] : []),
      ...(choosesPeople ? ['main', 'co', 'info'] : []),
      ...(passesOn && offersNames ? ['main'] : []),
      ...(spec.needsDeadline ? ['deadline'] : []),
      'note',
      ...(returning ? ['marks'] : []),
      ...(confirming ? ['pin', 'totp'] : []),
    ];
    const s = placeErrors(r.error, shown, { ...ALIASES, ...CONFIRM_ALIASES }, t);
    form.setFields(s.fields as never);
    setGeneral(s.general);
    // Recorded, but what it calls for (copies to units, the next steps) is still running:
    // said plainly, so nobody does it twice.
    if (r.data) onDone(t(r.data.outgoingAction.written.queued ? 'action.queued' : 'action.done', { action: spec.title }));
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
      width={signing ? 720 : 640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="action-error" />}
      {signing && (
        <SignaturePanel file={mainFile} personId={me?.person.id} keyId={keyId} onKeyChange={setKeyId} onPlacementChange={setPlacement} />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        name="action"
        onValuesChange={(changed: OutgoingActionValues) => {
          // One main handler: a person chosen in the search replaces a department chosen.
          if (changed.main) setUnits((u) => ({ ...u, mainUnit: null }));
        }}
      >
        {numbering && (
          <>
            <Form.Item name="registerId" label={t('issuing.register')} rules={[{ required: true, message: t('issuing.chooseRegister') }]}>
              <Select
                data-testid="issue-register"
                loading={registers.fetching}
                placeholder={t('issuing.chooseRegister')}
                options={choices.map((r) => ({ value: r.id, label: <span>{r.name} · <UnitName id={r.ownerUnitId} /></span> }))}
              />
            </Form.Item>
            <div style={{ marginBottom: 16 }}>
              <NumberPreview documentId={documentId} registerId={registerId} />
            </div>
          </>
        )}
        {issuing && (
          <>
            {/* Issuing applies the organisation's signature (its seal): the clerk is told before. */}
            <Alert type="info" showIcon title={t('issuing.seal')} style={{ marginBottom: 12 }} data-testid="issue-seal" />
            <Typography.Paragraph type="secondary" data-testid="issue-recipients">{t('issuing.recipients', { count: recipients })}</Typography.Paragraph>
          </>
        )}
        {choosesPeople && (
          <>
            {offered && offersNames && (
              <Form.Item label={t('recipients.likely')}>
                <RecipientGrid likely={offered} chosen={chosen} onChange={choose} leadersTitle={t('recipients.nextStep', { step: spec.toStepTitle })} />
              </Form.Item>
            )}
            {offersNames && <div style={{ marginBottom: 8, color: 'rgba(0,0,0,0.55)' }}>{t('recipients.others')}</div>}
            <Form.Item
              name="main"
              label={t('action.main')}
              required
              rules={[{ validator: (_, v) => (v || units.mainUnit ? Promise.resolve() : Promise.reject(new Error(t('recipients.mainRequired')))) }]}
            >
              <PositionPicker testId="main-picker" labels={labels} />
            </Form.Item>
            <Form.Item name="co" label={t('action.co')}>
              <PositionPicker multiple testId="co-picker" labels={labels} />
            </Form.Item>
            <Form.Item name="info" label={t('action.info')}>
              <PositionPicker multiple testId="info-picker" labels={labels} />
            </Form.Item>
          </>
        )}
        {passesOn && offered && offersNames && (
          <>
            <Form.Item label={t('recipients.nextStep', { step: spec.toStepTitle })} extra={t('recipients.sendToHint')}>
              <RecipientGrid
                likely={offered}
                chosen={chosen}
                onChange={choose}
                columns={mainOnly}
                titles={{ main: t('recipients.sendTo') }}
                leadersTitle={t('recipients.nextStep', { step: spec.toStepTitle })}
              />
            </Form.Item>
            <Form.Item name="main" label={t('recipients.sendToOther')}>
              <PositionPicker testId="main-picker" labels={labels} />
            </Form.Item>
          </>
        )}
        {spec.needsDeadline && (
          <Form.Item name="deadline" label={t('action.deadline')} rules={[{ required: true }]}>
            <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isBefore(officeNow(), 'day')} />
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
        {confirming && <SigningConfirm />}
      </Form>
    </Modal>
  );
}
