/** Runs once when the console's Next.js server starts, before it serves requests. */
export async function register(): Promise<void> {
  // The console renders mapping templates on the server (design previews, the doctor): same guard as the sandbox.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installTemplateGuard } = await import('@/lib/template-guard');
    installTemplateGuard();
  }
}
