import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { Client, Provider, type Operation } from 'urql';
import { fromValue, never } from 'wonka';
import i18n from '../i18n';
import AuditLog, { eventLabel, whoActed } from './AuditLog';

const DEPUTY = { personId: 'p-deputy', name: 'Phó Văn Thay' };
const HEAD = { personId: 'p-head', name: 'Lê Văn Trưởng' };

const row = (position: string, extra: Record<string, unknown>) => ({
  position,
  recordedAt: '2026-12-07T08:30:00Z',
  eventType: 'document.action-taken',
  documentId: '0193aaaa-0000-7000-8000-000000000001',
  documentKind: 'INCOMING',
  withheld: false,
  authority: null,
  unitName: 'Vụ Tổ chức cán bộ',
  actedBy: DEPUTY,
  onBehalfOf: null,
  actorPosition: { title: 'Vụ trưởng' },
  ...extra,
});

/** A server answering the audit log with two pages; records the variables asked. */
function server() {
  const asked: Record<string, unknown>[] = [];
  const answer = (op: Operation) => {
    const name = op.query.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value;
    if (name !== 'AuditLog') return never;
    const vars = op.variables as Record<string, unknown>;
    asked.push(vars);
    const nodes = vars.after
      ? [row('5', { eventType: 'organisation.delegation-granted', documentId: null, documentKind: null, actedBy: { personId: 'p-admin', name: 'Quản Trị Viên' } })]
      : [
          row('9', { authority: 'KT.', onBehalfOf: HEAD }),
          row('8', { eventType: 'document.received', withheld: true, actedBy: { personId: 'p-clerk', name: 'Văn Thư Bộ' } }),
        ];
    return fromValue({
      operation: op,
      data: { auditLog: { pageInfo: { hasNextPage: !vars.after, endCursor: vars.after ? 'c2' : 'c1' }, nodes } },
      stale: false,
      hasNext: false,
    });
  };
  // The unit picker reads the tree's top level (empty here) with one-off queries.
  const query = () => ({ toPromise: () => Promise.resolve({ data: { units: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } }) });
  const client = { query, executeQuery: answer, executeMutation: () => never, executeSubscription: () => never } as unknown as Client;
  return { client, asked };
}

describe('the audit log screen', () => {
  it('names the deputy and the head, withholds confidential rows, words events and pages on', async () => {
    await i18n.changeLanguage('vi');
    const { client, asked } = server();
    const { container } = render(
      <I18nextProvider i18n={i18n}>
        <Provider value={client}>
          <MemoryRouter initialEntries={['/activity']}>
            <AuditLog />
          </MemoryRouter>
        </Provider>
      </I18nextProvider>,
    );
    await waitFor(() => expect(screen.getAllByTestId('audit-who')).toHaveLength(2));
    const who = screen.getAllByTestId('audit-who').map((e) => e.textContent);
    expect(who[0]).toContain('Phó Văn Thay thay mặt Lê Văn Trưởng (KT.)');
    expect(who[1]).toContain('Văn Thư Bộ');
    expect(screen.getAllByTestId('audit-withheld')).toHaveLength(1);
    expect(screen.getByText('Xử lý')).toBeTruthy();
    expect(screen.getByText('Tiếp nhận')).toBeTruthy();
    // No internal codes on screen: neither event types nor ids.
    const text = container.textContent ?? '';
    expect(text).not.toMatch(/document\.|action-taken|0193aaaa|p-deputy/);
    // The first page asks for the newest rows with no filter set.
    expect(asked[0]).toMatchObject({ after: null, filter: { personId: null, unitId: null, category: null, documentId: null, from: null, to: null } });

    fireEvent.click(screen.getByTestId('next-page'));
    await waitFor(() => expect(screen.getByText('Ủy quyền')).toBeTruthy());
    expect(asked[asked.length - 1]).toMatchObject({ after: 'c1' });
    expect(screen.getAllByTestId('audit-who')[0].textContent).toContain('Quản Trị Viên');
  });

  it('filters by the document a link names', async () => {
    await i18n.changeLanguage('en');
    const { client, asked } = server();
    render(
      <I18nextProvider i18n={i18n}>
        <Provider value={client}>
          <MemoryRouter initialEntries={['/activity?document=d-1']}>
            <AuditLog />
          </MemoryRouter>
        </Provider>
      </I18nextProvider>,
    );
    await waitFor(() => expect(asked.length).toBeGreaterThan(0));
    expect(asked[0]).toMatchObject({ filter: { documentId: 'd-1' } });
    await waitFor(() => expect(screen.getAllByTestId('audit-who')[0].textContent).toContain('Phó Văn Thay on behalf of Lê Văn Trưởng (KT.)'));
  });

  it('words every event in every language, and an unknown one by its area', () => {
    const t = i18n.getFixedT('lo');
    expect(eventLabel('outgoing.issued', t)).toBe('ອອກເອກະສານ');
    expect(eventLabel('outgoing.some-future-event', t)).toBe('ເອກະສານອອກ');
    expect(eventLabel('unheard.of', t)).toBe('ລະບົບ');
    const en = i18n.getFixedT('en');
    expect(whoActed({ actedBy: DEPUTY, onBehalfOf: HEAD, authority: 'TUQ.' }, en)).toBe('Phó Văn Thay on behalf of Lê Văn Trưởng (TUQ.)');
    expect(whoActed({ actedBy: null, onBehalfOf: null, authority: null }, en)).toBe('System');
  });
});
