import { Inject } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Clock, Instant } from '@kinerja/kernel';
import { LocalDate, localDateOf } from '@kinerja/domain/shared';
import { CLOCK, READ_DB } from './ports';

/**
 * What every handler is given whatever its area: "now" and "today" from the injected Clock (never the
 * machine time, so tests and the demo can set it) and the read models. Injected as properties so that
 * an area's base class names only the services of its own.
 */
export abstract class ApplicationHandler {
  @Inject(CLOCK) private readonly clock!: Clock;
  @Inject(READ_DB) protected readonly db!: Pool;

  protected now(): Instant {
    return this.clock.now().toISOString();
  }

  /** Today on the Pemda's calendar. */
  protected today(): LocalDate {
    return localDateOf(this.clock.now());
  }

  /** `date`, or today on the Pemda's calendar. */
  protected dateOrToday(date: LocalDate | undefined): LocalDate {
    return date ?? this.today();
  }
}
