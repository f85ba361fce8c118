// Does the page draw real glyphs for a name, or tofu (the .notdef box)? document.fonts.check() cannot
// tell: it answers true whenever fallback is possible. So, in the page, each character is drawn on a
// canvas in the font the element is shown in, and its pixels are compared with those of U+10FFFD, a
// private-use code point no font here maps: the same pixels (or none) mean the character has no glyph.
// Without a CJK font (fonts-noto-cjk), 山, 田 and や draw as that box and the check names them.

/** Characters of `text` inside the element matched by `selector` that render as tofu (none: all drawn). */
export async function missingGlyphs(page, selector, text) {
  return page.$eval(selector, (element, text) => {
    const font = getComputedStyle(element).font.replace(/^([^0-9]*)\d+(\.\d+)?px(\/\S+)?/, "$1 48px");
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 64;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    const draw = ch => {
      ctx.clearRect(0, 0, 64, 64);
      ctx.font = font;
      ctx.textBaseline = "middle";
      ctx.fillStyle = "#000";
      ctx.fillText(ch, 4, 32);
      return Array.from(ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3));
    };
    const tofu = draw("\u{10FFFD}").join(",");
    const missing = [];
    for (const ch of new Set(Array.from(text).filter(c => /[^\s\p{P}\p{S}]/u.test(c)))) {
      const pixels = draw(ch);
      if (pixels.every(a => a === 0) || pixels.join(",") === tofu) missing.push(ch);
    }
    return missing;
  }, text);
}
