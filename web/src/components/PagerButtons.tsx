import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PagerAction, PagerState } from '../lib/pager';

export default function PagerButtons({
  state,
  dispatch,
  hasNext,
  endCursor,
}: {
  state: PagerState;
  dispatch: (a: PagerAction) => void;
  hasNext: boolean;
  endCursor: string | null | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Space style={{ marginTop: 12 }}>
      <Button disabled={state.index === 0} onClick={() => dispatch({ type: 'prev' })}>{t('common.previous')}</Button>
      <span>{t('common.page', { n: state.index + 1 })}</span>
      <Button disabled={!hasNext} onClick={() => dispatch({ type: 'next', endCursor })} data-testid="next-page">{t('common.next')}</Button>
    </Space>
  );
}
