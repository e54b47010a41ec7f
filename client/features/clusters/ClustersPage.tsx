import { PendingPage } from '../../components/PendingPage.tsx';

/** `/clusters`: minimal until the feature lands (see PendingPage). */
export function ClustersPage() {
  return <PendingPage title="nav.clusters" />;
}
