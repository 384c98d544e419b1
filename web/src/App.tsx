import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import viVN from 'antd/locale/vi_VN';
import enUS from 'antd/locale/en_US';
import { antdLocale } from './i18n';
import { SessionProvider, useSession } from './session';
import Login from './pages/Login';

// Each screen is its own chunk: the first load carries the login page and the shell only.
const Shell = lazy(() => import('./pages/Shell'));
const Inbox = lazy(() => import('./pages/Inbox'));
const Home = lazy(() => import('./pages/Home'));
const Awaiting = lazy(() => import('./pages/Awaiting'));
const Receive = lazy(() => import('./pages/Receive'));
const DocumentPage = lazy(() => import('./pages/DocumentPage'));
const RegisterBook = lazy(() => import('./pages/RegisterBook'));
const RegisterPrint = lazy(() => import('./pages/RegisterPrint'));
const DocumentSlip = lazy(() => import('./pages/DocumentSlip'));
const Overdue = lazy(() => import('./pages/Overdue'));
const Audit = lazy(() => import('./pages/Audit'));
const AuditLog = lazy(() => import('./pages/AuditLog'));
const Search = lazy(() => import('./pages/Search'));
const Account = lazy(() => import('./pages/Account'));
const Admin = lazy(() => import('./pages/Admin'));
const NewDraft = lazy(() => import('./pages/outgoing/NewDraft'));
const OutgoingWork = lazy(() => import('./pages/outgoing/OutgoingWork'));
const OutgoingDocument = lazy(() => import('./pages/outgoing/OutgoingDocument'));
const OpinionsAsked = lazy(() => import('./pages/outgoing/OpinionsAsked'));
const OutgoingBook = lazy(() => import('./pages/outgoing/OutgoingBook'));
const OutgoingBookPrint = lazy(() => import('./pages/outgoing/OutgoingBook').then((m) => ({ default: m.OutgoingBookPrint })));



function Localised({ children }: { children: ReactNode }) {
  const { lang } = useSession();
  return (
    <ConfigProvider locale={lang === 'vi' ? viVN : lang === 'en' ? enUS : antdLocale(lang)} theme={{ token: { colorPrimary: '#a8071a', borderRadius: 4 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

const page = (node: ReactNode) => (
  <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>{node}</Suspense>
);

export default function App() {
  return (
    <SessionProvider>
      <Localised>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<Login />} />
            <Route path="/registers/:id/:year/print" element={page(<RegisterPrint />)} />
            <Route path="/documents/:id/print/:slip" element={page(<DocumentSlip />)} />
            <Route path="/outgoing/book/:id/:year/print" element={page(<OutgoingBookPrint />)} />
            <Route element={page(<Shell />)}>
              <Route index element={<Navigate to="/home" replace />} />
              <Route path="/home" element={page(<Home />)} />
              <Route path="/inbox" element={page(<Inbox />)} />
              <Route path="/inbox/:box" element={page(<Inbox />)} />
              <Route path="/awaiting" element={page(<Awaiting />)} />
              <Route path="/receive" element={page(<Receive />)} />
              <Route path="/documents/:id" element={page(<DocumentPage />)} />
              <Route path="/registers" element={page(<RegisterBook />)} />
              <Route path="/overdue" element={page(<Overdue />)} />
              <Route path="/audit" element={page(<Audit />)} />
              <Route path="/activity" element={page(<AuditLog />)} />
              <Route path="/search" element={page(<Search />)} />
              <Route path="/outgoing/new" element={page(<NewDraft />)} />
              <Route path="/outgoing/opinions" element={page(<OpinionsAsked />)} />
              <Route path="/outgoing/book" element={page(<OutgoingBook />)} />
              <Route path="/outgoing/doc/:id" element={page(<OutgoingDocument />)} />
              <Route path="/outgoing/:list" element={page(<OutgoingWork />)} />
              <Route path="/outgoing" element={<Navigate to="/outgoing/todo" replace />} />
              <Route path="/account" element={page(<Account />)} />
              <Route path="/admin/*" element={page(<Admin />)} />
              <Route path="*" element={<Navigate to="/inbox" replace />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </Localised>
    </SessionProvider>
  );
}
