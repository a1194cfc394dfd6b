/** A usage error: the CLI prints its message as one line and exits with code 2. */
export class UsageError extends Error {}
