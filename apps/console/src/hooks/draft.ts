import { useCallback, useEffect, useState } from 'react';
import { getSession } from '../session/session';

// Drafts of forms, kept in localStorage per signed-in user: what someone typed survives a reload, an
// expired sign-in (the sign-in page brings them back to the same form) and a refused submission.

const PREFIX = 'kinerja.draft';

export function draftKey(form: string): string {
  return `${PREFIX}.${getSession()?.claims.sub ?? 'anonim'}.${form}`;
}

export function loadDraft<T>(form: string): T | undefined {
  const raw = localStorage.getItem(draftKey(form));
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

export function saveDraft<T>(form: string, value: T): void {
  localStorage.setItem(draftKey(form), JSON.stringify(value));
}

export function clearDraft(form: string): void {
  localStorage.removeItem(draftKey(form));
}

/** State that is also the form's draft: restored when the form opens again, cleared when it is sent. */
export function useDraft<T>(form: string, initial: T): [T, (v: T | ((prev: T) => T)) => void, () => void] {
  const [value, setValue] = useState<T>(() => loadDraft<T>(form) ?? initial);
  useEffect(() => saveDraft(form, value), [form, value]);
  const clear = useCallback(() => {
    clearDraft(form);
    setValue(initial);
    // `initial` is a fresh literal on every render; the form's key says which draft this is.
  }, [form]);
  return [value, setValue, clear];
}
