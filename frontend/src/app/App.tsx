// The router: every feature's screens (app/features.ts), each behind the one role gate
// (auth/access.ts). Signed out, only the sign-in screen; signed in, the screens inside the app frame.
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { gate } from '../auth/access';
import { useAuth } from '../auth/AuthContext';
import { FeaturesProvider, type AppRoute } from '../lib/feature';
import { Loading } from '../ui';
import { FEATURES, ROUTES } from './features';
import { Layout } from './Layout';

const GUEST = ROUTES.filter((r) => r.role === 'guest');
const SIGNED_IN = ROUTES.filter((r) => r.role !== 'guest');
const SIGN_IN = `/${GUEST[0]?.path ?? 'login'}`;
const MEMBER_HOME = ROUTES.find((r) => r.memberHome);

/** A screen as the gate decides: shown, or the person is sent elsewhere, or told their role does not allow it. */
function Gate({ route }: { route: AppRoute }) {
  const { role, signedOut } = useAuth();
  const location = useLocation();
  switch (gate(route.role, role)) {
    case 'open':
      return <>{route.element}</>;
    case 'start':
      return <Navigate to="/" replace />;
    case 'sign-in':
      return <SignIn from={signedOut ? undefined : `${location.pathname}${location.search}`} />;
    case 'member-home':
      if (MEMBER_HOME) return <Navigate to={`/${MEMBER_HOME.path}`} replace />;
      break; // no feature gives members a start screen: refused, as below
    case 'refused':
      break;
  }
  return (
    <p className="state" role="alert">
      Your role does not allow this screen.
    </p>
  );
}

/** To the sign-in screen, remembering where the person was going (not after they signed out here). */
function SignIn({ from }: { from?: string }) {
  return <Navigate to={SIGN_IN} replace state={from === undefined ? undefined : { from }} />;
}

export default function App() {
  const { ready, me, signedOut } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading label="Starting Kairos…" />;
  return (
    <FeaturesProvider value={FEATURES}>
      {me ? (
        <Routes>
          {GUEST.map((r) => (
            <Route key={r.path} path={`/${r.path}`} element={<Gate route={r} />} />
          ))}
          <Route element={<Layout />}>
            {SIGNED_IN.map((r) =>
              r.path === '' ? (
                <Route key="/" index element={<Gate route={r} />} />
              ) : (
                <Route key={r.path} path={r.path} element={<Gate route={r} />} />
              ),
            )}
            <Route
              path="*"
              element={
                <p className="state">
                  This page does not exist. <a href="/">Go to the start</a>.
                </p>
              }
            />
          </Route>
        </Routes>
      ) : (
        <Routes>
          {GUEST.map((r) => (
            <Route key={r.path} path={`/${r.path}`} element={<Gate route={r} />} />
          ))}
          <Route
            path="*"
            element={<SignIn from={signedOut ? undefined : `${location.pathname}${location.search}`} />}
          />
        </Routes>
      )}
    </FeaturesProvider>
  );
}
