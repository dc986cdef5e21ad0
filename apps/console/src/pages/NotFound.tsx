import { Link } from 'react-router';
import { Anchor } from '@mantine/core';
import { Page } from '../components/Page';

export function NotFoundPage() {
  return (
    <Page title="Halaman tidak ditemukan">
      <Anchor component={Link} to="/">
        Kembali ke beranda
      </Anchor>
    </Page>
  );
}
