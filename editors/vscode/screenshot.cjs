// Drives code-server in headless Chromium (playwright-core, the system's Chromium) and writes four PNGs to
// $OUT: 1-highlighting, 2-error-as-you-type, 3-hover-article, 4-definition-in-province. Run by screenshot.sh.
"use strict";
const { chromium } = require("playwright-core");
const path = require("path");

const out = process.env.OUT;
const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function main() {
  const ctx = await chromium.launchPersistentContext(process.env.PROFILE, {
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: flags,
    viewport: { width: 1360, height: 820 },
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  failed = async () => page.screenshot({ path: path.join(out, "failed.png") });
  const shot = async (name) => {
    await page.screenshot({ path: path.join(out, name) });
    console.log(`wrote ${name}`);
  };
  const quick = async (prefix, text) => {
    await page.keyboard.press(prefix);
    await page.waitForSelector(".quick-input-widget input", { state: "visible" });
    await page.keyboard.type(text);
    if (prefix !== "Control+G") {
      await page.waitForSelector(".quick-input-list .monaco-list-row", { state: "visible", timeout: 30000 });
    }
    await page.waitForTimeout(1500);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(800);
  };
  const line = (text) => page.locator(".monaco-editor .view-line", { hasText: text }).first();
  const token = (lineText, tokenText) => line(lineText).locator("span span", { hasText: tokenText }).last();

  await page.goto(process.env.URL);
  await page.waitForSelector(".monaco-workbench", { timeout: 120000 });
  await page.waitForTimeout(4000);
  await quick("Control+P", "counties/安平县/main.jz");
  await page.waitForSelector(".monaco-editor .view-lines");
  await page.waitForTimeout(8000); // the extension activates and starts `jz lsp`

  // 1. highlighting: the county's exceptions to the province's rules
  await quick("Control+G", "44");
  await page.mouse.move(5, 5);
  await shot("1-highlighting.png");

  // 2. a mistake typed: the squiggle, and its message on hover
  await quick("Control+G", "29");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("定义 坏 = 丝网行业 且 不存在的名字");
  await page.waitForTimeout(4000);
  await token("定义 坏", "不存在的名字").hover();
  await page.waitForSelector(".monaco-hover:not(.hidden)", { state: "visible", timeout: 15000 });
  await page.waitForTimeout(1500);
  await shot("2-error-as-you-type.png");
  await page.mouse.move(5, 5);
  await quick("F1", "Revert File");
  await page.waitForTimeout(3000);

  // 3. hover on a provincial citation: the article's text from the province's source.txt
  await quick("Control+G", "36");
  await token("丝网是本县地方特色产业", "三（四）").hover();
  await page.waitForSelector(".monaco-hover:not(.hidden)", { state: "visible", timeout: 15000 });
  await page.waitForTimeout(1500);
  await shot("3-hover-article.png");
  await page.mouse.move(5, 5);

  // 4. go to definition: the province's rule the county's exception names
  await quick("Control+G", "52");
  await token("例外 战略新兴不简单停产", "战略新兴不简单停产").click();
  await page.keyboard.press("F12");
  await page.waitForSelector(".tab.active[title*='hebei'], .tab.active[aria-label*='hebei'], .tab.active >> text=main.jz", {
    timeout: 15000,
  }).catch(() => {});
  await page.waitForTimeout(3000);
  await shot("4-definition-in-province.png");
  await ctx.close();
}

let failed = async () => {};
main().catch(async (e) => {
  console.error(`error: ${e.message} (the page at that moment: ${path.join(out, "failed.png")})`);
  await failed().catch(() => {});
  process.exit(1);
});
