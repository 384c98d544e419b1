// One process action on a document, exactly as `availableActions` describes it: the fields
// it needs (note, deadline, recipients, units, attachments), the step the person saw
// (`expectedStep`: if someone acted first the server refuses instead of acting on a document
// the person has not seen) and one idempotency key per opening of the dialog (a double
// click, or a retry after a network failure, acts once). A failed request keeps the form.
// What the action needs is marked required; every refusal is shown beside the field it names
// (the deadline's, whether typed as days or as a date, beside the deadline) or above the
// form, never dropped. Recipients: the likely ones first, as a grid (RecipientGrid: people
// and departments, main / co / for information by checkbox), then a search for anyone else;
// a department (from the grid or the organisation tree) goes as `mainUnit`, `coUnits` or
// `infoUnits`, and the server hands it to the department's head or clerk.
import { useMemo, useState } from 'react';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Tag, App } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import dayjs, { type Dayjs } from 'dayjs';
import { graphql } from '../graphql';
import PositionPicker from './PositionPicker';
import RecipientGrid, { columnOf, toggle, useLikelyRecipients, type Chosen, type Column } from './RecipientGrid';
import UnitPicker from './UnitPicker';
import FileDrop, { type FileRef } from './FileDrop';
import { placeErrors } from '../lib/fieldProblems';
import { addWorkingDays, isWorkingDay, todayIso } from '../lib/deadline';
import { useActingCalendar } from '../lib/calendar';
import { formatDate } from '../lib/format';

export const ACT = graphql(`
  mutation DocumentAction($input: DocumentActionInput!, $key: ID) {
    documentAction(input: $input, idempotencyKey: $key) { document { id step finished revision } written { visible queued } }
  }
`);
const REGISTER = graphql(`
  mutation RegisterDocument($documentId: ID!, $registerId: ID!, $key: ID) {
    registerDocument(documentId: $documentId, registerId: $registerId, idempotencyKey: $key) { number document { id step } }
  }
`);
const REGISTERS = graphql(`
  query IncomingRegisters($owner: ID) {
    registers(ownerUnitId: $owner, kind: INCOMING, first: 100) { nodes { id name code active } }
  }
`);

/** An offered action, as `availableActions` describes it. */
export interface ActionSpec {
  action: string;
  title: string;
  toStep: string;
  /** The title of the step it leads to. */
  toStepTitle: string;
  needsNote: boolean;
  needsDeadline: boolean;
  needsRecipients: boolean;
  needsUnits: boolean;
  needsAttachments: boolean;
  /** `SIGN`, `ASSIGN_NUMBER`, `ISSUE`, `FAN_OUT`, `REOPEN_PARENT`, `FILE`, `URGE`. */
  effects: readonly string[];
  /** Back to a step nearer the start. */
  returns: boolean;
  /** To an end of the process. */
  ends: boolean;
  /** Ends the process without completing it, or re-opens one that was over. */
  danger: boolean;
}

/**
 * The one action the web names: registering takes the next arrival number of an incoming
 * register (its own mutation and form), and the domain names it so too.
 */
export const REGISTER_ACTION = 'register';

interface Values {
  note?: string;
  deadlineMode?: 'days' | 'date';
  deadlineInWorkingDays?: number | null;
  deadline?: Dayjs | null;
  main?: string;
  co?: string[];
  info?: string[];
  mainUnit?: string | null;
  coUnits?: string[];
  infoUnits?: string[];
  units?: string[];
  files?: FileRef[];
  registerId?: string;
}

/** Server fields shown under another form field. */
const ALIASES: Record<string, string> = {
  recipients: 'main',
  mainUnit: 'main',
  coUnits: 'co',
  infoUnits: 'info',
  deadlineInWorkingDays: 'deadline',
  deadline: 'deadline',
};

/** The form fields the dialog shows for `spec` (a refusal naming another field is a message). */
export function shownFields(spec: ActionSpec): string[] {
  if (spec.action === REGISTER_ACTION) return ['registerId'];
  return [
    ...(spec.needsUnits ? ['units'] : []),
    ...(spec.needsRecipients ? ['main', 'co', 'info'] : []),
    ...(spec.needsDeadline ? ['deadline'] : []),
    'note',
    ...(spec.needsAttachments ? ['files'] : []),
  ];
}

export function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/** The documentAction input for the form's values. */
export function actionInput(documentId: string, spec: ActionSpec, expectedStep: string, v: Values) {
  const deadlineByDays = v.deadlineMode !== 'date';
  return {
    documentId,
    action: spec.action,
    expectedStep,
    note: v.note?.trim() || null,
    deadline: !deadlineByDays && v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
    deadlineInWorkingDays: deadlineByDays && v.deadlineInWorkingDays ? v.deadlineInWorkingDays : null,
    main: v.main ?? null,
    co: v.co ?? [],
    info: v.info ?? [],
    mainUnit: v.mainUnit ?? null,
    coUnits: v.coUnits ?? [],
    infoUnits: v.infoUnits ?? [],
    units: v.units ?? [],
    files: v.files ?? [],
  };
}

export default function ActionDialog({
  documentId,
  documentUnitId,
  step,
  spec,
  onClose,
  onDone,
}: {
  documentId: string;
  documentUnitId: string;
  step: string;
  spec: ActionSpec;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  // One key for this opening of the dialog: every submit of it is the same command.
  const key = useMemo(newKey, []);
  const [{ fetching: acting }, act] = useMutation(ACT);
  const [{ fetching: registering }, register] = useMutation(REGISTER);
  const [general, setGeneral] = useState<string[]>([]);
  // The deadline is typed in one of two inner fields: its refusals are shown on the whole.
  const [deadlineErrors, setDeadlineErrors] = useState<string[]>([]);
  const isRegister = spec.action === REGISTER_ACTION;
  const [registers] = useQuery({ query: REGISTERS, variables: { owner: documentUnitId }, pause: !isRegister });
  const calendar = useActingCalendar();
  const mode = Form.useWatch('deadlineMode', form) ?? 'days';
  const days = Form.useWatch('deadlineInWorkingDays', form);
  const today = todayIso();
  // Recipients: the likely ones (a grid), and the choice the grid and the pickers share.
  const likely = useLikelyRecipients(documentId, spec.action, spec.needsRecipients && !isRegister);
  const [unitNames, setUnitNames] = useState<Map<string, string>>(new Map());
  // Units chosen (kept beside the form: no field shows them but the grid and the tags).
  const [units, setUnits] = useState<Pick<Values, 'mainUnit' | 'coUnits' | 'infoUnits'>>({ mainUnit: null, coUnits: [], infoUnits: [] });
  const chosen: Chosen = {
    main: Form.useWatch('main', form),
    co: Form.useWatch('co', form),
    info: Form.useWatch('info', form),
    ...units,
  };
  const labels = useMemo(() => {
    const l = likely.data?.likelyRecipients;
    const m = new Map<string, React.ReactNode>();
    for (const p of [...(l?.leaders ?? []), ...(l?.staff ?? [])]) {
      m.set(p.positionId, [p.personName, [p.title, p.unitName].filter(Boolean).join(', ')].filter(Boolean).join(' — '));
    }
    return m;
  }, [likely.data]);
  const gridUnits = new Set((likely.data?.likelyRecipients.units ?? []).map((u) => u.unitId));
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
  function pickUnit(column: Column) {
    return (unit: { id: string; name: string }) => {
      setUnitNames((n) => new Map(n).set(unit.id, unit.name));
      choose(toggle(chosen, 'unit', unit.id, column, true));
    };
  }
  // Units chosen in the tree that the grid does not list: shown as tags, each removable.
  const otherUnits = (['main', 'co', 'info'] as Column[]).flatMap((column) =>
    [...new Set([chosen.mainUnit, ...(chosen.coUnits ?? []), ...(chosen.infoUnits ?? [])])]
      .filter((id): id is string => !!id && !gridUnits.has(id) && columnOf(chosen, 'unit', id) === column)
      .map((id) => ({ id, column })),
  );
  const columnTitle = { main: t('action.main'), co: t('action.co'), info: t('action.info') };

  function show(error: Parameters<typeof placeErrors>[0]) {
    const s = placeErrors(error, shownFields(spec), ALIASES, t);
    form.setFields(s.fields.filter((f) => f.name !== 'deadline') as never);
    setDeadlineErrors(s.fields.find((f) => f.name === 'deadline')?.errors ?? []);
    setGeneral(s.general);
  }

  async function submit(v: Values) {
    setGeneral([]);
    setDeadlineErrors([]);
    if (isRegister) {
      const r = await register({ documentId, registerId: v.registerId!, key });
      show(r.error);
      if (r.data) {
        onDone(t('action.registered', { number: r.data.registerDocument.number }));
      }
      return;
    }
    const r = await act({ input: actionInput(documentId, spec, step, { ...v, ...units }), key });
    show(r.error);
    // Recorded, but what it calls for (copies to units, the next steps) is still running:
    // said plainly, so nobody does it twice.
    if (r.data) onDone(t(r.data.documentAction.written.queued ? 'action.queued' : 'action.done', { action: spec.title }));
    else if (!r.error) message.error(t('errors.internal'));
  }

  const activeRegisters = (registers.data?.registers.nodes ?? []).filter((r) => r.active);

  return (
    <Modal
      open
      title={spec.title}
      okText={spec.title}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={acting || registering}
      okButtonProps={{ 'data-testid': 'action-submit' } as never}
      width={640}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="action-error" />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed: Values) => {
          if ('deadline' in changed || 'deadlineInWorkingDays' in changed) setDeadlineErrors([]);
          // One main handler: a person chosen in the search replaces a department chosen.
          if (changed.main) setUnits((u) => ({ ...u, mainUnit: null }));
        }}
        initialValues={{ deadlineMode: 'days', registerId: undefined }} name="action">
        {isRegister && (
          <Form.Item name="registerId" label={t('action.register')} rules={[{ required: true }]}>
            <Select
              data-testid="register-select"
              loading={registers.fetching}
              options={activeRegisters.map((r) => ({ value: r.id, label: r.name }))}
            />
          </Form.Item>
        )}
        {spec.needsUnits && (
          <Form.Item name="units" label={t('action.units')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <UnitPicker />
          </Form.Item>
        )}
        {spec.needsRecipients && (
          <>
            {likely.data && (
              <Form.Item label={t('recipients.likely')}>
                <RecipientGrid likely={likely.data.likelyRecipients} chosen={chosen} onChange={choose} />
              </Form.Item>
            )}
            {otherUnits.length > 0 && (
              <div style={{ marginBottom: 12 }} data-testid="chosen-units">
                {t('recipients.chosenUnits')}{' '}
                {otherUnits.map(({ id, column }) => (
                  <Tag key={id} closable onClose={() => choose(toggle(chosen, 'unit', id, column, false))}>
                    {unitNames.get(id) ?? id} ({columnTitle[column]})
                  </Tag>
                ))}
              </div>
            )}
            <div style={{ marginBottom: 8, color: 'rgba(0,0,0,0.55)' }}>{t('recipients.others')}</div>
            <Form.Item
              name="main"
              label={t('action.main')}
              required
              rules={[
                {
                  validator: (_, v) => (v || units.mainUnit ? Promise.resolve() : Promise.reject(new Error(t('recipients.mainRequired')))),
                },
              ]}
            >
              <PositionPicker testId="main-picker" labels={labels} onPickUnit={pickUnit('main')} />
            </Form.Item>
            <Form.Item name="co" label={t('action.co')}>
              <PositionPicker multiple testId="co-picker" labels={labels} onPickUnit={pickUnit('co')} />
            </Form.Item>
            <Form.Item name="info" label={t('action.info')}>
              <PositionPicker multiple testId="info-picker" labels={labels} onPickUnit={pickUnit('info')} />
            </Form.Item>
          </>
        )}
        {spec.needsDeadline && (
          <Form.Item
            label={t('action.deadline')}
            required
            validateStatus={deadlineErrors.length > 0 ? 'error' : undefined}
            help={deadlineErrors.length > 0 ? <span data-testid="deadline-error">{deadlineErrors.join(' ')}</span> : undefined}
            data-testid="deadline-field"
          >
            <Space wrap>
              <Form.Item name="deadlineMode" noStyle>
                <Radio.Group
                  aria-label={t('action.deadline')}
                  options={[
                    { value: 'days', label: t('action.inWorkingDays') },
                    { value: 'date', label: t('action.onDate') },
                  ]}
                />
              </Form.Item>
              {mode === 'days' ? (
                <>
                  <Form.Item name="deadlineInWorkingDays" noStyle>
                    <InputNumber min={1} max={365} aria-label={t('action.inWorkingDays')} data-testid="deadline-days" />
                  </Form.Item>
                  {days ? (
                    <span>→ {formatDate(addWorkingDays(today, days, new Set(calendar.holidays.keys()), calendar.working))}</span>
                  ) : null}
                </>
              ) : (
                <Form.Item name="deadline" noStyle>
                  <DatePicker
                    format="DD/MM/YYYY"
                    aria-label={t('action.onDate')}
                    disabledDate={(d) =>
                      d.isBefore(dayjs(today), 'day') ||
                      !isWorkingDay(d.format('YYYY-MM-DD'), new Set(calendar.holidays.keys()), calendar.working)
                    }
                    cellRender={(d, info) => {
                      if (info.type !== 'date') return info.originNode;
                      const name = calendar.holidays.get((d as Dayjs).format('YYYY-MM-DD'));
                      return name ? <div title={name} style={{ color: '#cf1322' }}>{info.originNode}</div> : info.originNode;
                    }}
                  />
                </Form.Item>
              )}
            </Space>
          </Form.Item>
        )}
        {!isRegister && (
          <Form.Item name="note" label={t('action.note')} rules={spec.needsNote ? [{ required: true, whitespace: true }] : []}>
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="action-note" />
          </Form.Item>
        )}
        {spec.needsAttachments && (
          <Form.Item name="files" label={t('action.attachments')}>
            <FileDrop />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
