// The working calendar of a country and year: its public holidays and the weekend days made
// working days, as shown to everyone (the administrator's calendar if set, else the built-in
// one); editing it starts from what is shown, with each holiday's name in the three
// languages (read in each), and setCalendar replaces the year's calendar as a whole.
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import dayjs, { type Dayjs } from 'dayjs';
import { graphql } from '../../graphql';
import { useSession } from '../../session';
import { headers } from '../../lib/client';
import { errorText } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import type { Lang } from '../../lib/prefs';
import {
  CALENDAR_TYPENAMES, addHoliday, addWorkingDay, calendarInput, formProblems, holidayProblem, mergeHolidayNames, removeHoliday, removeWorkingDay,
  renameHoliday, unnamedHolidays, workingDayProblem, type CalendarDraft, type Country,
} from './forms';

const CALENDAR = graphql(`
  query AdminCalendar($country: Country!, $year: Int!) {
    calendar(country: $country, year: $year) { country year configured holidays { date name } workingWeekendDays }
  }
`);
// The same calendar read in each language for the editor (one document per language, so
// that the client's cache keeps the three answers apart).
const NAMES_VI = graphql(`query AdminCalendarVi($country: Country!, $year: Int!) { calendar(country: $country, year: $year) { holidays { date name } workingWeekendDays } }`);
const NAMES_EN = graphql(`query AdminCalendarEn($country: Country!, $year: Int!) { calendar(country: $country, year: $year) { holidays { date name } } }`);
const NAMES_LO = graphql(`query AdminCalendarLo($country: Country!, $year: Int!) { calendar(country: $country, year: $year) { holidays { date name } } }`);
const SET_CALENDAR = graphql(`mutation SetCalendar($input: CalendarInput!) { setCalendar(input: $input) { visible } }`);

const ISO = 'YYYY-MM-DD';

interface NewHoliday {
  date: Dayjs;
  nameVi: string;
  nameEn?: string;
  nameLo?: string;
}

function Editor({ country, year, initial, onCancel, onSaved }: { country: Country; year: number; initial: CalendarDraft; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [draft, setDraft] = useState(initial);
  const [general, setGeneral] = useState<string[]>([]);
  const [holidayForm] = Form.useForm<NewHoliday>();
  const [dayForm] = Form.useForm<{ date: Dayjs }>();
  const [{ fetching }, save] = useMutation(SET_CALENDAR);
  const inYear = (d: Dayjs) => d.year() !== year;
  const unnamed = unnamedHolidays(draft);

  async function submit() {
    setGeneral([]);
    if (unnamed.length > 0) {
      setGeneral([t('admin.calendarForm.unnamed', { dates: unnamed.map(formatDate).join(', ') })]);
      return;
    }
    const r = await save({ input: calendarInput(country, year, draft) }, { additionalTypenames: CALENDAR_TYPENAMES });
    if (r.error || !r.data) {
      setGeneral(formProblems(r.error, [], t).general);
      return;
    }
    message.success(t('admin.calendarForm.saved'));
    onSaved();
  }

  return (
    <div data-testid="calendar-editor">
      {general.length > 0 && <Alert type="error" showIcon title={general.join(' ')} style={{ marginBottom: 12 }} data-testid="calendar-error" />}
      <Typography.Title level={5}>{t('admin.holidays')}</Typography.Title>
      <Table size="small" rowKey="date" data-testid="calendar-edit-holidays" dataSource={draft.holidays} pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('admin.calendarForm.noHolidays') }}
        columns={[
          { title: t('admin.date'), key: 'd', render: (_, h) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(h.date)}</span> },
          ...(['nameVi', 'nameEn', 'nameLo'] as const).map((field) => ({
            title: t(`admin.form.${field}`),
            key: field,
            render: (_: unknown, h: CalendarDraft['holidays'][number]) => (
              <Input size="small" value={h[field]} aria-label={`${t(`admin.form.${field}`)} ${formatDate(h.date)}`} status={field === 'nameVi' && !h.nameVi.trim() ? 'error' : undefined}
                onChange={(e) => setDraft((d) => renameHoliday(d, h.date, { [field]: e.target.value }))} style={{ minWidth: 160 }} />
            ),
          })),
          {
            title: '', key: 'x',
            render: (_, h) => <Button size="small" danger onClick={() => setDraft((d) => removeHoliday(d, h.date))} aria-label={`${t('admin.calendarForm.remove')} ${formatDate(h.date)}`}>{t('admin.calendarForm.remove')}</Button>,
          },
        ]} />
      <Card size="small" type="inner" title={t('admin.calendarForm.addHoliday')} style={{ marginTop: 12 }}>
        <Form form={holidayForm} layout="vertical" name="holiday"
          onFinish={(v) => {
            const row = { date: v.date.format(ISO), nameVi: v.nameVi.trim(), nameEn: (v.nameEn ?? '').trim(), nameLo: (v.nameLo ?? '').trim() };
            const problem = holidayProblem(draft, year, row);
            if (problem) {
              holidayForm.setFields([{ name: problem === 'nameRequired' ? 'nameVi' : 'date', errors: [t(`admin.calendarForm.problem.${problem}`)] }]);
              return;
            }
            setDraft((d) => addHoliday(d, row));
            holidayForm.resetFields();
          }}>
          <Space wrap align="start">
            <Form.Item name="date" label={t('admin.date')} rules={[{ required: true }]}>
              <DatePicker format="DD/MM/YYYY" disabledDate={inYear} defaultPickerValue={dayjs(`${year}-01-01`)} />
            </Form.Item>
            <Form.Item name="nameVi" label={t('admin.form.nameVi')} rules={[{ required: true, whitespace: true }, { max: 200 }]}><Input /></Form.Item>
            <Form.Item name="nameEn" label={t('admin.form.nameEn')} rules={[{ max: 200 }]}><Input /></Form.Item>
            <Form.Item name="nameLo" label={t('admin.form.nameLo')} rules={[{ max: 200 }]}><Input lang="lo" /></Form.Item>
          </Space>
          <Form.Item style={{ marginBottom: 0 }}><Button htmlType="submit" data-testid="holiday-add">{t('admin.calendarForm.add')}</Button></Form.Item>
        </Form>
      </Card>

      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('admin.workingWeekends')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.calendarForm.workingHint')}</Typography.Paragraph>
      <div data-testid="calendar-edit-working" style={{ marginBottom: 8 }}>
        {draft.workingWeekendDays.length === 0 && <Typography.Text type="secondary">{t('admin.calendarForm.noWorkingDays')}</Typography.Text>}
        {draft.workingWeekendDays.map((d) => (
          <Tag key={d} style={{ marginBottom: 4 }}>
            {formatDate(d)} ({dayjs(d).format('dddd')})
            <Button type="link" size="small" danger onClick={() => setDraft((x) => removeWorkingDay(x, d))} aria-label={`${t('admin.calendarForm.remove')} ${formatDate(d)}`} style={{ paddingInline: 4, height: 'auto' }}>×</Button>
          </Tag>
        ))}
      </div>
      <Form form={dayForm} layout="inline" name="workingDay"
        onFinish={(v) => {
          const date = v.date.format(ISO);
          const problem = workingDayProblem(draft, year, date);
          if (problem) {
            dayForm.setFields([{ name: 'date', errors: [t(`admin.calendarForm.problem.${problem}`)] }]);
            return;
          }
          setDraft((d) => addWorkingDay(d, date));
          dayForm.resetFields();
        }}>
        <Form.Item name="date" label={t('admin.date')} rules={[{ required: true }]}>
          <DatePicker format="DD/MM/YYYY" disabledDate={(d) => inYear(d) || (d.day() !== 0 && d.day() !== 6)} defaultPickerValue={dayjs(`${year}-01-01`)} />
        </Form.Item>
        <Form.Item><Button htmlType="submit" data-testid="working-add">{t('admin.calendarForm.add')}</Button></Form.Item>
      </Form>

      <Space wrap style={{ marginTop: 16 }}>
        <Button type="primary" loading={fetching} onClick={submit} data-testid="calendar-save">{t('admin.calendarForm.save', { year })}</Button>
        <Button onClick={onCancel} disabled={fetching}>{t('admin.form.cancel')}</Button>
      </Space>
    </div>
  );
}

export default function CalendarAdmin() {
  const { t } = useTranslation();
  const client = useClient();
  const { position } = useSession();
  const [country, setCountry] = useState<Country>('VIETNAM');
  const [year, setYear] = useState(new Date().getFullYear());
  const [{ data, error, fetching }, refetch] = useQuery({ query: CALENDAR, variables: { country, year }, requestPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState<CalendarDraft | null>(null);
  const [opening, setOpening] = useState(false);
  const [openError, setOpenError] = useState<string | null>(null);

  /** Reads the calendar in the three languages and opens the editor with it. */
  async function edit() {
    setOpening(true);
    setOpenError(null);
    const as = (lang: Lang) => ({ requestPolicy: 'network-only' as const, fetchOptions: { headers: headers(lang, position), credentials: 'same-origin' as const } });
    const [vi, en, lo] = await Promise.all([
      client.query(NAMES_VI, { country, year }, as('vi')).toPromise(),
      client.query(NAMES_EN, { country, year }, as('en')).toPromise(),
      client.query(NAMES_LO, { country, year }, as('lo')).toPromise(),
    ]);
    setOpening(false);
    const failed = vi.error ?? en.error ?? lo.error;
    if (failed || !vi.data || !en.data || !lo.data) {
      setOpenError(errorText(failed, t) || t('errors.internal'));
      return;
    }
    setEditing({
      holidays: mergeHolidayNames(vi.data.calendar.holidays, en.data.calendar.holidays, lo.data.calendar.holidays),
      workingWeekendDays: [...vi.data.calendar.workingWeekendDays].sort(),
    });
  }

  const calendar = data?.calendar;
  const shown = calendar && calendar.year === year;
  return (
    <Card size="small" data-testid="calendar-admin">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={country} onChange={(c) => { setCountry(c); setEditing(null); }} aria-label={t('admin.country')} disabled={!!editing} data-testid="calendar-country"
          options={[{ value: 'VIETNAM', label: t('admin.vietnam') }, { value: 'LAOS', label: t('admin.laos') }]} />
        <InputNumber value={year} min={2000} max={2100} onChange={(v) => { if (v && v >= 2000 && v <= 2100) setYear(v); }} aria-label={t('book.year')} disabled={!!editing} id="calendar_year" />
        {shown && <Tag data-testid="calendar-state" data-year={calendar.year} data-configured={String(calendar.configured)}>{calendar.configured ? t('admin.calendarConfigured') : t('admin.calendarBuiltIn')}</Tag>}
        {!editing && <Button type="primary" onClick={edit} loading={opening} disabled={!shown} data-testid="calendar-edit">{t('admin.calendarForm.edit')}</Button>}
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error, t)} />}
      {openError && <Alert type="error" showIcon title={openError} style={{ marginBottom: 12 }} />}
      {editing ? (
        <Editor key={`${country}-${year}`} country={country} year={year} initial={editing} onCancel={() => setEditing(null)}
          onSaved={() => { setEditing(null); refetch({ requestPolicy: 'network-only' }); }} />
      ) : (
        <>
          <Table size="small" rowKey="date" data-testid="calendar-holidays" title={() => t('admin.holidays')} loading={fetching && !data} dataSource={shown ? calendar.holidays : []} pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.calendarForm.noHolidays')} /> }}
            columns={[{ title: t('admin.date'), key: 'd', render: (_, h) => formatDate(h.date) }, { title: t('admin.form.name'), dataIndex: 'name' }]} />
          {shown && calendar.workingWeekendDays.length > 0 && (
            <Typography.Paragraph style={{ marginTop: 12 }} data-testid="calendar-working">{t('admin.workingWeekends')}: {calendar.workingWeekendDays.map(formatDate).join(', ')}</Typography.Paragraph>
          )}
        </>
      )}
    </Card>
  );
}
