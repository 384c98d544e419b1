// An outgoing document or submission: its fields, files, versions (two side by side), where
// it stands and who holds it, opinions (ask, who answered, answer when asked), recipients
// and their copies' status after issuance, the history, and a button for exactly each action
// `availableActions` offers. The issuing clerk's steps show the issuance panel.
import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import RelatedDocument from '../../components/RelatedDocument';
import { graphql } from '../../graphql';
import type { ActionSpec } from '../../components/ActionDialog';
import OutgoingActionDialog from '../../components/OutgoingActionDialog';
import DraftEdit from '../../components/DraftEdit';
import RecipientsEdit from '../../components/RecipientsEdit';
import FilePreview from '../../components/FilePreview';
import History from '../../components/History';
import SignaturesPanel from '../../components/SignaturesPanel';
import { ConfidentialityMark, Deadline, UrgencyMark } from '../../components/Marks';
import { useDocumentTypes } from '../../components/Catalogues';
import { errorText } from '../../lib/errors';
import DocumentRefused from '../../components/document/DocumentRefused';
import { formatDate } from '../../lib/format';
import { actionStyle, myOpenRequest, stageKey } from '../../lib/outgoing';
import { useMe } from '../../session';
import { AddVersionDialog, FileList, GiveOpinionDialog, OpinionsPanel, RecipientsPanel, RequestOpinionsDialog, SourceNote, VersionsPanel, who } from './panels';

export const OUTGOING = graphql(`
  query OutgoingDocument($id: ID!) {
    outgoingDocument(id: $id) {
      id process processTitle step stepTitle stage drafting mayEdit mayChangeRecipients finished unitName documentType summary urgency confidentiality
      replyDeadline signingAuthority notes relatedDocuments numberNotation issueDate issued recalled revision
      signer { positionId personName title unitName }
      recipients { kind id name delivery copyId status }
      files { sha256 name mediaType size url }
      signatures { fileName fileSha256 kind signerName certificateSubject serial signedAt integrity coverage certificate valid verifiedAt }
      versions { number note files { sha256 name mediaType size url } source { sha256 name mediaType size url } by { positionId personName title unitName } }
      drafter { positionId personName title unitName }
      sentBy { positionId personName title unitName }
      mainHandler { positionId personName title unitName }
      coHandlers { positionId personName title unitName }
      signedBy { positionId personName title unitName }
      opinions {
        requestId question deadline answeredAt opinion
        asked { positionId personName title unitName }
        askedBy { positionId personName title unitName }
      }
      availableActions { action title toStep toStepTitle needsNote needsDeadline needsRecipients needsUnits needsAttachments effects returns ends danger }
    }
  }
`);
const HISTORY = graphql(`
  query OutgoingHistory($id: ID!) {
    documentHistory(documentId: $id, first: 500) {
      nodes {
        position recordedAt eventType action fromStep toStep actionTitle fromStepTitle toStepTitle note deadline onBehalfOf authority
        actedBy { name } onBehalfOfPerson { name }
        actor { positionId personName title unitName }
      }
    }
  }
`);

type Dialog = { kind: 'action'; spec: ActionSpec } | { kind: 'version' } | { kind: 'ask' } | { kind: 'answer' } | null;

export default function OutgoingDocument() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { me } = useMe();
  const types = useDocumentTypes();
  const [{ data, fetching, error }, refetch] = useQuery({ query: OUTGOING, variables: { id }, requestPolicy: 'cache-and-network' });
  // Its history, as the server keeps it for every document (incoming and outgoing).
  const [history, refetchHistory] = useQuery({ query: HISTORY, variables: { id }, requestPolicy: 'cache-and-network' });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [preview, setPreview] = useState<string | null>(null);

  if (!data) {
    // A document one may not open: the reason, in the user's language (never a blank page).
    if (error) return <DocumentRefused error={error} />;
    return <Spin style={{ display: 'block', margin: 48 }} spinning={fetching} />;
  }
  const d = data.outgoingDocument;
  const reload = () => {
    refetch({ requestPolicy: 'network-only' });
    refetchHistory({ requestPolicy: 'network-only' });
  };
  const done = (text: string) => {
    setDialog(null);
    message.success(text);
    reload();
  };
  const mine = myOpenRequest(d.opinions, me?.actingPositionId);
  const holds = d.availableActions.length > 0;
  const stage = stageKey(d.stage);
  const previewFile = d.files.find((f) => f.sha256 === preview);
  const serverHistory = history.data?.documentHistory.nodes ?? [];

  return (
    <div data-testid="outgoing-page" data-step={d.step} data-revision={d.revision}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <div>
          <Typography.Title level={3} style={{ marginBottom: 4 }} data-testid="outgoing-title">{d.summary}</Typography.Title>
          <Space wrap>
            <Tag color="blue">{d.processTitle}</Tag>
            <Tag color={d.finished ? 'default' : 'green'} data-testid="step-tag">{d.stepTitle}</Tag>
            <UrgencyMark urgency={d.urgency} />
            <ConfidentialityMark level={d.confidentiality} />
            {d.numberNotation && <Tag color="geekblue" data-testid="number-notation">{t('outgoing.numbered', { notation: d.numberNotation, date: formatDate(d.issueDate) })}</Tag>}
            {d.issued && <Tag color="green">{t('outgoing.issued')}</Tag>}
            {d.recalled && <Tag color="red">{t('outgoing.recalled')}</Tag>}
            {d.signedBy.length > 0 && <Tag color="gold">{t('outgoing.signedBy', { names: [...new Set(d.signedBy.map((s) => s.personName))].join(', ') })}</Tag>}
          </Space>
        </div>

        {mine && (
          <Alert
            type="info"
            showIcon
            data-testid="asked-of-me"
            title={t('outgoing.youAreAsked', { name: mine.askedBy.personName, date: formatDate(mine.deadline) })}
            description={mine.question}
            action={<Button type="primary" onClick={() => setDialog({ kind: 'answer' })} data-testid="give-opinion">{t('outgoing.giveOpinion')}</Button>}
          />
        )}

        <Card size="small" title={t('document.actions')}>
          {!holds ? (
            <Typography.Text type="secondary" data-testid="no-actions">{t('document.noActions')}</Typography.Text>
          ) : (
            <Space wrap>
              {d.availableActions.map((a) => {
                const style = actionStyle(a);
                return (
                  <Button key={a.action} data-action={a.action} title={a.toStepTitle} type={style.primary ? 'primary' : 'default'} danger={style.danger} onClick={() => setDialog({ kind: 'action', spec: a })}>
                    {a.title}
                  </Button>
                );
              })}
              {d.drafting && (
                <Button onClick={() => setDialog({ kind: 'version' })} data-testid="add-version">{t('outgoing.addVersion')}</Button>
              )}
              {/* Whoever holds it at their step, before it is numbered (`mayEdit`, decided by the domain). */}
              {d.mayEdit && <DraftEdit id={d.id} onDone={done} />}
              {/* The register keeper, once it is numbered and not issued (after a recall): `mayChangeRecipients`. */}
              {d.mayChangeRecipients && <RecipientsEdit id={d.id} onDone={done} />}
              {!d.finished && stage === null && (
                <Button onClick={() => setDialog({ kind: 'ask' })} data-testid="request-opinions">{t('outgoing.requestOpinions')}</Button>
              )}
            </Space>
          )}
          {stage && holds && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="issuance-stage">
              {t(stage)}
            </Typography.Paragraph>
          )}
        </Card>

        <Tabs
          items={[
            {
              key: 'info',
              label: t('document.tabInfo'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
                    <Descriptions.Item label={t('document.documentType')}>{types.name(d.documentType)}</Descriptions.Item>
                    <Descriptions.Item label={t('document.unit')}>{d.unitName}</Descriptions.Item>
                    <Descriptions.Item label={t('document.numberNotation')}>{d.numberNotation ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('outgoing.issueDate')}>{formatDate(d.issueDate) || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('document.urgency')}>{t(`urgency.${d.urgency.toLowerCase()}`, { defaultValue: d.urgency })}</Descriptions.Item>
                    <Descriptions.Item label={t('document.confidentiality')}>{t(`confidentiality.${d.confidentiality.toLowerCase()}`, { defaultValue: d.confidentiality })}</Descriptions.Item>
                    <Descriptions.Item label={t('outgoing.signer')}>{d.signingAuthority ? `${d.signingAuthority} ` : ''}{who(d.signer)}</Descriptions.Item>
                    <Descriptions.Item label={t('outgoing.replyDeadline')}><Deadline date={d.replyDeadline} finished={d.finished} /></Descriptions.Item>
                    <Descriptions.Item label={t('outgoing.drafter')}>{who(d.drafter)}</Descriptions.Item>
                    <Descriptions.Item label={t('outgoing.related')}>
                      {d.relatedDocuments.length === 0 ? '—' : d.relatedDocuments.map((r) => <div key={r}><RelatedDocument id={r} /></div>)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('document.notes')} span={2}>{d.notes || '—'}</Descriptions.Item>
                  </Descriptions>
                  <Card size="small" title={t('outgoing.currentFiles')}>
                    <FileList files={d.files} onPreview={setPreview} previewing={preview} />
                    {d.versions.slice(-1).map((v) => v.source && <SourceNote key={v.number} source={v.source} />)}
                    {previewFile && <FilePreview key={previewFile.sha256} url={previewFile.url} mediaType={previewFile.mediaType} name={previewFile.name} />}
                  </Card>
                  {(d.signatures.length > 0 || d.signedBy.length > 0) && (
                    <Card size="small" title={t('signing.signaturesTitle')}>
                      <SignaturesPanel signatures={d.signatures} />
                    </Card>
                  )}
                  <Card size="small" title={t('document.recipients')}>
                    <RecipientsPanel recipients={d.recipients} issued={d.issued || d.recalled || d.stage === 'ISSUED'} />
                  </Card>
                </Space>
              ),
            },
            {
              key: 'process',
              label: t('document.tabProcess'),
              children: (
                <Descriptions bordered size="small" column={1} data-testid="holder">
                  <Descriptions.Item label={t('document.step')}>{d.stepTitle}</Descriptions.Item>
                  <Descriptions.Item label={t('document.sentBy')}>{who(d.sentBy)}</Descriptions.Item>
                  <Descriptions.Item label={t('outgoing.holder')}>
                    <span data-testid="main-handler">{d.mainHandler ? who(d.mainHandler) : d.finished ? '—' : t('outgoing.pool', { unit: d.unitName })}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('action.co')}>{d.coHandlers.map(who).join('; ') || '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('outgoing.signatures')}>{d.signedBy.map(who).join('; ') || '—'}</Descriptions.Item>
                </Descriptions>
              ),
            },
            { key: 'versions', label: t('outgoing.versionsTab', { count: d.versions.length }), children: <VersionsPanel versions={d.versions} /> },
            { key: 'opinions', label: t('outgoing.opinionsTab', { count: d.opinions.length }), children: <OpinionsPanel opinions={d.opinions} /> },
            {
              key: 'history',
              label: t('document.tabHistory'),
              children: history.error ? (
                <Alert type="error" showIcon title={errorText(history.error, t)} data-testid="history-error" />
              ) : (
                <History entries={serverHistory} />
              ),
            },
          ]}
        />
      </Space>
      {dialog?.kind === 'action' && (
        <OutgoingActionDialog
          documentId={d.id}
          step={d.step}
          spec={dialog.spec}
          mainFile={d.files[0]}
          recipients={d.recipients.length}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
      {dialog?.kind === 'version' && <AddVersionDialog documentId={d.id} onClose={() => setDialog(null)} onDone={() => { setDialog(null); reload(); }} />}
      {dialog?.kind === 'ask' && <RequestOpinionsDialog documentId={d.id} onClose={() => setDialog(null)} onDone={() => done(t('outgoing.opinionsRequested'))} />}
      {dialog?.kind === 'answer' && mine && <GiveOpinionDialog documentId={d.id} request={mine} onClose={() => setDialog(null)} onDone={() => done(t('outgoing.opinionGiven'))} />}
    </div>
  );
}
