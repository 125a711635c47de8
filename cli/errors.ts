/** An error in how the CLI was called or in a file it was given: printed as one message, exit code 2. */
export class CliError extends Error {}

/** Exit code of every CLI error (usage, unreadable or malformed input); 1 is kept for "the check found problems". */
export const CLI_ERROR_EXIT = 2;
