// A process drawn as plain SVG from the API's `ProcessDiagram` (laid out by
// lib/processLayout): steps as boxes in columns from the start at the left, with the titles
// of the roles acting there; ends drawn with a double border; actions as labelled arrows —
// dashed when they go back nearer the start, red when they end a process without completing
// it or re-open one. Wider than the screen, it scrolls inside its own frame. Nothing here
// names a process, step or action: every word comes from the API.
import { useId, useMemo } from 'react';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LABEL_LINE, ROLE_LINE, TITLE_LINE, layoutDiagram, type DiagramIn, type EdgeLayout } from '../lib/processLayout';

const INK = '#1f2937';
const LINE = '#64748b';
const DANGER = '#cf1322';
const START = '#1677ff';

function edgeTitle(e: EdgeLayout, t: (k: string, o?: Record<string, unknown>) => string): string {
  return e.labels
    .map((l) => {
      const needs = l.needs.map((n) => t(`processes.need.${n.toLowerCase()}`, { defaultValue: n }));
      const effects = l.effects.map((x) => t(`processes.effect.${x}`, { defaultValue: x }));
      const extra = [...needs, ...effects];
      return extra.length > 0 ? `${l.title} (${extra.join(', ')})` : l.title;
    })
    .join('\n');
}

export default function ProcessDiagram({ diagram, testId = 'process-diagram' }: { diagram: DiagramIn; testId?: string }) {
  const { t } = useTranslation();
  const layout = useMemo(() => layoutDiagram(diagram), [diagram]);
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const arrow = `arrow-${id}`;
  const arrowDanger = `arrow-danger-${id}`;
  return (
    <div>
      <div data-testid={testId} style={{ overflowX: 'auto', maxWidth: '100%', border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }}>
        <svg width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label={t('processes.diagram')} style={{ display: 'block', fontFamily: 'inherit' }}>
          <defs>
            <marker id={arrow} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill={LINE} />
            </marker>
            <marker id={arrowDanger} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" fill={DANGER} />
            </marker>
          </defs>
          {layout.edges.map((e) => (
            <g key={e.key} data-edge={`${e.from}>${e.to}`} data-returns={e.returns ? 'true' : undefined}>
              <title>{edgeTitle(e, t)}</title>
              <path d={e.path} fill="none" stroke={e.danger ? DANGER : LINE} strokeWidth={1.4} strokeDasharray={e.returns ? '6 4' : undefined} markerEnd={`url(#${e.danger ? arrowDanger : arrow})`} />
            </g>
          ))}
          {layout.boxes.map((b) => (
            <g key={b.id} data-step={b.id} data-end={b.end ? 'true' : undefined}>
              <title>{[b.title, ...b.roles].join('\n')}</title>
              <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={8} fill={b.end ? '#f5f5f5' : '#fff'} stroke={b.start ? START : INK} strokeWidth={b.start ? 2.2 : 1.2} />
              {b.end && <rect x={b.x + 3} y={b.y + 3} width={b.w - 6} height={b.h - 6} rx={6} fill="none" stroke={INK} strokeWidth={1} />}
              {b.titleLines.map((line, i) => (
                <text key={`t${i}`} x={b.x + b.w / 2} y={b.y + 8 + TITLE_LINE * (i + 1) - 4} textAnchor="middle" fontSize={12.5} fontWeight={600} fill={INK}>{line}</text>
              ))}
              {b.roleLines.map((line, i) => (
                <text key={`r${i}`} x={b.x + b.w / 2} y={b.y + 8 + TITLE_LINE * b.titleLines.length + 4 + ROLE_LINE * (i + 1) - 3} textAnchor="middle" fontSize={11} fill="#595959">{line}</text>
              ))}
            </g>
          ))}
          {layout.edges.map((e) => {
            let line = 0;
            return (
              <g key={`l-${e.key}`} data-edge-label={`${e.from}>${e.to}`}>
                <title>{edgeTitle(e, t)}</title>
                {e.labels.flatMap((l) =>
                  l.lines.map((text, i) => {
                    const y = e.labelY + LABEL_LINE * line;
                    line += 1;
                    return (
                      <text key={`${l.action}-${i}`} data-action={i === 0 ? l.action : undefined} x={e.labelX} y={y} textAnchor="middle" fontSize={11} fill={l.danger ? DANGER : '#262626'}
                        stroke="#fff" strokeWidth={3} paintOrder="stroke" strokeLinejoin="round">{text}</text>
                    );
                  }),
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <Space size="middle" wrap style={{ marginTop: 6, fontSize: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}><span style={{ display: 'inline-block', width: 14, height: 10, border: `2px solid ${START}`, borderRadius: 3, marginRight: 4 }} />{t('processes.legend.start')}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}><span style={{ display: 'inline-block', width: 14, height: 10, border: `3px double ${INK}`, borderRadius: 3, marginRight: 4 }} />{t('processes.legend.end')}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}><span style={{ display: 'inline-block', width: 20, borderTop: `2px dashed ${LINE}`, marginRight: 4, verticalAlign: 'middle' }} />{t('processes.legend.returns')}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}><span style={{ display: 'inline-block', width: 20, borderTop: `2px solid ${DANGER}`, marginRight: 4, verticalAlign: 'middle' }} />{t('processes.legend.danger')}</Typography.Text>
      </Space>
    </div>
  );
}
