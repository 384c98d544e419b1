import { useState } from 'react';
import { describe, expect, it, vi as vitest } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Client, Provider } from 'urql';
import { never } from 'wonka';
import i18n from '../i18n';
import UnitPicker from './UnitPicker';

type Vars = { parentId?: string | null; after?: string | null; text?: string };

const unit = (id: string, name: string, kind = 'UNIT', parentId: string | null = null) => ({ id, name, kind, parentId });

/** A server with a top level of two pages, empty levels below, and one unit deep down that
 * only a search finds. */
function server() {
  const asked: Vars[] = [];
  const answer = (vars: Vars) => {
    if (vars.text !== undefined) {
      const hits = /ban/i.test(vars.text) ? [{ id: 'ban', name: 'Ban Tổ chức', kind: 'DEPARTMENT', path: ['Bộ Nội vụ', 'Vụ Tổ chức cán bộ'] }] : [];
      return { data: { units: { nodes: hits } } };
    }
    if (vars.parentId === null && !vars.after) {
      return { data: { units: { nodes: [unit('bnv', 'Bộ Nội vụ', 'AGENCY')], pageInfo: { hasNextPage: true, endCursor: 'c1' } } } };
    }
    if (vars.parentId === null && vars.after === 'c1') {
      return { data: { units: { nodes: [unit('stp', 'Sở Tư pháp', 'AGENCY')], pageInfo: { hasNextPage: false, endCursor: 'c2' } } } };
    }
    return { data: { units: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } };
  };
  const query = vitest.fn((_doc: unknown, vars: Vars) => {
    asked.push(vars);
    return { toPromise: () => Promise.resolve(answer(vars)) };
  });
  const client = { query, executeQuery: () => never, executeMutation: () => never, executeSubscription: () => never } as unknown as Client;
  return { client, asked };
}

/** A form field holding the chosen units. */
function Field({ changed }: { changed: (v: string[]) => void }) {
  const [value, setValue] = useState<string[]>([]);
  return (
    <UnitPicker
      value={value}
      onChange={(v) => {
        setValue(v as string[]);
        changed(v as string[]);
      }}
    />
  );
}

describe('unit picker', () => {
  it('reads every page of a level, and finds a unit of an unopened branch by typing without accents', async () => {
    await i18n.changeLanguage('vi');
    const { client, asked } = server();
    const changed = vitest.fn();
    render(
      <I18nextProvider i18n={i18n}>
        <Provider value={client}>
          <Field changed={changed} />
        </Provider>
      </I18nextProvider>,
    );
    // The top level's second page, then the level under each agency.
    await waitFor(() => expect(asked).toContainEqual({ parentId: 'stp', after: null }));
    expect(asked).toContainEqual({ parentId: null, after: 'c1' });
    expect(asked).toContainEqual({ parentId: 'bnv', after: null });

    // Typing quickly asks the server once, for what was typed last.
    const input = screen.getByRole('combobox');
    fireEvent.mouseDown(input);
    for (const typed of ['b', 'ba', 'ban', 'ban to chuc']) fireEvent.change(input, { target: { value: typed } });
    await screen.findByText('Bộ Nội vụ › Vụ Tổ chức cán bộ');
    expect(asked.filter((v) => v.text !== undefined)).toEqual([{ text: 'ban to chuc' }]);

    // Picked from the results: the search is cleared, and the field shows the unit's name
    // though the tree around it never loaded.
    fireEvent.click(screen.getByText('Ban Tổ chức'));
    expect(changed).toHaveBeenCalledWith(['ban']);
    await waitFor(() => expect(screen.queryByText('Bộ Nội vụ › Vụ Tổ chức cán bộ')).toBeNull());
    expect(document.querySelector('.ant-select-selection-item')?.textContent).toBe('Ban Tổ chức');
  });

  it('says when nothing is found', async () => {
    await i18n.changeLanguage('en');
    const { client } = server();
    render(
      <I18nextProvider i18n={i18n}>
        <Provider value={client}>
          <UnitPicker />
        </Provider>
      </I18nextProvider>,
    );
    const input = screen.getByRole('combobox');
    fireEvent.mouseDown(input);
    fireEvent.change(input, { target: { value: 'tài chính' } });
    await screen.findByText('No unit found');
    await i18n.changeLanguage('vi');
  });
});
