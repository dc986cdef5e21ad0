import { useRef } from 'react';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from '../api/errors';

/**
 * A command sent from a form or a button. One Idempotency-Key per intent: a resend after a lost
 * answer (the network, a double tap) reuses it, so the API appends once; a success or a refusal
 * ends the intent. While it is on its way `isPending` is true and the button stays disabled.
 */
export function useCommand<V, R>(
  send: (vars: V, idempotencyKey: string) => Promise<R>,
  options: { invalidates?: QueryKey[]; onSuccess?: (r: R, v: V) => void } = {},
) {
  const key = useRef<string | null>(null);
  const client = useQueryClient();
  return useMutation<R, ApiError, V>({
    mutationFn: (vars) => {
      key.current ??= globalThis.crypto.randomUUID();
      return send(vars, key.current);
    },
    onSuccess: async (r, v) => {
      key.current = null;
      await Promise.all((options.invalidates ?? []).map((k) => client.invalidateQueries({ queryKey: k })));
      options.onSuccess?.(r, v);
    },
    onError: (e) => {
      // A coded refusal is an answer: the next try is a new intent. No answer at all keeps the key.
      if (e.status !== 0) key.current = null;
    },
  });
}
