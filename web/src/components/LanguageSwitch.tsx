import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session';
import { LANGS, type Lang } from '../lib/prefs';

const NAMES: Record<Lang, string> = { vi: 'Tiếng Việt', en: 'English', lo: 'ພາສາລາວ' };

export default function LanguageSwitch() {
  const { lang, setLang } = useSession();
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t('shell.language')}
      data-testid="language"
      value={lang}
      onChange={(v: Lang) => setLang(v)}
      options={LANGS.map((l) => ({ value: l, label: NAMES[l] }))}
      style={{ width: 130 }}
      popupMatchSelectWidth={false}
    />
  );
}
