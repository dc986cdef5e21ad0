import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './api/errors';
import { ROUTES } from './routes';

// WCAG AA contrast (4.5:1) for text: the darker blue for buttons and links, and a darker "dimmed" grey
// than Mantine's default (axe-core checks every page in test/console).
const theme = createTheme({ primaryColor: 'blue', primaryShade: { light: 8, dark: 5 }, defaultRadius: 'md' });
const variables: CSSVariablesResolver = (t) => ({
  variables: {},
  // Mantine's default error red (red.6) on white is under 4.5:1; red.9 is above it.
  // The light variants (alerts, badges) write in their colour on a pale tint of it: the default shades of
  // green, yellow, orange and red fall under 4.5:1 there, so their text is a darker shade of the same hue.
  light: {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-error': t.colors.red[9],
    // The menu's current item (a light NavLink) darkens its tint on hover: the primary's shade 9 keeps 4.5:1 there too.
    '--mantine-color-blue-light-color': t.colors.blue[9],
    '--mantine-color-green-light-color': '#1e6b2e',
    '--mantine-color-yellow-light-color': '#7a4a00',
    '--mantine-color-orange-light-color': '#8a3b00',
    '--mantine-color-red-light-color': '#a51111',
  },
  dark: {},
});

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) is an answer; only a lost answer is worth retrying.
      retry: (n, e) => n < 2 && (!(e instanceof ApiError) || e.status === 0 || e.status >= 500),
      staleTime: 15_000,
      refetchOnWindowFocus: true,
    },
  },
});

const router = createBrowserRouter(ROUTES);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={variables}>
      <QueryClientProvider client={queries}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
