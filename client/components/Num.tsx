/**
 * A formatted number (or any value that must not reorder inside text of the other direction):
 * `<bdi>` isolates it, so «۱۲٫۳٪» or "−45" keep their order in RTL and LTR sentences alike.
 */
export function Num({ children, className }: { children: string; className?: string }) {
  return <bdi className={className ? `num ${className}` : 'num'}>{children}</bdi>;
}
