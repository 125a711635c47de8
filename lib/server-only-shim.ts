// Stand-in for the `server-only` package in Vitest and the CLI, where every module already runs on the server.
export {};
