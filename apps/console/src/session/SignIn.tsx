import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Container, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { ErrorNote } from '../components/ErrorNote';
import { roleLabel } from '../i18n/terms';
import { signIn, signInReason, takeReturnTo } from './session';
import { startOidcSignIn } from './oidc';

/**
 * Masuk. On the embedded default the demo users are listed by role and one click signs in as one;
 * with an identity provider the button starts the authorization-code flow with PKCE.
 */
export function SignInPage() {
  const navigate = useNavigate();
  const options = useQuery({ queryKey: ['session-options'], queryFn: () => unwrap(api.GET('/api/v1/session')) });
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');
  const expired = signInReason() === 'expired';

  async function asDemoUser(username: string) {
    setPending(username);
    setError(null);
    try {
      const r = await unwrap(api.POST('/api/v1/session/demo', { body: { username } }));
      signIn(r.token);
      navigate(takeReturnTo(), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setPending(null);
    }
  }

  async function withProvider() {
    setError(null);
    try {
      if (!options.data?.oidc) return;
      await startOidcSignIn(options.data.oidc);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK_ERROR', String(e), {}));
    }
  }

  const users = (options.data?.demoUsers ?? []).filter(
    (u) => !filter || `${u.username} ${u.name ?? ''} ${u.roles.join(' ')}`.toLowerCase().includes(filter.toLowerCase()),
  );
  return (
    <Container size="sm" py="xl" component="main">
      <Stack gap="md">
        <Title order={1}>Masuk ke kinerja</Title>
        <Text c="dimmed">Manajemen kinerja dan TPP aparatur sipil negara.</Text>
        {expired && (
          <Alert color="blue" title="Sesi berakhir">
            Sesi Anda telah berakhir. Masuk kembali untuk melanjutkan; isian yang belum terkirim tetap tersimpan.
          </Alert>
        )}
        <ErrorNote error={error ?? options.error} />
        {options.data?.mode === 'oidc' &&
          (options.data.oidc ? (
            <Button size="lg" onClick={withProvider}>
              Masuk dengan akun Pemda
            </Button>
          ) : (
            <Alert color="red" title="Masuk belum dikonfigurasi">
              Penyedia identitas belum diatur untuk konsol (AUTH_OIDC_CLIENT_ID). Hubungi admin.
            </Alert>
          ))}
        {options.data?.mode === 'development' && (
          <>
            <Text>Pengguna demo — pilih salah satu untuk masuk sesuai perannya:</Text>
            <TextInput label="Cari pengguna" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} />
            {users.length === 0 && (
              <Text c="dimmed" size="sm">
                Tidak ada pengguna demo (data demo belum dimuat, atau tidak cocok dengan pencarian).
              </Text>
            )}
            {users.map((u) => (
              <Card key={u.username} withBorder padding="sm">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <Text fw={600}>{u.name ?? u.username}</Text>
                    <Text size="sm" c="dimmed">
                      {u.username}
                      {u.nip ? ` · NIP ${u.nip}` : ''}
                    </Text>
                    <Group gap={4} mt={4}>
                      {u.roles.map((r) => (
                        <Badge key={r} variant="light" size="sm">
                          {roleLabel(r)}
                        </Badge>
                      ))}
                    </Group>
                  </div>
                  <Button
                    onClick={() => asDemoUser(u.username)}
                    loading={pending === u.username}
                    disabled={pending !== null}
                    aria-label={`Masuk sebagai ${u.username}`}
                  >
                    Masuk
                  </Button>
                </Group>
              </Card>
            ))}
          </>
        )}
      </Stack>
    </Container>
  );
}
