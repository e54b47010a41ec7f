import type { Permission } from '../../server/auth/roles.ts';
import type { MessageKey } from '../i18n/index.ts';

/**
 * Top-level sections (the shell's navigation; saved views name their page by it): the path, its
 * dictionary key and the permission it needs beyond viewing.
 */
export const NAV_ITEMS: { path: string; label: MessageKey; needs?: Permission }[] = [
  { path: '/', label: 'nav.overview' },
  { path: '/provinces', label: 'nav.provinces' },
  { path: '/clusters', label: 'nav.clusters' },
  { path: '/headings', label: 'nav.headings' },
  { path: '/explore', label: 'nav.explore' },
  { path: '/impact', label: 'nav.impact' },
  { path: '/plan', label: 'nav.plan' },
  { path: '/import', label: 'nav.import', needs: 'import' },
];
