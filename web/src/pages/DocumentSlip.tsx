// A document's printable slips: the processing slip (phiếu xử lý văn bản đến, after Decree 30
// Appendix IV's routing slip: the document, the directions given, who was assigned what by
// when, and the flow) and the submission slip (phiếu trình: the document put before the
// leader, the proposal, room for the leader's opinion). Printed from the browser; everything
// on them comes from the API, worded from the language files.
import { useParams } from 'react-router';
import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { errorText } from '../lib/errors';
import { formatDate, formatDateTime } from '../lib/format';
import { buildFlow, type FlowNode } from '../lib/flow';
import { entryLabel } from '../components/History';

const SLIP = graphql(`
  query DocumentSlip($id: ID!) {
    document(id: $id) {
      id unitName processTitle stepTitle
      metadata { issuingBody numberNotation documentDate documentTypeName summary urgencyName confidentialityName deadline pageCount signerName }
      arrival { registerName year number }
      mainHandler { positionId personName title unitName }
      coHandlers { positionId personName title unitName }
      workItems { holder { positionId personName title unitName } kind state deadline }
    }
    documentHistory(documentId: $id, first: 500) {
      nodes {
        position recordedAt eventType action actionTitle note deadline
        actor { positionId personName title unitName }
        sentTo { kind unitName position { positionId personName title unitName } }
      }
    }
  }
`);

/** Every node of the flow but its roots, in the order they were sent. */
function sendings(roots: FlowNode[]): FlowNode[] {
  const out: FlowNode[] = [];
  const walk = (n: FlowNode) => {
    if (n.kind !== 'START') out.push(n);
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
}

const who = (p: { personName: string; title: string; unitName: string } | null | undefined) => (p ? `${p.personName} (${p.title}, ${p.unitName})` : '');

export default function DocumentSlip() {
  const { t } = useTranslation();
  const { id = '', slip = 'processing' } = useParams();
  const [{ data, error }] = useQuery({ query: SLIP, variables: { id }, requestPolicy: 'network-only' });
  if (error) return <Alert type="error" showIcon title={errorText(error, t)} style={{ margin: 24 }} />;
  if (!data) return <Spin style={{ display: 'block', margin: 48 }} />;
  const d = data.document;
  const m = d.metadata;
  const flow = buildFlow(data.documentHistory.nodes, (e) => entryLabel(e, t));
  const sent = sendings(flow);
  const directions = sent.filter((n) => n.note && n.kind !== 'INFO' && n.kind !== 'CO');
  const submission = slip === 'submission';
  // The submission: the first sending (to the leader, usually), its proposal.
  const submitted = sent[0];
  return (
    <div className="print-slip" data-testid="slip" data-slip={submission ? 'submission' : 'processing'}>
      <div className="no-print" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => window.print()} data-testid="slip-print">{t('home.print')}</Button>
      </div>
      <table className="slip-head">
        <tbody>
          <tr>
            <td><strong>{d.unitName.toUpperCase()}</strong></td>
            <td style={{ textAlign: 'right' }}>{t('home.slipPrinted', { date: formatDate(new Date().toISOString()) })}</td>
          </tr>
        </tbody>
      </table>
      <h2 className="slip-title">{submission ? t('home.submissionSlip') : t('home.processingSlip')}</h2>
      <table className="slip-fields">
        <tbody>
          <tr><th>{t('document.arrivalNumber')}</th><td>{d.arrival ? `${d.arrival.number} — ${d.arrival.registerName}` : '—'}</td></tr>
          <tr><th>{t('document.issuingBody')}</th><td>{m.issuingBody}</td></tr>
          <tr><th>{t('document.numberNotation')}</th><td>{m.numberNotation}</td></tr>
          <tr><th>{t('document.documentDate')}</th><td>{formatDate(m.documentDate)}</td></tr>
          <tr><th>{t('document.documentType')}</th><td>{m.documentTypeName}</td></tr>
          <tr><th>{t('document.summary')}</th><td data-testid="slip-summary">{m.summary}</td></tr>
          <tr><th>{t('document.urgency')} / {t('document.confidentiality')}</th><td>{m.urgencyName} / {m.confidentialityName}</td></tr>
          <tr><th>{t('home.printedDeadline')}</th><td>{m.deadline ? formatDate(m.deadline) : '—'}</td></tr>
        </tbody>
      </table>
      {submission ? (
        <>
          <h3>{t('home.submittedTo')}</h3>
          <p>{submitted ? who(submitted.position) : '—'}</p>
          <h3>{t('home.proposal')}</h3>
          <p data-testid="slip-proposal">{submitted?.note ? `${who(submitted.from)}: “${submitted.note}”` : '—'}</p>
          <h3>{t('home.leaderOpinion')}</h3>
          <div className="slip-blank" />
        </>
      ) : (
        <>
          <h3>{t('home.directions')}</h3>
          {directions.length === 0 ? <p>—</p> : directions.map((n) => (
            <p key={n.key} data-testid="slip-direction">
              <strong>{who(n.from)}</strong>, {formatDateTime(n.at)}: “{n.note}”{n.deadline ? ` — ${t('document.deadline')}: ${formatDate(n.deadline)}` : ''}
            </p>
          ))}
          <h3>{t('home.assigned')}</h3>
          <p>{t('home.flowKind.main')}: {who(d.mainHandler) || '—'}</p>
          <p>{t('home.flowKind.co')}: {d.coHandlers.map(who).join('; ') || '—'}</p>
          <h3>{t('home.flow')}</h3>
          <table className="slip-flow">
            <thead>
              <tr><th>{t('home.slipWhen')}</th><th>{t('home.slipFrom')}</th><th>{t('home.slipTo')}</th><th>{t('home.slipAction')}</th><th>{t('document.deadline')}</th><th>{t('document.notes')}</th></tr>
            </thead>
            <tbody>
              {sent.map((n) => (
                <tr key={n.key} data-testid="slip-flow-row">
                  <td>{formatDateTime(n.at)}</td>
                  <td>{who(n.from)}</td>
                  <td>{n.position ? who(n.position) : n.unitName} ({t(`home.flowKind.${n.kind.toLowerCase()}`)})</td>
                  <td>{n.actionTitle ?? ''}</td>
                  <td>{n.deadline ? formatDate(n.deadline) : ''}</td>
                  <td>{n.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('home.handlerOpinion')}</h3>
          <div className="slip-blank" />
        </>
      )}
    </div>
  );
}
