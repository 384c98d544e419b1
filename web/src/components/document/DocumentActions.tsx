// The buttons of the actions `availableActions` offers on an incoming document: sending it on
// is the primary action; acting in place, returning, ending and dangerous ones are secondary, and an action
// that cannot be undone (it ends the process, or is dangerous) asks for confirmation before
// its dialog opens. Nothing here names an action: the API's facts decide.
import { Button, Popconfirm, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { documentActionStyle, orderActions, type ActionLook } from '../../lib/documentActions';

export default function DocumentActions<A extends ActionLook & { action: string; title: string; toStepTitle?: string | null }>({
  actions,
  step,
  onChoose,
}: {
  actions: A[];
  /** The document's current step (an action staying there is done in place). */
  step: string;
  onChoose: (a: A) => void;
}) {
  const { t } = useTranslation();
  if (actions.length === 0) return <Typography.Text type="secondary" data-testid="no-actions">{t('document.noActions')}</Typography.Text>;
  return (
    <Space wrap>
      {orderActions(actions, step).map((a) => {
        const look = documentActionStyle(a, step);
        const button = (
          <Button
            key={a.action}
            data-action={a.action}
            data-confirm={look.confirm ? '1' : undefined}
            title={a.toStepTitle ?? undefined}
            type={look.primary ? 'primary' : 'default'}
            danger={look.danger}
            onClick={look.confirm ? undefined : () => onChoose(a)}
          >
            {a.title}
          </Button>
        );
        if (!look.confirm) return button;
        return (
          <Popconfirm
            key={a.action}
            title={a.title}
            description={t(a.danger ? 'home.confirmDanger' : 'home.confirmEnds')}
            okText={t('home.confirmOk')}
            cancelText={t('home.confirmCancel')}
            okButtonProps={{ 'data-testid': 'confirm-ok', danger: a.danger } as { danger: boolean }}
            onConfirm={() => onChoose(a)}
          >
            {button}
          </Popconfirm>
        );
      })}
    </Space>
  );
}
