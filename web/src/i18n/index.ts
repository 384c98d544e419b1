// i18next with the three interface languages. Vietnamese (the default) is in the first
// load; English and Lao (with antd's Lao locale) load when chosen.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import type { Locale } from 'antd/es/locale';
import vi from './vi';
import { type Lang, storedLang } from '../lib/prefs';

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi } },
  lng: 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
});

i18n.on('languageChanged', (lng) => dayjs.locale(lng));
dayjs.locale('vi');

let loLocale: Locale | null = null;

/** Loads a language's texts (and its antd and dayjs locales) once. */
export async function loadLanguage(lang: Lang): Promise<void> {
  if (lang === 'en' && !i18n.hasResourceBundle('en', 'translation')) {
    const en = await import('./en');
    i18n.addResourceBundle('en', 'translation', en.default);
  }
  if (lang === 'lo' && !i18n.hasResourceBundle('lo', 'translation')) {
    const [lo, antd] = await Promise.all([import('./lo'), import('./antd-lo'), import('dayjs/locale/lo')]);
    i18n.addResourceBundle('lo', 'translation', lo.default);
    loLocale = antd.default;
  }
}

/** antd's locale for a language loaded by `loadLanguage`. */
export function antdLocale(lang: Lang): Locale | undefined {
  return lang === 'lo' ? (loLocale ?? undefined) : undefined;
}

/** Loads and switches to the remembered language before the first render. */
export const ready: Promise<void> = (async () => {
  const lang = storedLang();
  await loadLanguage(lang);
  await i18n.changeLanguage(lang);
})();

export default i18n;
