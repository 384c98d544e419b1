// What the browser remembers between visits: the interface language (per user, and the last
// one used for the login screen) and the acting position.
export const LANGS = ['vi', 'en', 'lo'] as const;
export type Lang = (typeof LANGS)[number];

const LANG_KEY = 'chancery.lang';
const POSITION_KEY = 'chancery.position';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null) {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

/** The language to start with: the user's own choice if known, else the last used, else vi. */
export function storedLang(username?: string): Lang {
  const own = username ? read(`${LANG_KEY}.${username}`) : null;
  if (isLang(own)) return own;
  const last = read(LANG_KEY);
  return isLang(last) ? last : 'vi';
}

export function rememberLang(lang: Lang, username?: string) {
  write(LANG_KEY, lang);
  if (username) write(`${LANG_KEY}.${username}`, lang);
}

export function storedPosition(): string | null {
  return read(POSITION_KEY);
}

export function rememberPosition(position: string | null) {
  write(POSITION_KEY, position);
}
