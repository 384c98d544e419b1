// Work that reached the caller through a pool (every holder of a role in a unit, e.g.
// General Affairs at P1 "propose"/"approve") is in their pending box and theirs to act on,
// but the server does not let them read `document` or `availableActions` yet (NOT_ROUTED).
// Until it does, this view shows the inbox entry and offers the actions the process
// definition lists for that step and role; the server still decides (expected step and the
// step's roles are checked on every action).
import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import p1 from '../../../schemas/workflows/p1-incoming-ministry.v1.json';
import p2 from '../../../schemas/workflows/p2-incoming-unit.v1.json';
import ActionDialog, { type ActionSpec } from './ActionDialog';
import { formatDate } from '../lib/format';
import type { Lang } from '../lib/prefs';
import { useSession } from '../session';

const PENDING = graphql(`
  query PoolEntry {
    inbox(box: PENDING, first: 100) {
      nodes { documentId issuingBody numberNotation summary documentDate urgency step kind deadline }
    }
  }
`);

type Texts = Record<Lang, string>;
interface Definition {
  steps: Record<string, { roles?: string[]; actions?: Record<string, { title: Texts; to: string; needs?: string[]; when?: string }> }>;
}

export function poolActions(definitions: Definition[], step: string, role: string, lang: Lang): ActionSpec[] {
  for (const d of definitions) {
    const s = d.steps[step];
    if (!s?.roles?.includes(role) || !s.actions) continue;
    return Object.entries(s.actions)
      .filter(([, a]) => !a.when)
      .map(([action, a]) => ({
        action,
        title: a.title[lang] ?? a.title.vi,
        toStep: a.to,
        needsNote: !!a.needs?.includes('note'),
        needsDeadline: !!a.needs?.includes('deadline'),
        needsRecipients: !!a.needs?.includes('recipients'),
        needsUnits: !!a.needs?.includes('units'),
        needsAttachments: !!a.needs?.includes('attachments'),
      }));
  }
  return [];
}

export default function PoolView({ id, role, unitId, onActed }: { id: string; role: string; unitId: string; onActed: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { lang } = useSession();
  const [{ data, fetching }, refetch] = useQuery({ query: PENDING, requestPolicy: 'network-only' });
  const [dialog, setDialog] = useState<ActionSpec | null>(null);
  const [done, setDone] = useState(false);
  const seen = useRef<NonNullable<typeof data>['inbox']['nodes'][number] | undefined>(undefined);
  const found = data?.inbox.nodes.find((n) => n.documentId === id && n.kind === 'pool');
  if (found) seen.current = found;
  if (fetching && !data) return <Spin />;
  // After acting the entry leaves the pending box: keep showing what was acted on.
  const entry = found ?? (done ? seen.current : undefined);
  if (!entry) return null;
  const actions = done ? [] : poolActions([p1 as Definition, p2 as Definition], entry.step, role, lang);
  return (
    <div data-testid="document-page" data-step={done ? 'acted' : entry.step}>
      <Typography.Title level={3}>{entry.summary}</Typography.Title>
      <Alert type="info" showIcon title={t('pool.note')} style={{ marginBottom: 12 }} />
      <Descriptions bordered size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('document.issuingBody')}>{entry.issuingBody}</Descriptions.Item>
        <Descriptions.Item label={t('document.numberNotation')}>{entry.numberNotation}</Descriptions.Item>
        <Descriptions.Item label={t('document.documentDate')}>{formatDate(entry.documentDate)}</Descriptions.Item>
        <Descriptions.Item label={t('document.step')}>{t(`steps.${entry.step}`, { defaultValue: entry.step })}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('document.actions')}>
        {done ? (
          <Typography.Text data-testid="pool-done">{t('pool.done')}</Typography.Text>
        ) : (
          <Space wrap>
            {actions.map((a) => (
              <Button key={a.action} data-action={a.action} onClick={() => setDialog(a)}>{a.title}</Button>
            ))}
          </Space>
        )}
      </Card>
      {dialog && (
        <ActionDialog
          documentId={id}
          documentUnitId={unitId}
          step={entry.step}
          spec={dialog}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null);
            message.success(text);
            setDone(true);
            refetch({ requestPolicy: 'network-only' });
            onActed();
          }}
        />
      )}
    </div>
  );
}
