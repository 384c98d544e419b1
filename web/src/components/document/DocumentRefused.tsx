// A document the caller may not open (or that does not exist): the server's reason in the
// user's language, with its stable code, and the way back — never a blank page.
import { Button, Result } from 'antd';
import type { CombinedError } from '@urql/core';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorText, problems } from '../../lib/errors';

export default function DocumentRefused({ error }: { error: CombinedError }) {
  const { t } = useTranslation();
  const first = problems(error)[0];
  const status = first?.code === 'NOT_FOUND' ? '404' : first?.code === 'FORBIDDEN' ? '403' : 'error';
  return (
    <Result
      status={status}
      title={t(first?.code === 'NOT_FOUND' ? 'home.refusedNotFound' : first?.code === 'FORBIDDEN' ? 'home.refusedForbidden' : 'home.refusedOther')}
      subTitle={<span data-testid="document-refused" data-code={first?.code ?? ''} data-reason={first?.reason ?? ''}>{errorText(error, t)}</span>}
      extra={
        <Link to="/home">
          <Button type="primary">{t('home.back')}</Button>
        </Link>
      }
    />
  );
}
