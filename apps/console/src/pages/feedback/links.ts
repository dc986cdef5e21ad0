import { getSession } from '../../session/session';

// The public links this person opened, kept in the browser: the API gives the token only once (it
// stores only its hash), so the address to hand out lives where it was made.

export interface OpenedLink {
  nip: string;
  year: number;
  linkId: string;
  token: string;
  service: string;
}

const key = () => `kinerja.publicLinks.${getSession()?.claims.sub ?? 'anonim'}`;

export function openedLinks(nip: string, year: number): OpenedLink[] {
  try {
    const all = JSON.parse(localStorage.getItem(key()) ?? '[]') as OpenedLink[];
    return Array.isArray(all) ? all.filter((l) => l.nip === nip && l.year === year) : [];
  } catch {
    return [];
  }
}

export function rememberLink(link: OpenedLink): void {
  let all: OpenedLink[] = [];
  try {
    all = JSON.parse(localStorage.getItem(key()) ?? '[]') as OpenedLink[];
  } catch {
    all = [];
  }
  localStorage.setItem(key(), JSON.stringify([...(Array.isArray(all) ? all : []), link]));
}
