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
  light: { '--mantine-color-dimmed': t.colors.gray[7], '--mantine-color-error': t.colors.red[9] },
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
