import type { AuthContext } from './auth-context';
import { Action, can } from './permissions';

interface NavItem {
  label: string;
  href: string;
  action: Action;
  /** Sections whose issue has not landed yet are listed, not linked. */
  ready: boolean;
}

const NAV: NavItem[] = [
  { label: 'Dashboard', href: '/dashboard', action: 'dashboard.view', ready: true },
  { label: 'Offerings', href: '/offerings', action: 'offerings.view', ready: true },
  { label: 'Intake', href: '/intake', action: 'clients.view', ready: true },
  { label: 'Agreements', href: '/agreements', action: 'agreements.view', ready: true },
  { label: 'Reviews', href: '/reviews', action: 'agreements.view', ready: true },
  { label: 'Print queue', href: '/print-queue', action: 'print.manage', ready: true },
  { label: 'Outbox', href: '/outbox', action: 'clients.manage_paperwork', ready: true },
  { label: 'Team', href: '/team', action: 'team.view', ready: true },
  { label: 'Your profile', href: '/profile', action: 'clinical.author', ready: true },
  { label: 'Practice', href: '/practice', action: 'practice.manage', ready: true },
  { label: 'Security', href: '/account/security', action: 'dashboard.view', ready: true },
  { label: 'Audit trail', href: '/audit', action: 'audit.view', ready: true },
];

export function navigationFor(auth: AuthContext | undefined, path: string) {
  if (!auth) return [];
  return NAV.filter((item) => can(auth.role, item.action)).map((item) => ({
    ...item,
    current: path === item.href || path.startsWith(`${item.href}/`),
  }));
}
