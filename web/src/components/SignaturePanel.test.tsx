import { afterEach, beforeEach, describe, expect, it, vi as vitest } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Client, Provider } from 'urql';
import { never } from 'wonka';
import i18n from '../i18n';
import { a4Pdf } from '../../e2e/pdf.mjs';
import SignaturePanel, { type Placement } from './SignaturePanel';

// No canvas here: the page stays an outline, drawn on the PDF's own size (A4).
vitest.mock('../lib/pdfRender', () => ({ renderLastPage: () => Promise.reject(new Error('no canvas')) }));

const client = { executeQuery: () => never, executeMutation: () => never, executeSubscription: () => never } as unknown as Client;

describe('the signature box', () => {
  beforeEach(() => {
    vitest.stubGlobal('fetch', () => Promise.resolve(new Response(a4Pdf('Du thao') as Uint8Array<ArrayBuffer>)));
  });
  afterEach(() => vitest.unstubAllGlobals());

  it('is focusable, labelled with its instructions, and moves with the arrow keys within the page', async () => {
    await i18n.changeLanguage('en');
    const placements: (Placement | null)[] = [];
    render(
      <I18nextProvider i18n={i18n}>
        <Provider value={client}>
          <SignaturePanel
            file={{ url: '/files/1', name: 'du-thao.pdf', mediaType: 'application/pdf' }}
            personId="p1"
            keyId={undefined}
            onKeyChange={() => {}}
            onPlacementChange={(p) => placements.push(p)}
          />
        </Provider>
      </I18nextProvider>,
    );
    const box = await screen.findByRole('application', { name: 'Digital signature' });
    expect(box.tabIndex).toBe(0);
    expect(box.getAttribute('aria-roledescription')).toBe('movable signature box');
    const hint = document.getElementById(box.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toContain('arrow keys: 5 pt a press, 50 pt with Shift held');
    // The server's default place on A4: x 340, y 120, 170 × 70 points.
    expect([box.dataset.x, box.dataset.y]).toEqual(['340', '120']);

    box.focus();
    expect(document.activeElement).toBe(box);
    act(() => {
      fireEvent.keyDown(box, { key: 'ArrowLeft' });
    });
    expect(box.dataset.x).toBe('335');
    act(() => {
      fireEvent.keyDown(box, { key: 'ArrowUp', shiftKey: true });
    });
    expect(box.dataset.y).toBe('170');
    act(() => {
      fireEvent.keyDown(box, { key: 'ArrowDown' });
    });
    expect(box.dataset.y).toBe('165');
    // The new place is announced, and is the one the dialog will send.
    expect(screen.getByTestId('sign-position').getAttribute('aria-live')).toBe('polite');
    expect(screen.getByTestId('sign-position').textContent).toBe('x 335, y 165 — 170 × 70 pt (from the bottom left)');
    expect(placements.at(-1)).toEqual({ x: 335, y: 165, width: 170, height: 70 });

    // It stays on the page: far right stops at the page's edge (595 − 170).
    for (let i = 0; i < 10; i += 1) {
      act(() => {
        fireEvent.keyDown(box, { key: 'ArrowRight', shiftKey: true });
      });
    }
    expect(box.dataset.x).toBe('425');
    // Other keys are left alone (Tab moves on).
    const tab = fireEvent.keyDown(box, { key: 'Tab' });
    expect(tab).toBe(true);
    await i18n.changeLanguage('vi');
  });
});
