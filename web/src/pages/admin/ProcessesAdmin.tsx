// Processes (quy trình): every process with its latest version and the version in force in
// the whole agency today; for one process, its versions (compiled into Chancery, or
// published by whom, when, with what note), its activations (from a date, in the agency or
// a unit and below) and the diagram of the version chosen. An administrator writes a new
// version (admin/ProcessEditor) and activates a version (here). Every name of a process,
// step, action or role comes from the API.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Form, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { officeNow } from '../../lib/deadline';
import { graphql, type ResultOf } from '../../graphql';
import { errorText } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import ProcessDiagram from '../../components/ProcessDiagram';
import UnitPicker from '../../components/UnitPicker';
import FormDialog from './FormDialog';
import { newKey } from '../../components/ActionDialog';
import ProcessEditor from './ProcessEditor';
import { activationVariables, nextVersionText, type ActivationValues } from './processForms';

export const PROCESSES = graphql(`
  query Processes {
    processes {
      id title subject latestVersion inForce
      versions {
        version title shipped publishedAt publishedBy note definition
        diagram {
          start
          steps { id title roles end depth }
          transitions { from to action title needs effects returns ends danger }
        }
      }
      activations { process version unitId unitName from recordedAt by }
    }
  }
`);
const ACTIVATE_PROCESS = graphql(`
  mutation ActivateProcess($process: String!, $version: Int!, $unitId: ID, $from: NaiveDate!, $key: ID) {
    activateProcess(process: $process, version: $version, unitId: $unitId, from: $from, idempotencyKey: $key) { position visible queued }
  }
`);

type Process = ResultOf<typeof PROCESSES>['processes'][number];

function ActivateDialog({ process, onClose, onDone }: { process: Process; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActivationValues>();
  const [, activate] = useMutation(ACTIVATE_PROCESS);
  // One key per opening of the dialog: a double click or a retry activates once.
  const [key] = useState(newKey);
  const scope = Form.useWatch('scope', form);
  return (
    <FormDialog<ActivationValues>
      title={t('processes.activateTitle', { name: process.title })} name="activation" form={form} testId="activation-submit"
      okText={t('processes.activate')} fields={['version', 'unitId', 'from']}
      initialValues={{ version: process.latestVersion, scope: 'AGENCY', from: officeNow() }}
      submit={(v) => activate({ ...activationVariables(process.id, v), key })}
      success={t('processes.activated')} onDone={onDone} onClose={onClose}
    >
      <Form.Item name="version" label={t('processes.version')} rules={[{ required: true }]}>
        <Select data-testid="activation-version"
          options={[...process.versions].reverse().map((v) => ({ value: v.version, label: `${t('processes.versionN', { n: v.version })} — ${v.title}` }))} />
      </Form.Item>
      <Form.Item name="scope" label={t('processes.where')}>
        <Radio.Group data-testid="activation-scope" options={[{ value: 'AGENCY', label: t('processes.wholeAgency') }, { value: 'UNIT', label: t('processes.unit') }]} />
      </Form.Item>
      {scope === 'UNIT' && (
        <Form.Item name="unitId" label={t('processes.unit')} extra={t('processes.unitHint')} rules={[{ required: true }]}>
          <UnitPicker multiple={false} />
        </Form.Item>
      )}
      <Form.Item name="from" label={t('processes.from')} extra={t('processes.fromHint')} rules={[{ required: true }]}>
        <DatePicker format="DD/MM/YYYY" disabledDate={(d) => d.isBefore(officeNow(), 'day')} />
      </Form.Item>
    </FormDialog>
  );
}

function ProcessPanel({ process, refetch }: { process: Process; refetch: () => void }) {
  const { t } = useTranslation();
  const [viewed, setViewed] = useState<number>(process.inForce ?? process.latestVersion);
  const [editing, setEditing] = useState(false);
  const [activating, setActivating] = useState(false);
  const version = process.versions.find((v) => v.version === viewed) ?? process.versions[process.versions.length - 1];
  const latest = process.versions.find((v) => v.version === process.latestVersion) ?? process.versions[process.versions.length - 1];
  return (
    <Card size="small" data-testid="process-panel" data-process={process.id}
      title={process.title}
      extra={
        <Space wrap>
          <Button onClick={() => setEditing(true)} disabled={editing || !latest} data-testid="process-new-version">{t('processes.newVersion')}</Button>
          <Button type="primary" onClick={() => setActivating(true)} data-testid="process-activate">{t('processes.activate')}</Button>
        </Space>
      }>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {editing && latest && (
          <ProcessEditor
            processTitle={process.title}
            initialText={nextVersionText(latest.definition, process.latestVersion)}
            onClose={() => setEditing(false)}
            onPublished={(v) => { setEditing(false); if (v !== null) setViewed(v); refetch(); }}
          />
        )}
        <div>
          <Typography.Title level={5}>{t('processes.versions')}</Typography.Title>
          <Table size="small" rowKey="version" data-testid="process-versions" dataSource={[...process.versions].reverse()} pagination={false} scroll={{ x: 'max-content' }}
            rowClassName={(v) => (v.version === version?.version ? 'ant-table-row-selected' : '')}
            columns={[
              {
                title: t('processes.version'), key: 'v',
                render: (_, v) => (
                  <Space size={4}>
                    <span>{v.version}</span>
                    {v.version === process.inForce && <Tag color="green">{t('processes.inForceTag')}</Tag>}
                  </Space>
                ),
              },
              { title: t('processes.name'), dataIndex: 'title' },
              {
                title: t('processes.origin'), key: 'o',
                render: (_, v) => v.shipped ? <Tag>{t('processes.shipped')}</Tag> : t('processes.publishedBy', { name: v.publishedBy ?? '—', when: formatDateTime(v.publishedAt) }),
              },
              { title: t('processes.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
              {
                title: '', key: 'a',
                render: (_, v) => v.version === version?.version
                  ? <Tag color="blue">{t('processes.viewing')}</Tag>
                  : <Button size="small" onClick={() => setViewed(v.version)} data-testid="process-view-version" data-version={v.version}>{t('processes.showDiagram')}</Button>,
              },
            ]} />
        </div>
        <div>
          <Typography.Title level={5}>{t('processes.activations')}</Typography.Title>
          <Table size="small" rowKey={(a) => `${a.recordedAt}-${a.unitId ?? ''}-${a.version}`} data-testid="process-activations" dataSource={process.activations} pagination={false} scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('processes.noActivations') }}
            columns={[
              { title: t('processes.version'), dataIndex: 'version' },
              { title: t('processes.where'), key: 'w', render: (_, a) => a.unitId ? (a.unitName ?? a.unitId) : t('processes.wholeAgency') },
              { title: t('processes.from'), key: 'f', render: (_, a) => formatDate(a.from) },
              { title: t('processes.recordedAt'), key: 'r', render: (_, a) => formatDateTime(a.recordedAt) },
              { title: t('processes.by'), dataIndex: 'by', render: (b: string | null) => b ?? '—' },
            ]} />
        </div>
        {version && (
          <div>
            <Typography.Title level={5} data-testid="process-diagram-title" data-version={version.version}>{t('processes.diagramOf', { n: version.version })}</Typography.Title>
            <ProcessDiagram diagram={version.diagram} />
          </div>
        )}
      </Space>
      {activating && (
        <ActivateDialog process={process} onClose={() => setActivating(false)} onDone={() => { setActivating(false); refetch(); }} />
      )}
    </Card>
  );
}

export default function ProcessesAdmin() {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PROCESSES, requestPolicy: 'cache-and-network' });
  const [selected, setSelected] = useState<string | null>(null);
  const processes = data?.processes ?? [];
  const process = processes.find((p) => p.id === selected) ?? null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('processes.list')}>
        {error && <Alert type="error" showIcon title={errorText(error, t)} style={{ marginBottom: 12 }} />}
        <Table size="small" rowKey="id" data-testid="processes-table" loading={fetching && !data} dataSource={processes} pagination={false} scroll={{ x: 'max-content' }}
          onRow={(p) => ({ onClick: () => setSelected(p.id), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('processes.name'), key: 'n',
              render: (_, p) => <Button type="link" aria-current={p.id === selected ? 'true' : undefined} style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left', height: 'auto', fontWeight: p.id === selected ? 600 : undefined }} data-testid="process-open" data-process={p.id} onClick={() => setSelected(p.id)}>{p.id === selected ? '▸ ' : ''}{p.title}</Button>,
            },
            { title: t('processes.id'), dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
            { title: t('processes.subject'), key: 's', render: (_, p) => t(`processes.subjects.${p.subject}`, { defaultValue: p.subject }) },
            { title: t('processes.latest'), dataIndex: 'latestVersion' },
            { title: t('processes.inForce'), key: 'f', render: (_, p) => (p.inForce === null || p.inForce === undefined ? <Typography.Text type="secondary">{t('processes.none')}</Typography.Text> : <Tag color="green">{p.inForce}</Tag>) },
          ]} />
      </Card>
      {process ? (
        <ProcessPanel key={process.id} process={process} refetch={() => refetch({ requestPolicy: 'network-only' })} />
      ) : (
        <Empty description={t('processes.pickProcess')} />
      )}
    </Space>
  );
}
