import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  NativeSelect,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { z } from 'zod';
import { InviteFeedbackBody, OpenPublicFeedbackLinkBody } from '@kinerja/contracts/planning';
import { api, commandHeaders, unwrap } from '../../api/client';
import { Empty, Page } from '../../components/Page';
import { ErrorNote, fieldError } from '../../components/ErrorNote';
import { useCommand } from '../../hooks/command';
import { useDraft } from '../../hooks/draft';
import { validate, type FieldErrors } from '../../forms';
import { todayInJakarta } from '../../clock';
import { BEHAVIOUR_LABEL, BEHAVIOURS, label } from '../../i18n/terms';
import { useMe, useSession } from '../../session/hooks';
import { inboxQuery } from '../Inbox';
import {
  addInvitee,
  aggregateNote,
  formatAverage,
  publicLinkUrl,
  RELATION_LABEL,
  SERVICE_LABEL,
  SERVICE_VALUES,
  type Invitee,
} from './feedback';
import { openedLinks, rememberLink, type OpenedLink } from './links';

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

/** The anonymous averages, once enough have answered. */
function Aggregate({ nip, year }: { nip: string; year: number }) {
  const q = useQuery({
    queryKey: ['feedback', nip, year],
    queryFn: () => unwrap(api.GET('/api/v1/feedback/{nip}/{year}', { params: { path: { nip, year: String(year) } } })),
  });
  const a = q.data;
  return (
    <Section title="Hasil umpan balik 360" testId="feedback-aggregate">
      <ErrorNote error={q.error} title="Hasil tidak dapat dimuat" />
      {a && (
        <>
          <Group gap="xs">
            <Badge variant="light">{a.invited} diundang</Badge>
            <Badge variant="light" color={a.shown ? 'blue' : 'gray'}>
              {a.answered} menjawab
            </Badge>
          </Group>
          {a.shown && a.averages ? (
            <Stack gap={4} component="dl" m={0}>
              {BEHAVIOURS.map((v) => (
                <Group key={v} justify="space-between" wrap="nowrap">
                  <Text component="dt" size="sm">
                    {label(BEHAVIOUR_LABEL, v)}
                  </Text>
                  <Text component="dd" size="sm" fw={700} m={0}>
                    {a.averages?.[v] !== undefined ? formatAverage(a.averages[v]) : '–'}
                  </Text>
                </Group>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {aggregateNote(a.answered, a.minimum)}
            </Text>
          )}
        </>
      )}
    </Section>
  );
}

/** Invite peers and subordinates, picked from the directory. */
function Invite({ nip, year, me }: { nip: string; year: number; me: string | null }) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [list, setList, clearList] = useDraft<Invitee[]>(`feedback.invite.${nip}.${year}`, []);
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const found = useQuery({
    queryKey: ['employees', q],
    queryFn: () => unwrap(api.GET('/api/v1/employees', { params: { query: { q, pageSize: 8, page: 1 } } })),
    enabled: q.length >= 2,
  });
  const invite = useCommand(
    (body: z.output<typeof InviteFeedbackBody>, key) =>
      unwrap(
        api.POST('/api/v1/feedback/{nip}/{year}/invitations', {
          params: { path: { nip, year: String(year) } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: [['feedback', nip, year]], onSuccess: () => clearList() },
  );
  const submit = () => {
    const v = validate(InviteFeedbackBody, { invitees: list.map(({ nip: n, relation }) => ({ nip: n, relation })) });
    setErrors(v.errors);
    if (v.ok) invite.mutate(v.value);
  };
  const exclude = [nip, ...(me ? [me] : [])];
  return (
    <Section title="Undang rekan kerja dan bawahan" testId="feedback-invite">
      <TextInput
        label="Cari pegawai (nama atau NIP)"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        description="Paling sedikit 2 huruf. Yang dinilai dan Anda sendiri tidak dapat diundang."
      />
      {q.length >= 2 && (
        <Stack gap={4} aria-label="Hasil pencarian" role="list">
          {found.data?.items.length === 0 && <Empty>Tidak ada pegawai yang cocok.</Empty>}
          {found.data?.items.map((p) => (
            <Group key={p.nip} justify="space-between" wrap="nowrap" role="listitem">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" truncate>
                  {p.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {p.nip}
                </Text>
              </div>
              <Button
                size="xs"
                variant="light"
                disabled={exclude.includes(p.nip) || list.some((i) => i.nip === p.nip)}
                onClick={() => setList((l) => addInvitee(l, p, exclude))}
                aria-label={`Pilih ${p.name}`}
              >
                Pilih
              </Button>
            </Group>
          ))}
          <ErrorNote error={found.error} />
        </Stack>
      )}
      {list.length > 0 && (
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            Akan diundang ({list.length})
          </Text>
          {list.map((i, n) => (
            <Group key={i.nip} gap="xs" wrap="wrap" align="flex-end">
              <Text size="sm" style={{ flex: '1 1 160px' }}>
                {i.name}
              </Text>
              <NativeSelect
                label={`Hubungan ${i.name}`}
                size="xs"
                data={[...RELATION_LABEL].map(([value, l]) => ({ value, label: l }))}
                value={i.relation}
                onChange={(e) => {
                  const relation = e.currentTarget.value as Invitee['relation'];
                  setList((l) => l.map((x) => (x.nip === i.nip ? { ...x, relation } : x)));
                }}
                error={errors.get(`invitees.${n}.relation`)}
              />
              <Button size="xs" variant="subtle" color="red" onClick={() => setList((l) => l.filter((x) => x.nip !== i.nip))}>
                Batal {i.name}
              </Button>
            </Group>
          ))}
        </Stack>
      )}
      {errors.get('invitees') && (
        <Text size="sm" c="red.8">
          {errors.get('invitees')}
        </Text>
      )}
      <ErrorNote error={invite.error} />
      {invite.isSuccess && (
        <Text size="sm" fw={600} role="status">
          Undangan terkirim. Yang diundang melihatnya di kotak masuk mereka.
        </Text>
      )}
      <Button onClick={submit} loading={invite.isPending} disabled={list.length === 0}>
        Kirim undangan
      </Button>
    </Section>
  );
}

function LinkResults({ link }: { link: OpenedLink }) {
  const url = publicLinkUrl(location.origin, link.token);
  const results = useQuery({
    queryKey: ['public-link', link.linkId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/feedback/{nip}/{year}/public-links/{linkId}', {
          params: { path: { nip: link.nip, year: String(link.year), linkId: link.linkId } },
        }),
      ),
  });
  const close = useCommand(
    (_: void, key) =>
      unwrap(
        api.POST('/api/v1/feedback/{nip}/{year}/public-links/{linkId}/close', {
          params: { path: { nip: link.nip, year: String(link.year), linkId: link.linkId } },
          headers: commandHeaders(key),
        }),
      ),
    { invalidates: [['public-link', link.linkId]] },
  );
  const r = results.data;
  return (
    <Card withBorder padding="sm" data-testid="public-link">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text fw={600} size="sm">
          {link.service}
        </Text>
        {r && (
          <Badge variant="light" color={r.open ? 'blue' : 'gray'}>
            {r.open ? 'Terbuka' : 'Ditutup'}
          </Badge>
        )}
      </Group>
      {r?.open && (
        <Group gap="xs" wrap="nowrap" mt={4}>
          <Anchor href={url} size="xs" style={{ wordBreak: 'break-all' }} target="_blank" rel="noreferrer">
            {url}
          </Anchor>
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <ActionIcon variant="light" onClick={copy} aria-label={copied ? 'Tersalin' : 'Salin tautan'}>
                <Text size="xs">{copied ? '✓' : '⧉'}</Text>
              </ActionIcon>
            )}
          </CopyButton>
        </Group>
      )}
      <ErrorNote error={results.error} />
      {r && (
        <Stack gap={2} mt="xs">
          <Text size="sm">{r.answered} jawaban dari masyarakat</Text>
          {r.averages &&
            SERVICE_VALUES.map((v) => (
              <Group key={v} justify="space-between">
                <Text size="sm">{label(SERVICE_LABEL, v)}</Text>
                <Text size="sm" fw={700}>
                  {r.averages?.[v] !== undefined ? formatAverage(r.averages[v]) : '–'}
                </Text>
              </Group>
            ))}
          {r.comments.length > 0 && (
            <Stack gap={2} mt={4}>
              <Text size="sm" fw={600}>
                Komentar
              </Text>
              {r.comments.map((c, i) => (
                <Text key={i} size="sm" c="dimmed">
                  “{c}”
                </Text>
              ))}
            </Stack>
          )}
        </Stack>
      )}
      <ErrorNote error={close.error} />
      {r?.open && (
        <Button mt="xs" size="xs" variant="light" color="red" loading={close.isPending} onClick={() => close.mutate()}>
          Tutup tautan
        </Button>
      )}
    </Card>
  );
}

/** Public links on the service the employee's unit gives: open one, hand out its address, read its results, close it. */
function PublicLinks({ nip, year }: { nip: string; year: number }) {
  const [service, setService, clearService] = useDraft<string>(`feedback.public-link.${nip}.${year}`, '');
  const [errors, setErrors] = useState<FieldErrors>(new Map());
  const [links, setLinks] = useState(() => openedLinks(nip, year));
  const open = useCommand(
    (body: z.output<typeof OpenPublicFeedbackLinkBody>, key) =>
      unwrap(
        api.POST('/api/v1/feedback/{nip}/{year}/public-links', {
          params: { path: { nip, year: String(year) } },
          body,
          headers: commandHeaders(key),
        }),
      ),
    {
      onSuccess: (r, body) => {
        rememberLink({ nip, year, linkId: r.linkId, token: r.token, service: body.service });
        setLinks(openedLinks(nip, year));
        clearService();
      },
    },
  );
  const submit = () => {
    const v = validate(OpenPublicFeedbackLinkBody, { service });
    setErrors(v.errors);
    if (v.ok) open.mutate(v.value);
  };
  return (
    <Section title="Tautan umpan balik publik" testId="feedback-public-links">
      <Text size="sm" c="dimmed">
        Masyarakat menilai layanan tanpa akun melalui tautan ini. Alamat tautan hanya ditampilkan di peramban tempat tautan dibuat.
      </Text>
      <TextInput
        label="Nama layanan"
        placeholder="mis. Pelayanan imunisasi Puskesmas"
        value={service}
        onChange={(e) => setService(e.currentTarget.value)}
        error={errors.get('service') ?? fieldError(open.error, 'service')}
        maxLength={200}
      />
      <ErrorNote error={open.error} />
      <Button onClick={submit} loading={open.isPending} variant="light">
        Buat tautan publik
      </Button>
      {links.length === 0 ? (
        <Empty>Belum ada tautan yang dibuat di peramban ini.</Empty>
      ) : (
        links.map((l) => <LinkResults key={l.linkId} link={l} />)
      )}
    </Section>
  );
}

/** Umpan balik 360: what colleagues asked of me, and, for a rater, the 360 of each direct report. */
export function FeedbackPage() {
  const session = useSession();
  const me = useMe();
  const inbox = useQuery(inboxQuery);
  const thisYear = Number(todayInJakarta().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const team = me.data?.team ?? [];
  // ?pegawai=<nip> opens on that direct report (a link from elsewhere); else the first of the team.
  const [params, setParams] = useSearchParams();
  const asked_ = params.get('pegawai');
  const chosen = asked_ && team.some((t) => t.nip === asked_) ? asked_ : null;
  const setChosen = (nip: string | null) => setParams(nip ? { pegawai: nip } : {}, { replace: true });
  const rated = chosen ?? team[0]?.nip ?? null;
  const asked = inbox.data?.feedbackAsked ?? [];
  return (
    <Page
      title="Umpan balik 360"
      description="Penilaian perilaku kerja BerAKHLAK oleh rekan kerja dan bawahan, anonim, sebagai bahan pejabat penilai."
      loading={me.isPending}
      error={me.error}
    >
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title="Diminta dari Anda" testId="feedback-asked">
          {asked.length === 0 ? (
            <Empty>Tidak ada permintaan umpan balik yang menunggu Anda.</Empty>
          ) : (
            asked.map((f) => (
              <Anchor key={`${f.nip}-${f.year}`} component={Link} to={`/umpan-balik/beri/${f.nip}/${f.year}`} size="sm">
                Beri umpan balik untuk {f.name ?? f.nip} ({label(RELATION_LABEL, f.relation).toLowerCase()}), {f.year}
              </Anchor>
            ))
          )}
        </Section>
        <Section title="Pilih pegawai yang dinilai">
          {team.length === 0 ? (
            <Text size="sm" c="dimmed">
              Umpan balik 360 atas diri Anda diminta oleh atasan langsung Anda sebagai pejabat penilai; hasilnya hanya dilihat oleh penilai.
              Anda tidak memiliki bawahan langsung untuk dinilai.
            </Text>
          ) : (
            <>
              <Select
                label="Bawahan langsung"
                data={team.map((t) => ({ value: t.nip, label: t.name ?? t.nip }))}
                value={rated}
                onChange={setChosen}
                allowDeselect={false}
                searchable
              />
              <NativeSelect
                label="Tahun"
                data={[thisYear, thisYear - 1].map(String)}
                value={String(year)}
                onChange={(e) => setYear(Number(e.currentTarget.value))}
              />
            </>
          )}
        </Section>
      </SimpleGrid>
      {rated && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Stack gap="md">
            <Aggregate key={`${rated}-${year}`} nip={rated} year={year} />
            <PublicLinks key={`${rated}-${year}-links`} nip={rated} year={year} />
          </Stack>
          <Invite key={`${rated}-${year}-invite`} nip={rated} year={year} me={session?.claims.nip ?? null} />
        </SimpleGrid>
      )}
    </Page>
  );
}
