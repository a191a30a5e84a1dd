// The text pdf.js (Firefox's viewer, most web viewers) puts on the clipboard when an officer
// selects all and copies: PDFViewer.getAllText() of pdf.js's web viewer, which joins each page's
// getTextContent() items in content-stream order, a line break after an item with hasEOL, and
// the pages with a line break between them.
//
//   node benchmarks/pdfjs_copy.mjs BOOK.pdf [OUT.txt]
//
// pdfjs-dist is not part of the project: install it in a folder of its own
// (``npm install pdfjs-dist``) and point PDFJS_DIST at its package folder, e.g.
//   PDFJS_DIST=/tmp/pdfjs/node_modules/pdfjs-dist node benchmarks/pdfjs_copy.mjs book.pdf
import { readFile, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const dist = process.env.PDFJS_DIST;
const pdfjs = await import(dist ? pathToFileURL(path.join(dist, "legacy/build/pdf.mjs")).href
                                : "pdfjs-dist/legacy/build/pdf.mjs");
const [input, output] = process.argv.slice(2);
const root = dist || path.dirname(path.dirname(path.dirname(
  new URL(import.meta.resolve("pdfjs-dist/legacy/build/pdf.mjs")).pathname)));
const data = new Uint8Array(await readFile(input));
const doc = await pdfjs.getDocument({
  data, cMapUrl: path.join(root, "cmaps") + "/", cMapPacked: true,
  standardFontDataUrl: path.join(root, "standard_fonts") + "/", verbosity: 0,
}).promise;
const texts = [];
for (let number = 1; number <= doc.numPages; number++) {
  const page = await doc.getPage(number);
  const { items } = await page.getTextContent();
  const buffer = [];
  for (const item of items) {
    if (item.str) buffer.push(item.str);
    if (item.hasEOL) buffer.push("\n");
  }
  texts.push(buffer.join("").replaceAll("\x00", ""));  // removeNullCharacters
  page.cleanup();
}
const text = texts.join(process.env.PDFJS_PAGE_BREAK === "ff" ? "\n\f" : "\n");
if (output) await writeFile(output, text, "utf-8"); else process.stdout.write(text);
await doc.destroy();
