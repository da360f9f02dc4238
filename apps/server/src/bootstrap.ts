import { hashPassword } from './auth/password.js';
import { NewPassword } from './auth/routes.js';
import type { Database } from './db/database.js';
import { ServerError } from './http/problem.js';
import { Email, USER_COLUMNS, type UserRow, type UserView, userView } from './users/user.js';

/** Any fixed number: it names the bootstrap's advisory lock, so two bootstraps at once make one ROOT_OWNER. */
const BOOTSTRAP_LOCK = 7_340_001;

/** Creates the installation's first ROOT_OWNER; refuses once any ROOT_OWNER exists. Never an HTTP route. */
export async function bootstrapRootOwner(db: Database, email: string, password: string): Promise<UserView> {
  const parsedEmail = Email.safeParse(email);
  if (!parsedEmail.success) throw new ServerError('INVALID_INPUT', `--email ${parsedEmail.error.issues[0]?.message}.`);
  const parsedPassword = NewPassword.safeParse(password);
  if (!parsedPassword.success) {
    throw new ServerError('INVALID_INPUT', `The password ${parsedPassword.error.issues[0]?.message}.`);
  }
  const passwordHash = await hashPassword(parsedPassword.data);
  const row = await db.transaction('installation', async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
    const existing = await tx.query("select 1 from users where role = 'ROOT_OWNER' limit 1");
    if (existing.length > 0) {
      throw new ServerError('ALREADY_EXISTS', 'This installation already has a ROOT_OWNER: bootstrap runs once.');
    }
    const [created] = await tx.query<UserRow>(
      `insert into users (email, role, password_hash) values ($1, 'ROOT_OWNER', $2) returning ${USER_COLUMNS}`,
      [parsedEmail.data, passwordHash],
    );
    return created;
  });
  if (!row) throw new Error('insert returned no user');
  return userView(row);
}
