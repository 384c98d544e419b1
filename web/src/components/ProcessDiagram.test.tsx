// The diagram as drawn: a box per step with its role titles, ends marked, a labelled arrow
// per pair of steps, returns dashed, dangerous actions red, the legend in the user's language.
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import i18n from '../i18n';
import ProcessDiagram from './ProcessDiagram';
import type { DiagramIn } from '../lib/processLayout';

const t = (from: string, to: string, action: string, title: string, extra: Partial<DiagramIn['transitions'][number]> = {}) => ({
  from, to, action, title, needs: [], effects: [], returns: false, ends: false, danger: false, ...extra,
});

const diagram: DiagramIn = {
  start: 's1',
  steps: [
    { id: 's1', title: 'Step one', roles: ['Role A'], end: false, depth: 0 },
    { id: 's2', title: 'Step two', roles: ['Role B', 'Role C'], end: false, depth: 1 },
    { id: 's3', title: 'Over', roles: [], end: true, depth: 2 },
    { id: 's4', title: 'Thrown out', roles: [], end: true, depth: 1 },
  ],
  transitions: [
    t('s1', 's2', 'a1', 'Go on', { needs: ['note'], effects: ['FILE'] }),
    t('s1', 's4', 'a2', 'Throw out', { danger: true, ends: true }),
    t('s2', 's3', 'a3', 'Close', { ends: true }),
    t('s2', 's1', 'a4', 'Send back', { returns: true }),
  ],
};

describe('ProcessDiagram', () => {
  it('draws the steps with their roles, the ends marked, and the actions as labelled arrows', async () => {
    await i18n.changeLanguage('vi');
    const { container } = render(<I18nextProvider i18n={i18n}><ProcessDiagram diagram={diagram} /></I18nextProvider>);
    const frame = container.querySelector('[data-testid="process-diagram"]') as HTMLElement;
    expect(frame.style.overflowX).toBe('auto');
    const step = (id: string) => container.querySelector(`[data-step="${id}"]`) as SVGGElement;
    expect(step('s2').textContent).toContain('Step two');
    expect(step('s2').textContent).toContain('Role B');
    expect(step('s2').textContent).toContain('Role C');
    expect(step('s3').getAttribute('data-end')).toBe('true');
    expect(step('s1').getAttribute('data-end')).toBeNull();
    // Two rectangles make the end's double border.
    expect(step('s3').querySelectorAll('rect')).toHaveLength(2);
    expect(container.querySelector('[data-action="a3"]')?.textContent).toBe('Close');
    // The return is dashed, the others are not.
    const path = (edge: string) => container.querySelector(`[data-edge="${edge}"] path`) as SVGPathElement;
    expect(path('s2>s1').getAttribute('stroke-dasharray')).toBe('6 4');
    expect(path('s1>s2').getAttribute('stroke-dasharray')).toBeNull();
    // Dangerous: red line and label.
    expect(path('s1>s4').getAttribute('stroke')).toBe('#cf1322');
    expect(container.querySelector('[data-action="a2"]')?.getAttribute('fill')).toBe('#cf1322');
    expect(path('s1>s2').getAttribute('stroke')).not.toBe('#cf1322');
    // What an action needs and does, in words, on hovering it.
    expect(container.querySelector('[data-edge="s1>s2"] title')?.textContent).toBe('Go on (cần ghi chú, lưu hồ sơ)');
    expect(container.textContent).toContain('Trả lại bước trước');
  });

  it('words its legend in Lao', async () => {
    await i18n.changeLanguage('lo');
    const { container } = render(<I18nextProvider i18n={i18n}><ProcessDiagram diagram={diagram} /></I18nextProvider>);
    expect(container.textContent).toContain('ບາດກ້າວເລີ່ມຕົ້ນ');
    await i18n.changeLanguage('vi');
  });
});
