import { describe, expect, it, vi as vitest } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { Client, Provider } from 'urql';
import { fromValue, never } from 'wonka';
import i18n from '../i18n';
import LoginForm, { loginProblems } from './LoginForm';
import ListTable from './ListTable';

function client(executeMutation: (...args: never[]) => unknown) {
  return { executeQuery: () => never, executeMutation, executeSubscription: () => never } as unknown as Client;
}

describe('login form', () => {
  it('tells each missing or malformed value', async () => {
    await i18n.changeLanguage('vi');
    const t = i18n.t.bind(i18n) as (k: string) => string;
    expect(loginProblems({ username: ' ', password: '', totpCode: '' }, { username: true, code: false }, t)).toEqual({
      username: 'Hãy nhập tên đăng nhập',
      password: 'Hãy nhập mật khẩu',
    });
    expect(loginProblems({ username: '', password: 'x', totpCode: '12a' }, { username: false, code: true }, t)).toEqual({
      totpCode: 'Nhập 6 chữ số do ứng dụng xác thực hiển thị',
    });
    expect(loginProblems({ username: 'a', password: 'x', totpCode: '' }, { username: true, code: false }, t)).toEqual({});
  });

  it('marks the empty fields under their labels without asking the server, then logs in', async () => {
    await i18n.changeLanguage('en');
    const mutate = vitest.fn(() =>
      fromValue({ data: { login: { mustChangePassword: false, expiresAt: '', person: { id: '1', username: 'an' } } } }),
    );
    const done = vitest.fn();
    render(
      <I18nextProvider i18n={i18n}>
        <Provider value={client(mutate)}>
          <LoginForm onDone={done} />
        </Provider>
      </I18nextProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    const username = screen.getByLabelText('Username');
    expect(username.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(username.getAttribute('aria-describedby')!)?.textContent).toBe('Enter your username');
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Enter your username', 'Enter your password']);
    expect(mutate).not.toHaveBeenCalled();
    // Corrected: the mark goes as the value comes.
    fireEvent.change(username, { target: { value: 'an' } });
    expect(username.getAttribute('aria-invalid')).toBeNull();
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    fireEvent.submit(document.getElementById('login')!);
    await vitest.waitFor(() => expect(done).toHaveBeenCalledWith({ mustChangePassword: false, username: 'an' }));
    expect(mutate).toHaveBeenCalledTimes(1);
    await i18n.changeLanguage('vi');
  });

  it('always offers the authenticator code and sends it with the password', async () => {
    await i18n.changeLanguage('en');
    const mutate = vitest.fn((_op: { variables: { input: { totpCode: string | null } } }) =>
      fromValue({ data: { login: { mustChangePassword: false, expiresAt: '', person: { id: '1', username: 'an' } } } }),
    );
    const done = vitest.fn();
    render(
      <I18nextProvider i18n={i18n}>
        <Provider value={client(mutate)}>
          <LoginForm onDone={done} />
        </Provider>
      </I18nextProvider>,
    );
    // Shown before any answer: the server never tells which accounts have a second factor.
    const code = screen.getByLabelText('Authenticator code (only if your account uses an authenticator app)');
    expect(code.getAttribute('aria-required')).toBe('false');
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'an' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    fireEvent.change(code, { target: { value: '12a' } });
    fireEvent.submit(document.getElementById('login')!);
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Enter the 6 digits shown by your authenticator app']);
    expect(mutate).not.toHaveBeenCalled();
    fireEvent.change(code, { target: { value: '123456' } });
    fireEvent.submit(document.getElementById('login')!);
    await vitest.waitFor(() => expect(done).toHaveBeenCalled());
    expect(mutate.mock.calls[0][0].variables.input.totpCode).toBe('123456');
    await i18n.changeLanguage('vi');
  });
});

describe('list table', () => {
  it('has column headers, hides narrow-screen columns by class, and says when empty', () => {
    const columns = [
      { key: 'a', title: 'A', render: (r: { a: string }) => r.a },
      { key: 'b', title: 'B', responsive: 'md' as const, render: (r: { a: string }) => r.a.toUpperCase() },
    ];
    const { container, rerender } = render(<ListTable rows={[{ a: 'x' }]} columns={columns} rowKey={(r) => r.a} empty="none" />);
    expect([...container.querySelectorAll('th[scope="col"]')].map((th) => th.textContent)).toEqual(['A', 'B']);
    expect(container.querySelector('td.list-table-from-md')?.textContent).toBe('X');
    rerender(<ListTable rows={[]} columns={columns} rowKey={(r) => r.a} empty="none" />);
    expect(container.querySelector('.list-table-empty')?.textContent).toBe('none');
  });
});
