import type { ReactNode } from 'react';

/**
 * A wide table that scrolls sideways on a phone: a region of its own that the keyboard can reach and
 * scroll (axe's scrollable-region-focusable), named for a screen reader.
 */
export function Scroll({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
