import { useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Box, Button, Card, Container, Stack, Text, Textarea, Title } from '@mantine/core';
import type { z } from 'zod';
import { GivePublicFeedbackBody } from '@kinerja/contracts/planning';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import { fieldError } from '../../components/ErrorNote';
import { useDraft } from '../../hooks/draft';
import { validate, withoutError, type FieldErrors } from '../../forms';
import { messageOf } from '../../i18n/errors';
import { label } from '../../i18n/terms';
import { chosenScores, emptyScores, optionalComment, SERVICE_LABEL, SERVICE_VALUES, type ScoreDraft } from './feedback';
import { ScoreScale } from './ScoreScale';

interface Draft {
  ratings: ScoreDraft;
  comment: string;
}

/** Why the public page cannot take an answer, in words a member of the public reads. */
function Refusal({ error }: { error: unknown }) {
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  const title =
    code === 'FEEDBACK_LINK_NOT_FOUND'
      ? 'Tautan ini tidak berlaku'
      : code === 'RATE_LIMITED'
        ? 'Terlalu banyak jawaban dalam waktu singkat'
        : code === 'NETWORK_ERROR'
          ? 'Tidak tersambung'
          : 'Belum berhasil';
  return (
    <Alert color="red" variant="light" title={title} role="alert" data-error-code={code}>
      <Text size="sm">{messageOf(code)}</Text>
      {code === 'RATE_LIMITED' && (
        <Text size="sm" mt={4}>
          Jawaban Anda belum terkirim dan masih tersimpan di halaman ini. Tunggu beberapa menit, lalu tekan Kirim lagi.
        </Text>
      )}
    </Alert>
  );
}

/**
 * The public feedback page: no sign-in. A member of the public rates the service of a unit 1..5 on
 * each value, with an optional comment, on a phone. Nothing about them is recorded.
 */
export function PublicFeedbackPage() {
  const { token = '' } = useParams();
  const form = useQuery({
    queryKey: ['public-feedback', token],
    queryFn: () => unwrap(api.GET('/api/v1/public-feedback/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const [draft, setDraft, clearDraft] = useDraft<Draft>(`public-feedback.${token.slice(0, 12)}`, {
    ratings: emptyScores(SERVICE_VALUES),
    comment: '',
  });
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const send = useMutation<unknown, ApiError, z.output<typeof GivePublicFeedbackBody>>({
    mutationFn: (body) => unwrap(api.POST('/api/v1/public-feedback/{token}', { params: { path: { token } }, body })),
    onSuccess: () => clearDraft(),
  });
  const values = form.data?.values ?? SERVICE_VALUES;
  const commentMax = form.data?.commentMax ?? 500;
  const submit = () => {
    const v = validate(GivePublicFeedbackBody, { ratings: chosenScores(draft.ratings, values), comment: optionalComment(draft.comment) });
    setErrors(v.errors);
    if (v.ok) send.mutate(v.value);
  };
  const errorOf = (path: string) => errors.get(path) ?? fieldError(send.error, path);

  return (
    <Box bg="gray.0" mih="100vh" py="md">
      <Container size={560} px="sm" component="main">
        <Stack gap="md">
          <div>
            <Text size="sm" fw={600} c="blue.8">
              kinerja · Survei kepuasan layanan
            </Text>
            <Title order={1} size="h2">
              Bagaimana pelayanan kami?
            </Title>
          </div>
          {form.isPending && <Text size="sm">Memuat…</Text>}
          {form.error ? <Refusal error={form.error} /> : null}
          {send.isSuccess ? (
            <Alert color="green" variant="light" title="Terima kasih!" role="status">
              <Text size="sm">
                Penilaian Anda sudah kami terima. Masukan ini membantu kami memperbaiki pelayanan. Identitas Anda tidak dicatat.
              </Text>
            </Alert>
          ) : (
            form.data && (
              <Card withBorder padding="md" radius="md">
                <Stack gap="lg">
                  <Text size="md">
                    Layanan: <strong>{form.data.service}</strong>
                  </Text>
                  <Text size="sm" c="dimmed">
                    Pilih 1 (sangat kurang) sampai 5 (sangat baik) untuk setiap hal. Tanpa nama, tanpa akun.
                  </Text>
                  {values.map((v) => (
                    <ScoreScale
                      key={v}
                      label={label(SERVICE_LABEL, v)}
                      value={draft.ratings[v] ?? null}
                      onChange={(n) => {
                        setErrors((e) => withoutError(e, `ratings.${v}`));
                        setDraft((d) => ({ ...d, ratings: { ...d.ratings, [v]: n } }));
                      }}
                      error={errorOf(`ratings.${v}`)}
                    />
                  ))}
                  <Textarea
                    label="Saran atau komentar (tidak wajib)"
                    autosize
                    minRows={3}
                    maxLength={commentMax}
                    value={draft.comment}
                    onChange={(e) => {
                      const comment = e.currentTarget.value;
                      setErrors((e) => withoutError(e, 'comment'));
                      setDraft((d) => ({ ...d, comment }));
                    }}
                    error={errorOf('comment')}
                    description={`Paling banyak ${commentMax} karakter.`}
                  />
                  {send.error ? <Refusal error={send.error} /> : null}
                  <Button onClick={submit} loading={send.isPending} size="lg" fullWidth>
                    Kirim penilaian
                  </Button>
                </Stack>
              </Card>
            )
          )}
        </Stack>
      </Container>
    </Box>
  );
}
