import type pg from 'pg';

/** Anything that runs a query: the pool, or one client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient | pg.Client;
