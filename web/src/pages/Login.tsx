import { useEffect } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import LoginForm from '../components/LoginForm';
import LanguageSwitch from '../components/LanguageSwitch';
import { useSession } from '../session';
import { rememberLang } from '../lib/prefs';

export default function Login() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { reset, setExpired, loggedInRef, lang } = useSession();
  const state = location.state as { from?: string; expired?: boolean; loggedOut?: boolean } | null;
  const loggedOut = !!state?.loggedOut;

  // Just logged out: forget the previous person's client and cache.
  useEffect(() => {
    if (loggedOut) reset();
  }, [loggedOut, reset]);

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 12, boxSizing: 'border-box' }}>
      {/* A framed panel (antd's Card would bring its tabs and skeleton into the first load). */}
      <main className="login-panel">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
          <Typography.Title level={3} style={{ margin: 0, color: '#a8071a' }}>Chancery</Typography.Title>
          <LanguageSwitch />
        </div>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {state?.expired && (
          <Typography.Paragraph type="warning" data-testid="expired-note">{t('login.expired')}</Typography.Paragraph>
        )}
        <LoginForm
          onDone={({ username }) => {
            // The language chosen on the login screen becomes this person's choice.
            rememberLang(lang, username);
            loggedInRef.current = true;
            setExpired(false);
            reset();
            // Back to the page a link led to; else the home page (what needs me).
            navigate(state?.from && state.from !== '/login' ? state.from : '/home', { replace: true });
          }}
        />
      </main>
    </div>
  );
}
