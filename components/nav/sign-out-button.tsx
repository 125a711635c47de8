import { Button } from '@/components/ui/button';
import { signOutAction } from '@/lib/actions/session';

/** Header control shown when the console is protected by a dashboard token. */
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant="ghost" size="sm">Sign out</Button>
    </form>
  );
}
