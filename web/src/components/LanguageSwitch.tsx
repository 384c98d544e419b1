// The interface language: switched at once, and — once logged in — kept with the account
// (`chooseLanguage`), so the person finds it again on any device; on the login screen only
// this browser remembers it.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { CHOOSE_LANGUAGE, ME, useSession } from '../session';
import { LANGS, type Lang } from '../lib/prefs';

/** Each language named in itself (the same in every interface language). */
const NAMES: Record<Lang, string> = { vi: 'Tiếng Việt', en: 'English', lo: 'ພາສາລາວ' };

export default function LanguageSwitch() {
  const { lang, setLang } = useSession();
  const { t } = useTranslation();
  const [, choose] = useMutation(CHOOSE_LANGUAGE);
  // Logged in when the caller is known (the login screen has no `me`).
  const [{ data }] = useQuery({ query: ME, requestPolicy: 'cache-only' });
  const change = (next: Lang) => {
    setLang(next);
    if (data?.me && next !== data.me.preferredLanguage) {
      void choose({ language: next.toUpperCase() as 'VI' | 'EN' | 'LO' }, { additionalTypenames: ['Me'] });
    }
  };
  return (
    <Select
      aria-label={t('shell.language')}
      data-testid="language"
      value={lang}
      onChange={change}
      options={LANGS.map((l) => ({ value: l, label: NAMES[l] }))}
      style={{ width: 130 }}
      popupMatchSelectWidth={false}
    />
  );
}
