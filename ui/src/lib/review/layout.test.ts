import { describe, expect, it } from "vitest";
import { dominantPage, layoutPages, pageAt, renderWindow, scrollToShow, visibleRange } from "./layout";

const letter = { width: 612, height: 792 };

describe("page layout and the render window", () => {
  const thousand = layoutPages(Array.from({ length: 1000 }, () => letter), 16);

  it("stacks pages with gaps", () => {
    expect(thousand.boxes[0].top).toBe(16);
    expect(thousand.boxes[1].top).toBe(16 + 792 + 16);
    expect(thousand.totalHeight).toBe(16 + 1000 * (792 + 16));
    expect(thousand.maxWidth).toBe(612);
  });

  it("renders only the pages in view and their neighbours, anywhere in a 1,000-page document", () => {
    expect(renderWindow(thousand.boxes, 0, 900, 1)).toEqual([0, 1, 2]);
    const y = thousand.boxes[500].top + 100;
    expect(visibleRange(thousand.boxes, y, 900)).toEqual([500, 501]);
    expect(renderWindow(thousand.boxes, y, 900, 1)).toEqual([499, 500, 501, 502]);
    expect(renderWindow(thousand.boxes, thousand.totalHeight - 500, 900, 2)).toEqual([997, 998, 999]);
  });

  it("keeps the current finding's page rendered wherever the view is", () => {
    expect(renderWindow(thousand.boxes, 0, 900, 1, [700])).toEqual([0, 1, 2, 700]);
  });

  it("handles mixed sizes (a landscape page) and a zero-height view", () => {
    const l = layoutPages([letter, { width: 792, height: 612 }, letter], 10);
    expect(l.maxWidth).toBe(792);
    expect(pageAt(l.boxes, l.boxes[2].top + 1)).toBe(2);
    expect(visibleRange(l.boxes, 0, 0)).toEqual([0, 0]);
    expect(visibleRange([], 0, 100)).toEqual([-1, -1]);
  });

  it("names the page that fills most of the view", () => {
    const y = thousand.boxes[10].top + 600; // 192px of page 10, then page 11
    expect(dominantPage(thousand.boxes, y, 900)).toBe(11);
  });

  it("scrolls a target a third down the view, never past the ends", () => {
    expect(scrollToShow(1000, 900, 100000)).toBe(700);
    expect(scrollToShow(10, 900, 100000)).toBe(0);
    expect(scrollToShow(99990, 900, 100000)).toBe(99100);
  });
});
