import { PendingPage } from '../../components/PendingPage.tsx';

/** `/headings`: minimal until the feature lands (see PendingPage). */
export function HeadingsPage() {
  return <PendingPage title="nav.headings" />;
}
