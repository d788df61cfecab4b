/**
 * The app's Mantine theme. Readable in both schemes is decided here, once, not per component:
 * every text the app draws meets WCAG's 4.5:1 contrast (test/e2e/accessibility.test.ts checks
 * every screen in both themes with axe-core).
 *
 * - Filled colours (buttons, risk badges, roster pills) carry white text, so each colour's filled
 *   shade is the first from the scheme's primary shade on that is dark enough for it (darkened
 *   further where even shade 9 is not): white on Mantine's orange was 2.6:1, on its red 3.3:1.
 * - Coloured text (`c="red"`, `c="orange"`: a count that needs attention, "after the safe date") is
 *   each colour's darkest-needed shade on light backgrounds and a light shade on dark ones: Mantine's
 *   yellow 7 on white is 2.1:1, its red 7 on dark grey 3.5:1.
 * - "Dimmed" text is gray 7 on light and dark 1 on dark (Mantine's gray 6 / dark 2 were 3.3:1 and 4.0:1).
 * - Light variants (tinted background, coloured text: badges, pills) darken their text until it
 *   reads on its tint: Mantine's yellow 9 on yellow 1 is 2.7:1, its teal 9 on teal 1 4.3:1.
 * - Not Mantine's autoContrast: it judges the palette's own shade, not the darkened one drawn here,
 *   and would put black text on the darkened red.
 * - The page's own title is its only <h1>, drawn at the size of an h2 (Mantine's h1 is for posters).
 */
import { createTheme, darken, DEFAULT_THEME, lighten, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

/** The @mantine/charts components the app draws. */
const CHARTS = ['BarChart', 'LineChart', 'AreaChart', 'CompositeChart', 'ScatterChart', 'DonutChart', 'PieChart'];

const LIGHT_SHADE = 7;
const DARK_SHADE = 8;

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: LIGHT_SHADE, dark: DARK_SHADE },
  defaultRadius: 'sm',
  headings: { sizes: { h1: { fontSize: DEFAULT_THEME.headings.sizes.h2.fontSize, lineHeight: DEFAULT_THEME.headings.sizes.h2.lineHeight } } },
  // A chart's root carries its description (aria-label); a <div> may only be named with a role.
  // "figure": a chart is a figure, named by what it draws; its bars and points stay reachable inside.
  components: Object.fromEntries(CHARTS.map((name) => [name, { defaultProps: { role: 'figure' } }])),
});

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => p - q);
  return (y + 0.05) / (x + 0.05);
}

/** Mantine's darken/lighten return rgba(); back to #rrggbb so contrast can be measured. */
function hex(css: string): string {
  if (css.startsWith('#')) return css;
  const [r, g, b] = css.match(/[\d.]+/g)!.map(Number);
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** Some margin over 4.5:1, for the slightly tinted surfaces (papers, hovered rows) text also sits on. */
const TARGET = 4.8;

/** The first shade from `from` on (darker) with `TARGET` against `background`, or shade 9 darkened until it has. */
function darkEnough(shades: MantineColorsTuple, from: number, background: string): string {
  for (let i = from; i <= 9; i++) if (contrast(shades[i], background) >= TARGET) return shades[i];
  let c = shades[9];
  for (let k = 0.05; contrast(c, background) < TARGET && k < 1; k += 0.05) c = hex(darken(shades[9], k));
  return c;
}

/** The first shade from `from` down (lighter) with `TARGET` against `background`, or shade 0 lightened until it has. */
function lightEnough(shades: MantineColorsTuple, from: number, background: string): string {
  for (let i = from; i >= 0; i--) if (contrast(shades[i], background) >= TARGET) return shades[i];
  let c = shades[0];
  for (let k = 0.05; contrast(c, background) < TARGET && k < 1; k += 0.05) c = hex(lighten(shades[0], k));
  return c;
}

/** Filled and text colours of every palette colour, for one scheme. */
function readableColours(scheme: 'light' | 'dark'): Record<string, string> {
  const vars: Record<string, string> = {};
  // The darkest surface coloured text sits on in the dark scheme (cards, papers: dark 6), and white in the light one.
  const surface = scheme === 'light' ? '#ffffff' : DEFAULT_THEME.colors.dark[6];
  for (const [name, shades] of Object.entries(DEFAULT_THEME.colors)) {
    if (name === 'dark') continue;
    vars[`--mantine-color-${name}-filled`] = darkEnough(shades, scheme === 'light' ? LIGHT_SHADE : DARK_SHADE, '#ffffff');
    vars[`--mantine-color-${name}-text`] = scheme === 'light' ? darkEnough(shades, 6, surface) : lightEnough(shades, 4, surface);
    // The light variant's tint: shade 1 in the light scheme, shade 9 darkened by half in the dark one (Mantine's own).
    vars[`--mantine-color-${name}-light-color`] =
      scheme === 'light' ? darkEnough(shades, 9, shades[1]) : lightEnough(shades, 0, hex(darken(shades[9], 0.5)));
  }
  return vars;
}

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: { '--mantine-color-dimmed': t.colors.gray[7], ...readableColours('light') },
  dark: { '--mantine-color-dimmed': t.colors.dark[1], ...readableColours('dark') },
});
