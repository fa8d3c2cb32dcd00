import { createBrowserRouter, RouterProvider } from 'react-router';
import { useState } from 'react';
import { routes } from './routes.js';
import { SessionProvider } from './session/session-provider.js';

/** The router under /app (where the server serves the dashboard), inside the session of the person signed in. */
export function App() {
  const [router] = useState(() => createBrowserRouter(routes, { basename: '/app' }));
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
