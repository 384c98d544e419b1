// A new version of a process: its definition as JSON text (starting from the latest
// version, numbered as the next), typed or loaded from a .json file; checked by the server
// (`checkProcess`, on the button and a moment after typing stops) which lists the problems
// in the user's language, naming the step and action, and draws the preview; published with
// an optional note (`publishProcess`). A refusal is shown beside the editor, worded by the
// server; the text stays as typed.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, type CombinedError } from 'urql';
import { graphql, type ResultOf } from '../../graphql';
import { errorText } from '../../lib/errors';
import { newKey } from '../../components/ActionDialog';
import ProcessDiagram from '../../components/ProcessDiagram';
import { definitionObject, isLatest } from './processForms';

export const CHECK_PROCESS = graphql(`
  query CheckProcess($definition: String!) {
    checkProcess(definition: $definition) {
      valid id version
      problems { code message step action }
      diagram {
        start
        steps { id title roles end depth }
        transitions { from to action title needs effects returns ends danger }
      }
    }
  }
`);
const PUBLISH_PROCESS = graphql(`
  mutation PublishProcess($definition: String!, $note: String, $key: ID) {
    publishProcess(definition: $definition, note: $note, idempotencyKey: $key) { position visible queued }
  }
`);

type Check = ResultOf<typeof CHECK_PROCESS>['checkProcess'];

/** How long typing must pause before the text is checked. */
export const CHECK_DELAY_MS = 900;

interface Answer {
  text: string;
  check: Check | null;
  error: CombinedError | null;
}

export default function ProcessEditor({ processTitle, initialText, onClose, onPublished }: {
  processTitle: string;
  initialText: string;
  onClose: () => void;
  onPublished: (version: number | null) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useClient();
  const [text, setText] = useState(initialText);
  const [note, setNote] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [checking, setChecking] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [publishState, publish] = useMutation(PUBLISH_PROCESS);
  const [publishError, setPublishError] = useState<CombinedError | null>(null);
  // One key per text published: a double click or a retry publishes once.
  const [key, setKey] = useState(newKey);
  const asked = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);

  async function check(value: string) {
    asked.current += 1;
    const seq = asked.current;
    setChecking(true);
    const r = await client.query(CHECK_PROCESS, { definition: value }, { requestPolicy: 'network-only' }).toPromise();
    if (!isLatest(seq, asked.current)) return;
    setChecking(false);
    setAnswer({ text: value, check: r.data?.checkProcess ?? null, error: r.error ?? null });
  }

  // Checked once typing pauses (and at the start).
  useEffect(() => {
    if (answer?.text === text) return;
    const timer = setTimeout(() => void check(text), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  async function load(file: File | undefined) {
    if (!file) return;
    setFileError(null);
    try {
      setText(await file.text());
      setKey(newKey());
    } catch {
      setFileError(t('processes.unreadable'));
    }
  }

  async function doPublish() {
    setPublishError(null);
    const r = await publish({ definition: text, note: note.trim() || null, key });
    if (r.error || !r.data) {
      setPublishError(r.error ?? null);
      // The problems themselves, listed beside the text.
      void check(text);
      return;
    }
    const stated = Number(definitionObject(text).version);
    const version = Number.isInteger(stated) ? stated : null;
    message.success(version === null ? t('processes.publishedAny') : t('processes.published', { version }));
    onPublished(version);
  }

  const current = answer?.text === text ? answer : null;
  const shown = current ?? answer;
  const problems = shown?.check?.problems ?? [];
  return (
    <Card size="small" data-testid="process-editor" title={t('processes.editorTitle', { name: processTitle })}
      extra={<Button onClick={onClose} data-testid="process-editor-close">{t('processes.cancel')}</Button>}>
      <Typography.Paragraph type="secondary">{t('processes.editorHint')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 8 }}>
        <Button onClick={() => fileInput.current?.click()}>{t('processes.upload')}</Button>
        <input ref={fileInput} type="file" accept=".json,application/json" data-testid="process-upload" style={{ display: 'none' }}
          onChange={(e) => { void load(e.target.files?.[0]); e.target.value = ''; }} />
        <Button onClick={() => void check(text)} loading={checking} data-testid="process-check">{t('processes.check')}</Button>
      </Space>
      {fileError && <Alert type="error" showIcon title={fileError} style={{ marginBottom: 8 }} />}
      <Input.TextArea
        value={text}
        onChange={(e) => { setText(e.target.value); setKey(newKey()); }}
        rows={22}
        wrap="off"
        spellCheck={false}
        data-testid="process-json"
        aria-label={t('processes.definition')}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace', fontSize: 12.5 }}
      />
      <div data-testid="process-check-result" data-state={checking || !current ? 'checking' : current.check?.valid ? 'valid' : 'invalid'} style={{ marginTop: 12 }}>
        {checking && <Spin size="small" style={{ marginRight: 8 }} />}
        {checking && <Typography.Text type="secondary">{t('processes.checking')}</Typography.Text>}
        {!checking && answer && !current && <Typography.Text type="secondary">{t('processes.stale')}</Typography.Text>}
        {shown?.error && <Alert type="error" showIcon title={errorText(shown.error, t)} />}
        {shown?.check?.valid && (
          <Alert type="success" showIcon title={t('processes.valid', { version: shown.check.version ?? '' })} />
        )}
        {shown?.check && !shown.check.valid && (
          <Alert type="error" showIcon title={t('processes.invalid', { count: problems.length })}
            description={
              <List size="small" data-testid="process-problems" dataSource={problems}
                renderItem={(p, i) => (
                  <List.Item key={i} style={{ paddingLeft: 0 }}>
                    <Space wrap size={4}>
                      <span>{p.message}</span>
                      {p.step && <Tag>{t('processes.step', { step: p.step })}</Tag>}
                      {p.action && <Tag>{t('processes.action', { action: p.action })}</Tag>}
                    </Space>
                  </List.Item>
                )} />
            } />
        )}
      </div>
      {shown?.check?.diagram && (
        <div style={{ marginTop: 12 }}>
          <Typography.Title level={5}>{t('processes.preview')}</Typography.Title>
          <ProcessDiagram diagram={shown.check.diagram} testId="process-preview" />
        </div>
      )}
      <div style={{ marginTop: 16 }}>
        {publishError && <Alert type="error" showIcon title={errorText(publishError, t)} style={{ marginBottom: 8 }} data-testid="process-publish-error" />}
        <Space.Compact style={{ width: '100%', maxWidth: 720 }}>
          <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('processes.publishNote')} aria-label={t('processes.publishNote')} data-testid="process-note" maxLength={500} />
          <Button type="primary" onClick={() => void doPublish()} loading={publishState.fetching} data-testid="process-publish">{t('processes.publish')}</Button>
        </Space.Compact>
      </div>
    </Card>
  );
}
