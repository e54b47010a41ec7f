import { PendingPage } from '../../components/PendingPage.tsx';

/** `/explore`: minimal until the feature lands (see PendingPage). */
export function ExplorePage() {
  return <PendingPage title="nav.explore" />;
}
