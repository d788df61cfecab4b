/** The `pgpass` package (node-postgres's own .pgpass reader, by its authors): the password of the first matching line, or undefined. */
declare module 'pgpass' {
  function pgpass(connection: { host: string; port: string | number; database: string; user: string }, done: (password?: string) => void): void;
  export default pgpass;
}
