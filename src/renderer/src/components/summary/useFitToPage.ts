import { useLayoutEffect, useState, type RefObject } from 'react';

/** Printable height of one page shared by US Letter (279.4 mm) and A4 (297 mm), less 10 mm margins, with a little slack. */
export const PRINTABLE_HEIGHT_MM = 255;
/** Printable width shared by both (A4's 210 mm less 10 mm margins): the sheet's width on screen and on paper. */
export const PRINTABLE_WIDTH_MM = 190;
const PX_PER_MM = 96 / 25.4;

export interface PageFit {
  /** Zoom applied when printing: 1 when the sheet fits one page as it is. */
  zoom: number;
  /** Width the sheet is laid out at when printing, so that once zoomed it still spans the page. */
  widthMm: number;
}

function contentHeightMm(el: HTMLElement): number {
  const style = getComputedStyle(el);
  return (el.scrollHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)) / PX_PER_MM;
}

/**
 * How the sheet prints on one page. If it is taller than a page, it is laid out wider (fewer lines
 * wrap) and zoomed down so the wider layout spans the page width and fits its height: a search for
 * the largest zoom that fits, measured on screen (same fonts, same layout) before the browser paints.
 */
export function useFitToPage(ref: RefObject<HTMLElement | null>, deps: unknown[]): PageFit {
  const [fit, setFit] = useState<PageFit>({ zoom: 1, widthMm: PRINTABLE_WIDTH_MM });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const heightAt = (zoom: number) => {
      el.style.width = `${PRINTABLE_WIDTH_MM / zoom}mm`;
      return contentHeightMm(el);
    };
    const measure = () => {
      let best: PageFit = { zoom: 1, widthMm: PRINTABLE_WIDTH_MM };
      if (heightAt(1) > PRINTABLE_HEIGHT_MM) {
        // Fits at lo, not at hi: bisect. The first guess (height ratio at the normal width) always fits.
        let lo = PRINTABLE_HEIGHT_MM / heightAt(1);
        let hi = 1;
        for (let i = 0; i < 7; i++) {
          const mid = (lo + hi) / 2;
          if (heightAt(mid) * mid <= PRINTABLE_HEIGHT_MM) lo = mid;
          else hi = mid;
        }
        const zoom = Math.floor(lo * 1000) / 1000;
        best = { zoom, widthMm: Math.round((PRINTABLE_WIDTH_MM / zoom) * 10) / 10 };
      }
      el.style.width = '';
      setFit((f) => (f.zoom === best.zoom && f.widthMm === best.widthMm ? f : best));
    };
    measure();
    // Fonts arriving late, or a narrower window, change the layout: measure again.
    let pending = false;
    const observer = new ResizeObserver(() => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        measure();
      });
    });
    observer.observe(el);
    return () => observer.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return fit;
}
