/** Why a database could not be opened. A module of its own, free of the driver, so the CLI can recognise it without loading SQLite. */
export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code: 'FUTURE_VERSION' | 'NOT_A_DATABASE' | 'DAMAGED' | 'OPEN_FAILED',
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}
