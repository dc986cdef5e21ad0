import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Button, Card, Stack, Text, Textarea } from '@mantine/core';
import type { z } from 'zod';
import { GiveFeedbackBody } from '@kinerja/contracts/planning';
import { api, commandHeaders, unwrap } from '../../api/client';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { Page } from '../../components/Page';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { validate, withoutError, type FieldErrors } from '../../forms';
import { BEHAVIOUR_LABEL, BEHAVIOURS, label } from '../../i18n/terms';
import { inboxQuery } from '../Inbox';
import { chosenScores, emptyScores, optionalComment, RELATION_LABEL, type ScoreDraft } from './feedback';
import { ScoreScale } from './ScoreScale';

interface Draft {
  scores: ScoreDraft;
  comment: string;
}

/** The invited answer a colleague's 360 feedback: 1..5 on each of the seven BerAKHLAK values. */
export function GiveFeedbackPage() {
  const { nip = '', year = '' } = useParams();
  const inbox = useQuery(inboxQuery);
  const asked = inbox.data?.feedbackAsked.find((f) => f.nip === nip && String(f.year) === year);
  const [draft, setDraft, clearDraft] = useDraft<Draft>(`feedback.give.${nip}.${year}`, {
    scores: emptyScores(BEHAVIOURS),
    comment: '',
  });
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const [sent, setSent] = useState(false);
  const give = useCommand(
    (body: z.output<typeof GiveFeedbackBody>, key) =>
      unwrap(
        api.POST('/api/v1/feedback/{nip}/{year}', {
          params: { path: { nip, year } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    {
      invalidates: [['inbox']],
      onSuccess: () => {
        clearDraft();
        setSent(true);
      },
    },
  );

  const submit = () => {
    const body = { scores: chosenScores(draft.scores, BEHAVIOURS), comment: optionalComment(draft.comment) };
    const v = validate(GiveFeedbackBody, body);
    setErrors(v.errors);
    if (v.ok) give.mutate(v.value);
  };
  const errorOf = (path: string) => errors.get(path) ?? fieldError(give.error, path);
  const who = asked?.name ?? nip;

  if (sent)
    return (
      <Page title="Terima kasih">
        <Alert color="green" variant="light" title="Umpan balik terkirim">
          <Text size="sm">
            Umpan balik Anda untuk {who} tahun {year} sudah tercatat. Penilai hanya melihat rata-ratanya, tidak pernah siapa yang menjawab
            apa.
          </Text>
        </Alert>
        <Anchor component={Link} to="/umpan-balik">
          Kembali ke umpan balik 360
        </Anchor>
      </Page>
    );

  return (
    <Page
      title="Beri umpan balik 360"
      description={`Untuk ${who}${asked ? ` (${label(RELATION_LABEL, asked.relation).toLowerCase()})` : ''}, tahun ${year}`}
      loading={inbox.isPending}
    >
      <Text size="sm">
        Nilailah perilaku kerja berdasarkan nilai dasar ASN BerAKHLAK, 1 (sangat kurang) sampai 5 (sangat baik). Jawaban Anda anonim:
        penilai hanya melihat rata-rata setelah paling sedikit tiga orang menjawab.
      </Text>
      <Card withBorder padding="md">
        <Stack gap="lg">
          {BEHAVIOURS.map((v) => (
            <ScoreScale
              key={v}
              label={label(BEHAVIOUR_LABEL, v)}
              value={draft.scores[v] ?? null}
              onChange={(n) => {
                setErrors((e) => withoutError(e, `scores.${v}`));
                setDraft((d) => ({ ...d, scores: { ...d.scores, [v]: n } }));
              }}
              error={errorOf(`scores.${v}`)}
            />
          ))}
          <Textarea
            label="Komentar (tidak wajib)"
            autosize
            minRows={3}
            maxLength={1000}
            value={draft.comment}
            onChange={(e) => {
              const comment = e.currentTarget.value;
              setErrors((e) => withoutError(e, 'comment'));
              setDraft((d) => ({ ...d, comment }));
            }}
            error={errorOf('comment')}
          />
          <ErrorNote error={give.error} />
          <Button onClick={submit} loading={give.isPending} size="md">
            Kirim umpan balik
          </Button>
        </Stack>
      </Card>
    </Page>
  );
}
