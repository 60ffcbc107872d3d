import { join } from 'node:path';

/** The project root (views/, public/), from src/ in tests and from dist/src/ when built. */
export const PROJECT_ROOT = join(__dirname, __dirname.includes(join('dist', 'src')) ? '../..' : '..');
