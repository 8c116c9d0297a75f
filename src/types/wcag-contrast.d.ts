declare module 'wcag-contrast' {
  /** Contrast ratio (1–21) between two #rrggbb colours. */
  export function hex(a: string, b: string): number;
}
