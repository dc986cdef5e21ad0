import { useSyncExternalStore } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { getSession, subscribe, type Session } from './session';

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, getSession, getSession);
}

/** The signed-in person as the API knows them today: post, supervisor, direct reports. */
export function useMe() {
  const session = useSession();
  return useQuery({
    queryKey: ['me', session?.claims.sub],
    queryFn: () => unwrap(api.GET('/api/v1/me')),
    enabled: !!session,
    staleTime: 5 * 60_000,
  });
}
