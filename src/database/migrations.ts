import { CreateAccounts1795873064686 } from '../../migrations/1795873064686-CreateAccounts';

/** Every migration, in order. Listed explicitly so the app, the CLI and Jest load the same files. */
export const MIGRATIONS: Function[] = [CreateAccounts1795873064686];
