// The names of unit and grant statuses, in both languages: one definition for the list exports
// (what a manager reads in the CSV) and the import templates (what a data officer may type).

export interface StatusName {
  fa: string;
  en: string;
  /** Other Persian spellings an import accepts for the same status. */
  alsoFa?: readonly string[];
}

export const UNIT_STATUS_NAMES = {
  active: { fa: 'فعال', en: 'Active' },
  idle: { fa: 'راکد', en: 'Idle' },
  revived: { fa: 'احیاشده', en: 'Revived' },
  closed: { fa: 'تعطیل', en: 'Closed' },
} as const satisfies Record<string, StatusName>;

export const GRANT_STATUS_NAMES = {
  applied: { fa: 'درخواست‌شده', en: 'Applied' },
  approved: { fa: 'تصویب‌شده', en: 'Approved', alsoFa: ['مصوب'] },
  rejected: { fa: 'ردشده', en: 'Rejected' },
  disbursed: { fa: 'پرداخت‌شده', en: 'Disbursed' },
  cancelled: { fa: 'لغوشده', en: 'Cancelled' },
} as const satisfies Record<string, StatusName>;
