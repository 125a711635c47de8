import { Button } from '@/components/ui/button';
import { signOutAction } from '@/lib/actions/session';

/** Who is signed in, with which role, and the sign-out button. */
export function UserMenu({ name, role, canSignOut }: { name: string; role: string; canSignOut: boolean }) {
  return (
    <div className="flex items-center gap-2 text-sm">
      <span>
        <span className="font-medium" data-testid="signed-in-user">{name}</span> <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{role}</span>
      </span>
      {canSignOut ? (
        <form action={signOutAction}>
          <Button type="submit" variant="secondary">Sign out</Button>
        </form>
      ) : null}
    </div>
  );
}
