import type { ReactNode } from 'react';

/** A wide table that scrolls sideways on a phone; the region is focusable so a keyboard can scroll it too. */
export function ScrollTable({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
