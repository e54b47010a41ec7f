/** Size classes by employees, as DESIGN §4 defines them (SMEs: up to 150 employees). */
export const SIZE_CLASSES = ['micro', 'small', 'medium'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export const SIZE_BOUNDS: Record<SizeClass, { min: number; max: number }> = {
  micro: { min: 0, max: 9 },
  small: { min: 10, max: 49 },
  medium: { min: 50, max: 150 },
};

/** micro < 10, small 10–49, medium 50 and above (the SME ceiling is 150). */
export function sizeClassOf(employees: number): SizeClass {
  if (employees < 10) return 'micro';
  if (employees < 50) return 'small';
  return 'medium';
}
