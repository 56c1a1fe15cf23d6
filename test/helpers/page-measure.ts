/**
 * Measuring the dashboard as Chromium renders it: how much of the viewport the live image covers (the drawn
 * image, aspect kept, not its box), the rendered font size and WCAG contrast of every visible text, and an
 * element's share of the viewport. Colours come from getComputedStyle; text over the live image or over a
 * transparent page (the badge) is measured against both a black and a white backdrop, the worse counting.
 */
import type { Page } from 'playwright-core';
import { contrastRatio, over, parseColour, type Rgba } from '../../dashboard/src/lib/contrast.js';

export interface TextSample {
  text: string;
  /** Rendered font size, px (SVG text scaled by its drawing's scale). */
  px: number;
  /** The text's colour, then background layers from nearest to farthest, ending opaque or with 'unknown'. */
  colour: string;
  layers: string[];
  /** The text's box on the screen, px. */
  top: number;
  bottom: number;
}

export interface MeasuredText extends TextSample {
  contrast: number;
}

/** The share (0-1) of the viewport covered by the drawn image of the first visible preview canvas. */
export async function imageCoverage(page: Page): Promise<number> {
  return (await page.evaluate(`(() => {
    const c = [...document.querySelectorAll('canvas')].find((x) => x.checkVisibility() && x.getBoundingClientRect().width > 0);
    if (!c) return 0;
    const r = c.getBoundingClientRect();
    const scale = Math.min(r.width / c.width, r.height / c.height);
    return (c.width * scale * c.height * scale) / (innerWidth * innerHeight);
  })()`)) as number;
}

/** The share (0-1) of the viewport an element's box covers. */
export async function areaShare(page: Page, testId: string): Promise<number> {
  const box = await page.getByTestId(testId).first().boundingBox();
  const vp = page.viewportSize()!;
  return box ? (box.width * box.height) / (vp.width * vp.height) : 0;
}

/**
 * The in-page collector, as source text: a function passed to page.evaluate would be rewritten by the test
 * transpiler (helpers it injects do not exist in the page).
 */
const COLLECT_TEXT = `(() => {
  const out = [];
  const canvases = [...document.querySelectorAll('canvas')].filter((c) => c.checkVisibility()).map((c) => c.getBoundingClientRect());
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent || '').trim();
    const el = n.parentElement;
    if (!text || !el || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    if (el.closest('option, script, style, title')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const rect = range.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) continue;
    const cs = getComputedStyle(el);
    let px = parseFloat(cs.fontSize);
    let colour = cs.color;
    const svg = el.closest('svg');
    if (svg && el instanceof SVGElement) {
      const vb = svg.viewBox.baseVal;
      px *= vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
      colour = cs.fill.startsWith('rgb') ? cs.fill : cs.color;
    }
    const layers = [];
    for (let a = el; a; a = a.parentElement) {
      const bg = getComputedStyle(a).backgroundColor;
      const alpha = /rgba\\(.*,\\s*([\\d.]+)\\)$/.exec(bg);
      const transparent = bg === 'transparent' || (alpha !== null && Number(alpha[1]) === 0);
      const box = a.getBoundingClientRect();
      if (!transparent && alpha !== null && canvases.some((c) => overlaps(c, box))) {
        layers.push(bg, 'unknown');
        break;
      }
      if (!transparent) layers.push(bg);
      if (!transparent && alpha === null) break;
      if (!a.parentElement) layers.push('unknown');
    }
    out.push({ text: text.slice(0, 60), px: Math.round(px * 10) / 10, colour, layers, top: rect.top, bottom: rect.bottom });
  }
  return out;
})()`;

/** Every visible, non-blank text node with its rendered size and colours. */
export async function textSamples(page: Page): Promise<TextSample[]> {
  return (await page.evaluate(COLLECT_TEXT)) as TextSample[];
}

/** Contrast of a sample: its background layers composited, against black and white where unknown. */
export function contrastOf(s: TextSample): number {
  const backdrops: Rgba[] = s.layers[s.layers.length - 1] === 'unknown' ? [parseColour('#000000'), parseColour('#ffffff')] : [parseColour(s.layers[s.layers.length - 1])];
  const layers = s.layers.filter((l) => l !== 'unknown');
  const ownLayers = s.layers[s.layers.length - 1] === 'unknown' ? layers : layers.slice(0, -1);
  return Math.min(...backdrops.map((b) => {
    let bg = b;
    for (let i = ownLayers.length - 1; i >= 0; i--) bg = over(parseColour(ownLayers[i]), bg);
    return contrastRatio(over(parseColour(s.colour), bg), bg);
  }));
}

export async function measureText(page: Page): Promise<MeasuredText[]> {
  return (await textSamples(page)).map((s) => ({ ...s, contrast: Math.round(contrastOf(s) * 100) / 100 }));
}
