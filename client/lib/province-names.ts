import { PROVINCES } from '../../server/domain/reference.ts';
import type { Lang } from './format.ts';

/** Province codes as a readable list of names in the page language (unknown codes as given). */
export function provinceNames(
  codes: readonly string[],
  name: (record: { nameFa: string; nameEn: string }) => string,
  lang: Lang,
): string {
  return codes
    .map((code) => {
      const province = PROVINCES.find((p) => p.code === code);
      return province ? name(province) : code;
    })
    .join(lang === 'fa' ? '، ' : ', ');
}
