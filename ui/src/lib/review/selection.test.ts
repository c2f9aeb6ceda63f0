import { describe, expect, it } from "vitest";
import { mergeLines, selectionToAreas } from "./selection";

const letter = { view: [0, 0, 612, 792] as [number, number, number, number], rotation: 0 };

describe("selected text to areas", () => {
  it("joins the spans of one line and keeps lines apart", () => {
    const merged = mergeLines([
      { left: 10, top: 100, right: 50, bottom: 112 },
      { left: 52, top: 101, right: 90, bottom: 112 },
      { left: 10, top: 120, right: 70, bottom: 132 },
    ]);
    expect(merged).toEqual([
      { left: 10, top: 100, right: 90, bottom: 112 },
      { left: 10, top: 120, right: 70, bottom: 132 },
    ]);
  });

  it("cuts rectangles to their page and maps them to user space at the zoom", () => {
    const pages = [
      { page: 1, box: { left: 100, top: 0, right: 100 + 1224, bottom: 1584 }, geometry: letter },
      { page: 2, box: { left: 100, top: 1600, right: 100 + 1224, bottom: 3184 }, geometry: letter },
    ];
    const areas = selectionToAreas(
      [
        { left: 244, top: 200, right: 444, bottom: 224 }, // page 1
        { left: 0, top: 300, right: 90, bottom: 320 }, // outside any page
        { left: 100, top: 1600, right: 300, bottom: 1620 }, // top of page 2
        { left: 5, top: 5, right: 5.2, bottom: 20 }, // empty
      ],
      pages,
      2,
    );
    expect(areas).toEqual([
      { page: 1, rect: [72, 680, 172, 692] },
      { page: 2, rect: [0, 782, 100, 792] },
    ]);
  });

  it("follows the page's rotation", () => {
    const rotated = { ...letter, rotation: 90 };
    const areas = selectionToAreas(
      [{ left: 0, top: 0, right: 10, bottom: 20 }],
      [{ page: 1, box: { left: 0, top: 0, right: 792, bottom: 612 }, geometry: rotated }],
      1,
    );
    // On a page turned a quarter clockwise, screen x runs up user-space y and screen y along x.
    expect(areas).toEqual([{ page: 1, rect: [0, 0, 20, 10] }]);
  });
});
