// The session: the urql client (rebuilt when the language or acting position changes, so
// every request carries them), the caller (`me`), and whether the session has expired while
// a page was open (then a login dialog opens above the page, which keeps what was typed).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Provider, useQuery } from 'urql';
import i18n, { loadLanguage } from './i18n';
import { graphql, type ResultOf } from './graphql';
import { makeClient } from './lib/client';
import { type Lang, isLang, rememberLang, rememberPosition, storedLang, storedPosition } from './lib/prefs';
import { hasCode } from './lib/errors';

export const ME = graphql(`
  query Me {
    me {
      person { id username fullName positions { id unitId role title active } }
      actingPositionId
      positions { positionId unitId role permissions delegationId onBehalfOf authority country }
      mustChangePassword
      totpEnabled
      language
      preferredLanguage
    }
  }
`);

export type MeData = ResultOf<typeof ME>['me'];
export type Permission = MeData['positions'][number]['permissions'][number];

interface SessionValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  position: string | null;
  setPosition: (position: string | null) => void;
  expired: boolean;
  setExpired: (expired: boolean) => void;
  loggedInRef: React.MutableRefObject<boolean>;
  /** Forget the client's cache (after login or logout). */
  reset: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => storedLang());
  const [position, setPositionState] = useState<string | null>(() => storedPosition());
  const [expired, setExpired] = useState(false);
  const [generation, setGeneration] = useState(0);
  const loggedInRef = useRef(false);
  const usernameRef = useRef<string | undefined>(undefined);

  const setLang = useCallback((next: Lang) => {
    rememberLang(next, usernameRef.current);
    void loadLanguage(next).then(() => setLangState(next));
  }, []);
  const setPosition = useCallback((next: string | null) => {
    rememberPosition(next);
    setPositionState(next);
  }, []);

  useEffect(() => {
    void i18n.changeLanguage(lang);
    document.documentElement.lang = lang;
  }, [lang]);

  const client = useMemo(
    () =>
      makeClient({
        lang,
        position,
        onUnauthenticated: () => {
          if (loggedInRef.current) setExpired(true);
        },
      }),
    // generation: a new client (empty cache) after login/logout
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [lang, position, generation],
  );

  const value = useMemo<SessionValue>(
    () => ({
      lang,
      setLang,
      position,
      setPosition,
      expired,
      setExpired,
      loggedInRef,
      reset: () => setGeneration((g) => g + 1),
    }),
    [lang, setLang, position, setPosition, expired],
  );

  return (
    <SessionContext.Provider value={value}>
      <Provider value={client}>
        <UsernameTracker onUser={(u) => (usernameRef.current = u)} />
        {children}
      </Provider>
    </SessionContext.Provider>
  );
}

function UsernameTracker({ onUser }: { onUser: (username: string | undefined) => void }) {
  const [{ data }] = useQuery({ query: ME, requestPolicy: 'cache-only' });
  onUser(data?.me.person.username);
  return null;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The caller, once loaded; `unauthenticated` when there is no session. */
export function useMe() {
  const [result, refetch] = useQuery({ query: ME });
  const unauthenticated = hasCode(result.error, 'UNAUTHENTICATED');
  return { me: result.data?.me ?? null, fetching: result.fetching, error: result.error, unauthenticated, refetch };
}

/** The acting position's permissions. */
export function actingPermissions(me: MeData | null): Set<Permission> {
  if (!me) return new Set();
  const acting = me.positions.find((p) => p.positionId === me.actingPositionId) ?? me.positions[0];
  return new Set(acting?.permissions ?? []);
}

/**
 * Applies the language kept with the user's account (`me.preferredLanguage`, chosen on any
 * device) once they are known; before they ever chose one, the one this browser remembers
 * for them.
 */
export function usePerUserLanguage(me: MeData | null) {
  const { lang, setLang } = useSession();
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (!me || seen.current === me.person.username) return;
    seen.current = me.person.username;
    const kept = isLang(me.preferredLanguage) ? me.preferredLanguage : null;
    const own = kept ?? storedLang(me.person.username);
    if (own !== lang) setLang(own);
    else rememberLang(lang, me.person.username);
  }, [me, lang, setLang]);
}

export const CHOOSE_LANGUAGE = graphql(`
  mutation ChooseLanguage($language: Language!) { chooseLanguage(language: $language) { visible } }
`);
