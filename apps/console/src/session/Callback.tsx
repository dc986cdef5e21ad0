import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Container, Loader, Stack, Text } from '@mantine/core';
import { ErrorNote } from '../components/ErrorNote';
import { finishOidcSignIn } from './oidc';
import { signIn, takeReturnTo } from './session';

/** /masuk/callback: the identity provider sends the browser back here with the code. */
export function CallbackPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const once = useRef(false);
  useEffect(() => {
    if (once.current) return;
    once.current = true;
    finishOidcSignIn(new URLSearchParams(location.search))
      .then((token) => {
        signIn(token);
        navigate(takeReturnTo(), { replace: true });
      })
      .catch(setError);
  }, [navigate]);
  return (
    <Container size="sm" py="xl" component="main">
      {error ? (
        <Stack>
          <ErrorNote error={error} title="Gagal masuk" />
          <Button onClick={() => navigate('/masuk', { replace: true })}>Kembali ke halaman masuk</Button>
        </Stack>
      ) : (
        <Stack align="center">
          <Loader role="status" aria-label="Memproses" />
          <Text>Memproses masuk…</Text>
        </Stack>
      )}
    </Container>
  );
}
