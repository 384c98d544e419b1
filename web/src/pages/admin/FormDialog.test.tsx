import { describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { App, Form, Input } from 'antd';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import i18n from '../../i18n';
import FormDialog, { type Outcome } from './FormDialog';

function Harness({ submit, onDone }: { submit: (v: { code: string; name: string }) => Promise<Outcome>; onDone: () => void }) {
  const [form] = Form.useForm<{ code: string; name: string }>();
  return (
    <FormDialog<{ code: string; name: string }> title="Test" name="t" form={form} testId="t-submit" okText="Send" fields={['code', 'name']}
      aliases={{ names: 'name' }} initialValues={{ code: 'den', name: 'Sổ đến' }} submit={submit} success="Done" onDone={onDone} onClose={() => {}}>
      <Form.Item name="code" label="Code"><Input /></Form.Item>
      <Form.Item name="name" label="Name"><Input /></Form.Item>
    </FormDialog>
  );
}

const mount = (node: React.ReactNode) => render(<I18nextProvider i18n={i18n}><App>{node}</App></I18nextProvider>);

describe('administration form dialog', () => {
  it('keeps what was typed when refused, with the errors beside their fields and above the form', async () => {
    await i18n.changeLanguage('en');
    const refusal = new CombinedError({
      graphQLErrors: [
        new GraphQLError('This code is already used.', { extensions: { code: 'CONFLICT', field: 'code', reason: 'DUPLICATE_CODE', detail: 'dup' } }),
        new GraphQLError('Someone changed the same data at the same moment. Try again.', { extensions: { code: 'CONFLICT', reason: 'CONTENDED', detail: 'x' } }),
      ],
    });
    const submit = vi.fn(async () => ({ error: refusal }));
    const onDone = vi.fn();
    mount(<Harness submit={submit} onDone={onDone} />);
    const code = (await screen.findByLabelText('Code')) as HTMLInputElement;
    fireEvent.change(code, { target: { value: 'di' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('t-submit'));
    });
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ code: 'di', name: 'Sổ đến' }));
    await screen.findByText('This code is already used.');
    expect((await screen.findByTestId('t-submit-error')).textContent).toContain('Someone changed the same data');
    expect(code.value).toBe('di');
    expect(onDone).not.toHaveBeenCalled();
  });

  it('says so and hands over once the request succeeds', async () => {
    const submit = vi.fn(async () => ({ data: { defineRegister: { id: 'r1' } } }));
    const onDone = vi.fn();
    mount(<Harness submit={submit} onDone={onDone} />);
    await screen.findByLabelText('Code');
    await act(async () => {
      fireEvent.click(screen.getByTestId('t-submit'));
    });
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    await screen.findByText('Done');
    await i18n.changeLanguage('vi');
  });
});
