// A wide table's frame: the table scrolls sideways inside it (never the page), and while
// columns lie beyond an edge the frame says so — a line of text and a shadow on that edge —
// instead of clipping them silently. Wraps an antd Table (scroll x) or any element that
// scrolls horizontally.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The element that scrolls sideways: antd's table body, else the frame itself. */
function scroller(frame: HTMLElement): HTMLElement {
  return frame.querySelector<HTMLElement>('.ant-table-content, .ant-table-body, .wide-table-scroll') ?? frame;
}

export default function WideTable({ children, testId }: { children: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const frame = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState({ left: false, right: false });
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    let target = scroller(el);
    const measure = () => {
      target = scroller(el);
      const left = target.scrollLeft > 1;
      const right = target.scrollLeft + target.clientWidth < target.scrollWidth - 1;
      setEdges((e) => (e.left === left && e.right === right ? e : { left, right }));
    };
    measure();
    const onScroll = () => measure();
    el.addEventListener('scroll', onScroll, true);
    const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    resize?.observe(el);
    const mutations = typeof MutationObserver === 'undefined' ? null : new MutationObserver(measure);
    mutations?.observe(el, { childList: true, subtree: true });
    return () => {
      el.removeEventListener('scroll', onScroll, true);
      resize?.disconnect();
      mutations?.disconnect();
    };
  }, []);
  const cls = ['wide-table', edges.left ? 'more-left' : '', edges.right ? 'more-right' : ''].filter(Boolean).join(' ');
  return (
    <div className={cls} ref={frame} data-testid={testId}>
      {(edges.left || edges.right) && (
        <div className="wide-table-cue" role="note" data-testid="scroll-cue">{t('books.scrollCue')}</div>
      )}
      {children}
    </div>
  );
}
