// What a data officer reads about a bad cell, in Persian and English. One entry per problem.

const FA_NUMBER = new Intl.NumberFormat('fa-IR', { useGrouping: false });

/** Persian digits for a number quoted in a Persian message (through Intl, as STYLE asks). */
function toPersianNumber(text: string): string {
  return /^\d+$/.test(text) ? FA_NUMBER.format(Number(text)) : text;
}

export type IssueCode =
  | 'unreadable'
  | 'bad_encoding'
  | 'unknown_entity'
  | 'empty_file'
  | 'missing_column'
  | 'unknown_column'
  | 'duplicate_column'
  | 'unterminated_quote'
  | 'too_many_cells'
  | 'required'
  | 'not_number'
  | 'negative'
  | 'too_large'
  | 'year_range'
  | 'bad_date_format'
  | 'bad_date'
  | 'bad_enum'
  | 'bad_bool'
  | 'unknown_province'
  | 'unknown_place'
  | 'unknown_support'
  | 'target_support_not_applicable'
  | 'unknown_sector'
  | 'unknown_park'
  | 'unknown_cluster'
  | 'unknown_unit'
  | 'unknown_heading'
  | 'unknown_reference_code'
  | 'duplicate_code'
  | 'province_mismatch'
  | 'disbursed_above_approved'
  | 'disbursed_needs_date'
  | 'disbursed_needs_amount'
  | 'disbursed_before_applied'
  | 'completed_before_identified'
  | 'clear_refused';

/** Facts a message may quote. */
export interface IssueParams {
  column?: string;
  value?: string;
  allowed?: readonly string[];
  allowedFa?: readonly string[];
  min?: number;
  max?: number;
  other?: string;
  /** `other` as a Persian message should name it, when that differs. */
  otherFa?: string;
  entity?: string;
}

type Builder = (p: IssueParams) => { fa: string; en: string };

const q = (v: string | undefined): string => `«${v ?? ''}»`;
const list = (v: readonly string[] | undefined): string => (v ?? []).join('، ');

const BUILDERS: Record<IssueCode, Builder> = {
  unreadable: (p) => ({
    fa: `فایل خوانده نشد: ${p.value ?? ''}`,
    en: `The file could not be read: ${p.value ?? ''}`,
  }),
  bad_encoding: (p) => ({
    fa: `متن فایل UTF-8 معتبر نیست (نزدیک بایت ${toPersianNumber(p.value ?? '')}). اگر با کدگذاری عربی ویندوز (Windows-1256) ذخیره شده، همان را انتخاب کنید.`,
    en: `The file is not valid UTF-8 (near byte ${p.value ?? ''}). If it was saved as Arabic Windows (Windows-1256), choose that encoding.`,
  }),
  unknown_entity: (p) => ({
    fa: `معلوم نیست این فایل یا برگه کدام الگو است. نام آن را یکی از ${list(p.allowedFa)} بگذارید یا سرستون‌های الگو را به کار ببرید.`,
    en: `Cannot tell which template this file or sheet follows. Name it one of ${list(p.allowed)} or use the template's column headers.`,
  }),
  empty_file: () => ({
    fa: 'فایل یا برگه خالی است و سطر سرستون ندارد.',
    en: 'The file or sheet is empty: it has no header row.',
  }),
  missing_column: (p) => ({
    fa: `ستون الزامی ${q(p.column)} در سطر سرستون نیست.`,
    en: `The required column "${p.column ?? ''}" is missing from the header row.`,
  }),
  unknown_column: (p) => ({
    fa: `ستون ${q(p.value)} در این الگو تعریف نشده است. ستون‌های مجاز: ${list(p.allowed)}`,
    en: `Column "${p.value ?? ''}" is not part of this template. Allowed columns: ${list(p.allowed)}`,
  }),
  duplicate_column: (p) => ({
    fa: `ستون ${q(p.column)} دو بار آمده است.`,
    en: `Column "${p.column ?? ''}" appears twice.`,
  }),
  unterminated_quote: () => ({
    fa: 'یک گیومه (") باز شده و بسته نشده است؛ ادامه فایل خوانده نشد.',
    en: 'A quoted field (") is never closed; the rest of the file could not be read.',
  }),
  too_many_cells: () => ({
    fa: 'این سطر از سطر سرستون خانه‌های بیشتری دارد (شاید جداکننده یا گیومه اشتباه است).',
    en: 'This row has more cells than the header row (a stray separator or quote?).',
  }),
  required: (p) => ({
    fa: `ستون ${q(p.column)} نباید خالی باشد.`,
    en: `"${p.column ?? ''}" must not be empty.`,
  }),
  not_number: (p) => ({
    fa: `${q(p.value)} عدد صحیح نیست.`,
    en: `"${p.value ?? ''}" is not a whole number.`,
  }),
  negative: (p) => ({
    fa: `${q(p.value)} منفی است؛ ${q(p.column)} نمی‌تواند منفی باشد.`,
    en: `"${p.value ?? ''}" is negative; ${p.column ?? ''} cannot be negative.`,
  }),
  too_large: (p) => ({
    fa: `${q(p.value)} بیش از حد بزرگ است.`,
    en: `"${p.value ?? ''}" is too large.`,
  }),
  year_range: (p) => ({
    fa: `سال ${q(p.value)} بیرون از بازه ${toPersianNumber(String(p.min))} تا ${toPersianNumber(String(p.max))} است.`,
    en: `Year "${p.value ?? ''}" is outside ${p.min ?? ''}–${p.max ?? ''}.`,
  }),
  bad_date_format: (p) => ({
    fa: `${q(p.value)} تاریخ نیست؛ به شکل ۱۴۰۲/۰۵/۱۷ بنویسید.`,
    en: `"${p.value ?? ''}" is not a date; write it as 1402/05/17.`,
  }),
  bad_date: (p) => ({
    fa: `تاریخ ${q(p.value)} وجود ندارد.`,
    en: `The date "${p.value ?? ''}" does not exist.`,
  }),
  bad_enum: (p) => ({
    fa: `${q(p.value)} برای ${q(p.column)} مجاز نیست. مقادیر مجاز: ${list(p.allowedFa)}`,
    en: `"${p.value ?? ''}" is not allowed for ${p.column ?? ''}. Allowed: ${list(p.allowed)}`,
  }),
  bad_bool: (p) => ({
    fa: `${q(p.value)} بله/خیر نیست.`,
    en: `"${p.value ?? ''}" is not yes/no.`,
  }),
  unknown_province: (p) => ({
    fa: `استان ${q(p.value)} شناخته نشد (کد ISO مانند IR-23، یا نام فارسی یا انگلیسی).`,
    en: `Unknown province "${p.value ?? ''}" (use an ISO code like IR-23, or the Persian or English name).`,
  }),
  unknown_place: (p) => ({
    fa: `استان ${q(p.value)} شناخته نشد (کد ISO مانند IR-23، نام فارسی یا انگلیسی استان، یا «کل کشور»).`,
    en: `Unknown province "${p.value ?? ''}" (use an ISO code like IR-23, the Persian or English name, or «کل کشور» for the whole country).`,
  }),
  unknown_support: (p) => ({
    fa: `${q(p.value)} نه دسته حمایت است نه سرفصل حمایت (مانند FIN یا FIN-01، یا «همه»).`,
    en: `"${p.value ?? ''}" is neither a support category nor a support heading (such as FIN or FIN-01, or «همه» for all).`,
  }),
  target_support_not_applicable: (p) => ({
    fa: `هدف ${q(p.otherFa ?? p.other)} برای همه حمایت‌ها تعریف می‌شود؛ دسته یا سرفصل حمایت ${q(p.value)} بر آن اثری ندارد. این خانه را خالی بگذارید یا «همه» بنویسید.`,
    en: `A ${p.other ?? ''} target covers all support: the support category or heading "${p.value ?? ''}" does not apply to it. Leave the cell empty or write «همه».`,
  }),
  unknown_sector: (p) => ({
    fa: `گروه صنعتی ${q(p.value)} شناخته نشد.`,
    en: `Unknown sector "${p.value ?? ''}".`,
  }),
  unknown_park: (p) => ({
    fa: `شهرکی با کد ${q(p.value)} نه در پایگاه داده هست نه در این فایل‌ها.`,
    en: `No park with code "${p.value ?? ''}" exists in the database or in these files.`,
  }),
  unknown_cluster: (p) => ({
    fa: `خوشه‌ای با کد ${q(p.value)} نه در پایگاه داده هست نه در این فایل‌ها.`,
    en: `No cluster with code "${p.value ?? ''}" exists in the database or in these files.`,
  }),
  unknown_unit: (p) => ({
    fa: `واحدی با کد ${q(p.value)} نه در پایگاه داده هست نه در این فایل‌ها.`,
    en: `No unit with code "${p.value ?? ''}" exists in the database or in these files.`,
  }),
  unknown_heading: (p) => ({
    fa: `سرفصل حمایتی ${q(p.value)} وجود ندارد.`,
    en: `No support heading "${p.value ?? ''}".`,
  }),
  unknown_reference_code: (p) => ({
    fa: `کد ${q(p.value)} در داده‌های پایه نیست؛ این فایل فقط نام‌های موجود را به‌روز می‌کند.`,
    en: `Code "${p.value ?? ''}" is not in the reference data; this file only renames existing entries.`,
  }),
  duplicate_code: (p) => ({
    fa: `${q(p.value)} تکراری است: پیش‌تر در همین ورود آمده است.`,
    en: `"${p.value ?? ''}" is a duplicate: it already appeared earlier in this import.`,
  }),
  province_mismatch: (p) => ({
    fa: `${q(p.value)} در استان ${q(p.other)} است، نه در استان این سطر.`,
    en: `"${p.value ?? ''}" is in province ${p.other ?? ''}, not in this row's province.`,
  }),
  disbursed_above_approved: (p) => ({
    fa: `مبلغ پرداختی ${q(p.value)} از مبلغ مصوب ${q(p.other)} بیشتر است.`,
    en: `The disbursed amount ${p.value ?? ''} is above the approved amount ${p.other ?? ''}.`,
  }),
  disbursed_needs_date: () => ({
    fa: 'وضعیت «پرداخت‌شده» تاریخ پرداخت می‌خواهد.',
    en: 'Status "disbursed" needs a disbursement date.',
  }),
  disbursed_needs_amount: () => ({
    fa: 'وضعیت «پرداخت‌شده» مبلغ پرداختی می‌خواهد.',
    en: 'Status "disbursed" needs a disbursed amount.',
  }),
  disbursed_before_applied: (p) => ({
    fa: `تاریخ پرداخت ${q(p.value)} پیش از تاریخ درخواست ${q(p.other)} است.`,
    en: `The disbursement date ${p.value ?? ''} is before the application date ${p.other ?? ''}.`,
  }),
  completed_before_identified: (p) => ({
    fa: `سال تکمیل ${q(p.value)} پیش از سال شناسایی ${q(p.other)} است.`,
    en: `The completion year ${p.value ?? ''} is before the year identified ${p.other ?? ''}.`,
  }),
  clear_refused: (p) => ({
    fa: `پاک کردن داده‌ها انجام نشد: ${p.value ?? ''}`,
    en: `The dataset was not cleared: ${p.value ?? ''}`,
  }),
};

/** The Persian and English message for an issue. */
export function issueMessage(code: IssueCode, params: IssueParams): { fa: string; en: string } {
  return BUILDERS[code](params);
}
