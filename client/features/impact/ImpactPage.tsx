import { PendingPage } from '../../components/PendingPage.tsx';

/** `/impact`: minimal until the feature lands (see PendingPage). */
export function ImpactPage() {
  return <PendingPage title="nav.impact" />;
}
