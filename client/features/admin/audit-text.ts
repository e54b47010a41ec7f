import { PROVINCES } from '../../../server/domain/reference.ts';
import type { Formatter, Lang } from '../../lib/format.ts';

/**
 * The audit log in the reader's words (issue #14): event names, outcomes and the fields of an
 * entry's details. Kept here, not in the i18n dictionaries, because only the admin pages need
 * them and the dictionaries load with every page (the overview's bundle budget).
 */
type Words = Record<string, { fa: string; en: string }>;

const ACTIONS: Words = {
  'sign-in': { fa: 'ورود به سامانه', en: 'Sign-in' },
  'sign-out': { fa: 'خروج از سامانه', en: 'Sign-out' },
  lockout: { fa: 'قفل شدن حساب', en: 'Account locked' },
  export: { fa: 'دریافت فایل', en: 'File download' },
  import: { fa: 'ورود داده‌ها', en: 'Data import' },
  'import-clear': { fa: 'پاک کردن داده‌ها', en: 'Data cleared' },
  'user-add': { fa: 'افزودن کاربر', en: 'User added' },
  'user-role': { fa: 'تغییر نقش کاربر', en: 'Role changed' },
  'user-scope': { fa: 'تغییر استان‌های کاربر', en: 'Provinces changed' },
  'user-passwd': { fa: 'تغییر گذرواژه', en: 'Password changed' },
  'user-enable': { fa: 'فعال کردن کاربر', en: 'User enabled' },
  'user-disable': { fa: 'غیرفعال کردن کاربر', en: 'User disabled' },
};

const OUTCOMES: Words = {
  ok: { fa: 'انجام شد', en: 'Done' },
  denied: { fa: 'رد شد', en: 'Denied' },
  failed: { fa: 'ناموفق', en: 'Failed' },
  cancelled: { fa: 'قطع شد', en: 'Aborted' },
  rejected: { fa: 'رد شد', en: 'Rejected' },
};

const FIELDS: Words = {
  user: { fa: 'کاربر', en: 'User' },
  role: { fa: 'نقش', en: 'Role' },
  provinces: { fa: 'استان‌ها', en: 'Provinces' },
  scope: { fa: 'استان‌ها', en: 'Provinces' },
  from: { fa: 'از', en: 'From' },
  to: { fa: 'به', en: 'To' },
  by: { fa: 'به سبب', en: 'By' },
  file: { fa: 'فایل', en: 'File' },
  query: { fa: 'پارامترها', en: 'Parameters' },
  reason: { fa: 'دلیل', en: 'Reason' },
  error: { fa: 'خطا', en: 'Error' },
  status: { fa: 'کد پاسخ', en: 'Status' },
  rows: { fa: 'سطرها', en: 'Rows' },
  bytes: { fa: 'بایت', en: 'Bytes' },
};

/** Values the server writes in English that a reader should get in words. */
const VALUES: Words = {
  all: { fa: 'همه', en: 'all' },
  'unknown user': { fa: 'کاربر ناشناخته', en: 'unknown user' },
  'account disabled': { fa: 'حساب غیرفعال', en: 'account disabled' },
  'account locked': { fa: 'حساب قفل است', en: 'account locked' },
  'wrong password': { fa: 'گذرواژه نادرست', en: 'wrong password' },
  'too many failures from this address': {
    fa: 'تلاش‌های ناموفق بسیار از این نشانی',
    en: 'too many failures from this address',
  },
  'first start': { fa: 'نخستین اجرا', en: 'first start' },
  admin: { fa: 'مدیر سامانه', en: 'Administrator' },
  analyst: { fa: 'تحلیلگر', en: 'Analyst' },
  manager: { fa: 'مدیر', en: 'Manager' },
  viewer: { fa: 'بیننده', en: 'Viewer' },
};

const words = (table: Words, key: string, lang: Lang) => table[key]?.[lang] ?? key;

export const actionName = (action: string, lang: Lang) => words(ACTIONS, action, lang);
export const outcomeName = (outcome: string, lang: Lang) => words(OUTCOMES, outcome, lang);

function valueText(value: unknown, fmt: Pick<Formatter, 'locale' | 'number'>): string {
  const lang = fmt.locale.lang;
  if (Array.isArray(value))
    return value.map((v) => valueText(v, fmt)).join(lang === 'fa' ? '، ' : ', ');
  if (value === null || value === undefined) return '—';
  // Counts (rows written, errors) in the reader's digits, as every number on screen.
  if (typeof value === 'number') return fmt.number(value);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return JSON.stringify(value);
  }
  const text = String(value);
  const province = PROVINCES.find((p) => p.code === text);
  if (province) return lang === 'fa' ? province.nameFa : province.nameEn;
  return words(VALUES, text, lang);
}

/**
 * An entry's details as labelled fields («فایل: provinces.csv», «سطرها: ۱۲٬۰۰۰»), in the reader's
 * language and digits.
 */
export function detailFields(
  detail: unknown,
  fmt: Pick<Formatter, 'locale' | 'number'>,
): { key: string; label: string; value: string }[] {
  const lang = fmt.locale.lang;
  if (!detail || typeof detail !== 'object') return [];
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== '' && v !== undefined)
    .map(([key, v]) => ({
      key,
      label: words(FIELDS, key, lang),
      value: key === 'query' && typeof v === 'string' ? decodeQuery(v) : valueText(v, fmt),
    }));
}

/** A URL query as a person reads it: decoded, one «name=value» per parameter. */
function decodeQuery(query: string): string {
  return [...new URLSearchParams(query)].map(([k, v]) => `${k}=${v}`).join(' ');
}
